from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from peercoach.lib.form_rendering import QuickSelect
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


class EnrolScope(models.TextChoices):
    CHOSEN = "chosen", _("The people I ticked")
    DEPARTMENT = "department", _("Everyone in a department")
    LAST_IMPORT = "last_import", _("Everyone the last import added")
    EVERYONE = "everyone", _("Everyone not enrolled yet")


class EnrolForm(Form):
    """Whom to enrol: the ticked people (of a page of search results), a department or everyone."""

    scope = forms.ChoiceField(choices=EnrolScope.choices, required=False)
    people = forms.ModelMultipleChoiceField(
        label=_("People to enrol"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    department = forms.ChoiceField(label=_("Department"), required=False, widget=QuickSelect)

    def __init__(self, *args, candidates, not_enrolled, organisation_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.not_enrolled = not_enrolled
        self.organisation_id = organisation_id
        self.fields["people"].queryset = candidates
        departments = (
            not_enrolled.exclude(department="")
            .order_by("department")
            .values_list("department", flat=True)
            .distinct()
        )
        self.fields["department"].choices = [("", _("Choose a department"))] + [
            (d, d) for d in departments
        ]

    def clean(self):
        cleaned = super().clean()
        scope = cleaned["scope"] = cleaned.get("scope") or EnrolScope.CHOSEN
        if scope == EnrolScope.CHOSEN and not cleaned.get("people"):
            raise forms.ValidationError(_("Choose at least one person."), code="required")
        if scope == EnrolScope.DEPARTMENT and not cleaned.get("department"):
            raise forms.ValidationError(_("Choose a department."), code="required")
        return cleaned

    def from_last_import(self):
        """Who of those not enrolled the organisation's latest participant import added."""
        return self.not_enrolled.from_last_import(self.organisation_id)

    def chosen_people(self):
        """Whom to enrol, as the chosen scope says."""
        scope = self.cleaned_data["scope"]
        if scope == EnrolScope.DEPARTMENT:
            return self.not_enrolled.filter(department=self.cleaned_data["department"])
        if scope == EnrolScope.LAST_IMPORT:
            return self.from_last_import()
        if scope == EnrolScope.EVERYONE:
            return self.not_enrolled
        return self.cleaned_data["people"]


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
