from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peercoach.coaching.models import ActionItem, CoachingSession, Entry, Section
from peercoach.lib.forms import ModelForm
from peercoach.organisations.models import Person


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class DateInput(forms.DateInput):
    input_type = "date"


class SessionForm(ModelForm):
    class Meta:
        model = CoachingSession
        fields = ["starts_at", "duration_minutes", "location", "video_url"]
        widgets = {"starts_at": DateTimeInput(format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duration_minutes"].min_value = 15
        self.fields["duration_minutes"].max_value = 480
        self.fields["duration_minutes"].widget.attrs.update({"min": 15, "max": 480})

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at.year < 2000 or starts_at.year > 2100:
            raise forms.ValidationError(_("Choose a date between 2000 and 2100."), code="date")
        return starts_at

    def clean_duration_minutes(self) -> int:
        minutes = self.cleaned_data["duration_minutes"]
        if not 15 <= minutes <= 480:
            raise forms.ValidationError(
                _("A session lasts between 15 minutes and 8 hours."), code="duration"
            )
        return minutes


class SessionEditForm(SessionForm):
    """Rescheduling: carries the version the member saw, so a concurrent change is noticed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version


class EntryForm(ModelForm):
    class Meta:
        model = Entry
        fields = ["section", "text"]
        widgets = {"section": forms.HiddenInput, "text": forms.Textarea(attrs={"rows": 2})}

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write something first."), code="empty")
        return text

    def clean_section(self) -> str:
        section = self.cleaned_data["section"]
        if section not in Section.values:
            raise forms.ValidationError(_("Unknown agenda section."), code="section")
        return section


class ActionItemForm(ModelForm):
    class Meta:
        model = ActionItem
        fields = ["text", "owner", "due_on"]
        widgets = {"due_on": DateInput(format="%Y-%m-%d")}
        labels = {"owner": _("Who")}

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members
        self.fields["owner"].empty_label = None
        # Read once: the select is rendered from this list, the queryset only validates.
        self.fields["owner"].choices = [choice for choice in self.fields["owner"].choices]

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Describe the action."), code="empty")
        return text


def members_of(session: CoachingSession):
    """The people of the session's group who take part (a leaver is not offered)."""
    return Person.objects.filter(group_memberships__group_id=session.group_id, is_active=True)


class NewSessionForm(SessionForm):
    repeat = forms.IntegerField(
        label=_("Number of sessions"),
        min_value=1,
        max_value=26,
        initial=1,
        required=False,
        help_text=_("More than one schedules a series on the program's cadence."),
    )

    class Meta(SessionForm.Meta):
        pass

    def clean_repeat(self) -> int:
        return self.cleaned_data["repeat"] or 1
