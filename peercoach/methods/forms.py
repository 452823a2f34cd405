from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peercoach.lib.forms import Form
from peercoach.methods.models import ContributionKind, FollowUpChoice


class ContributionForm(Form):
    text = forms.CharField(
        label=_("Your question, advice or observation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    kind = forms.ChoiceField(
        label=_("This is"),
        choices=[("", _("Guess from my text"))] + ContributionKind.choices,
        required=False,
        widget=forms.RadioSelect,
        initial="",
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write something first."), code="empty")
        return text


class InsightForm(Form):
    text = forms.CharField(
        label=_("A spontaneous insight"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write something first."), code="empty")
        return text


class FollowUpForm(Form):
    choice = forms.ChoiceField(label=_("Decision"), choices=FollowUpChoice.choices)
    reason = forms.CharField(label=_("Why (needed when dropping)"), required=False, max_length=300)


class SetUpForm(Form):
    """Method and one role per member; fields `role_<person pk>` are built from the group."""

    method = forms.ModelChoiceField(label=_("Method"), queryset=None, empty_label=None)

    def __init__(self, *args, methods, members, role_choices, roles, method=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].queryset = methods
        # Read once (no COUNT first): the select is rendered from this list.
        self.fields["method"].choices = [choice for choice in self.fields["method"].choices]
        self.fields["method"].initial = method.pk if method else None
        self.members = list(members)
        for person in self.members:
            self.fields[f"role_{person.pk}"] = forms.ChoiceField(
                label=person.name, choices=role_choices, initial=roles.get(person.pk)
            )

    def role_fields(self):
        return [self[f"role_{person.pk}"] for person in self.members]

    def roles(self) -> dict[int, str]:
        return {person.pk: self.cleaned_data[f"role_{person.pk}"] for person in self.members}


class ProgramMethodForm(Form):
    method = forms.ModelChoiceField(label=_("Default method"), queryset=None, empty_label=None)

    def __init__(self, *args, methods, method=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].queryset = methods
        self.fields["method"].initial = method.pk if method else None
