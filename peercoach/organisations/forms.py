from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peercoach.lib.forms import ListField, ModelForm, validate_time_zone
from peercoach.organisations.models import Organisation, Person

LANGUAGE_CODE_LENGTH = 2


class LanguageCodesMixin:
    """Coaching languages as two-letter codes; the organisation's language when left empty."""

    organisation: Organisation

    def clean_languages(self) -> list[str]:
        codes = [code.lower() for code in self.cleaned_data["languages"]]
        for code in codes:
            if len(code) != LANGUAGE_CODE_LENGTH or not code.isalpha():
                raise forms.ValidationError(
                    _("“%(code)s” is not a two-letter language code such as nl or en."),
                    params={"code": code},
                    code="bad_language",
                )
        return codes or [self.organisation.default_language]


class ProfileForm(LanguageCodesMixin, ModelForm):
    """What a participant tells about themselves: it steers matching and their emails."""

    languages = ListField(
        label=_("Languages you can coach in"),
        required=False,
        help_text=_("Two-letter codes separated by commas, e.g. nl, en."),
    )
    skills_offered = ListField(
        label=_("What you could help a colleague with"),
        required=False,
        help_text=_("Separate items with commas, e.g. presenting, planning, Excel."),
    )
    skills_wanted = ListField(
        label=_("What you would like to get better at"),
        required=False,
        help_text=_("Separate items with commas, e.g. giving feedback, saying no."),
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        required=False,
        validators=[validate_time_zone],
        help_text=_(
            "Session times in emails and calendars are shown in it, e.g. Europe/Amsterdam."
        ),
    )

    class Meta:
        model = Person
        fields = [
            "preferred_language",
            "time_zone",
            "languages",
            "skills_offered",
            "skills_wanted",
            "experience_years",
            "role_preference",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = self.instance.organisation


class PersonForm(LanguageCodesMixin, ModelForm):
    languages = ListField(
        label=_("Coaching languages"),
        required=False,
        help_text=_("Language codes separated by |, e.g. nl | en."),
    )
    skills_offered = ListField(
        label=_("Skills offered"), required=False, help_text=_("Separate items with |.")
    )
    skills_wanted = ListField(
        label=_("Skills wanted"), required=False, help_text=_("Separate items with |.")
    )
    time_zone = forms.CharField(
        label=_("Time zone"), required=False, validators=[validate_time_zone]
    )

    class Meta:
        model = Person
        fields = [
            "name",
            "email",
            "role",
            "department",
            "job_title",
            "manager",
            "languages",
            "preferred_language",
            "time_zone",
            "skills_offered",
            "skills_wanted",
            "experience_years",
            "role_preference",
            "is_active",
        ]

    def __init__(self, *args, organisation: Organisation, editor: Person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        if not editor.is_admin:
            # Roles and who is active are for admins; a posted value is not even read.
            del self.fields["role"]
            del self.fields["is_active"]
        elif not self.instance.pk:
            del self.fields["is_active"]  # someone added is active
        managers = Person.objects.in_organisation(organisation)
        if self.instance.pk:
            managers = managers.exclude(pk=self.instance.pk)
        self.fields["manager"].queryset = managers

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        taken = Person.objects.in_organisation(self.organisation).filter(email=email)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Someone in this organisation already has this email address."),
                code="duplicate_email",
            )
        return email

    def clean_manager(self) -> Person | None:
        manager = self.cleaned_data.get("manager")
        if manager and self.instance.pk:
            seen = {self.instance.pk}
            boss = manager
            while boss is not None:
                if boss.pk in seen:
                    raise forms.ValidationError(
                        _("This reporting line would loop back to this person."),
                        code="reporting_loop",
                    )
                seen.add(boss.pk)
                boss = boss.manager
        return manager

    def save(self, commit: bool = True) -> Person:
        person = super().save(commit=False)
        person.organisation = self.organisation
        if commit:
            person.save()
        return person


class OrganisationSettingsForm(forms.ModelForm):
    """What an organisation's admin changes without the Django admin."""

    time_zone = forms.CharField(
        label=_("Time zone"),
        validators=[validate_time_zone],
        help_text=_("For everyone who has not chosen their own, e.g. Europe/Amsterdam."),
    )

    class Meta:
        model = Organisation
        fields = ["name", "default_language", "time_zone"]
        help_texts = {
            "default_language": _("For everyone who has not chosen their own interface language."),
        }
