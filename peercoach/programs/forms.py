from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peercoach.lib.forms import Form, ModelForm
from peercoach.organisations.models import Person
from peercoach.programs.models import Format, Program


class DateInput(forms.DateInput):
    input_type = "date"


class ProgramForm(ModelForm):
    class Meta:
        model = Program
        fields = [
            "name",
            "purpose",
            "format",
            "group_size",
            "cadence",
            "starts_on",
            "ends_on",
            "leads",
            "cross_department",
            "same_department",
            "keep_reporting_lines_apart",
        ]
        widgets = {
            "starts_on": DateInput(format="%Y-%m-%d"),
            "ends_on": DateInput(format="%Y-%m-%d"),
            "leads": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["leads"].queryset = Person.objects.in_organisation(organisation).filter(
            role__in=["admin", "lead"]
        )
        self.fields["leads"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("format") == Format.PAIRS and not self.data.get("group_size"):
            cleaned["group_size"] = 2
        return cleaned

    def _post_clean(self) -> None:
        self.instance.organisation = self.organisation
        super()._post_clean()


class EnrolForm(Form):
    people = forms.ModelMultipleChoiceField(
        label=_("People to enrol"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one person.")},
    )

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = candidates


class GroupForm(Form):
    name = forms.CharField(label=_("Group name"), max_length=200)
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, enrolled, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = enrolled

    def clean_members(self):
        members = self.cleaned_data["members"]
        if len(members) < 2:
            raise forms.ValidationError(
                _("A group needs at least two members."), code="too_few_members"
            )
        return members


class AddMemberForm(Form):
    person = forms.ModelChoiceField(
        label=_("Add to this group"),
        queryset=Person.objects.none(),
        error_messages={
            "required": _("Choose who joins the group."),
            "invalid_choice": _("Choose someone enrolled in the program who is not in it yet."),
        },
    )

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates
