from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from peercoach.lib.forms import Form, ModelForm

from . import library_files
from .models import (
    JOURNAL_PROMPTS,
    MAX_GROWTH_AREAS,
    Feedback,
    FeedbackContext,
    FeedbackRequest,
    Goal,
    JournalEntry,
    LibraryComment,
    LibraryItem,
    Milestone,
    ProgressUpdate,
    Win,
)


class DateInput(forms.DateInput):
    input_type = "date"


def _lines(text: str) -> list[str]:
    return [line.strip(" -•*\t") for line in (text or "").splitlines() if line.strip(" -•*\t")]


class GoalForm(ModelForm):
    milestones = forms.CharField(
        label=_("or milestones (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    save_anyway = forms.BooleanField(
        label=_("Save it as it is; I will sharpen it later"), required=False
    )
    field_order = ["what", "metric", "baseline", "target", "milestones", "due_on", "why"]

    class Meta:
        model = Goal
        fields = [
            "what",
            "metric",
            "baseline",
            "target",
            "due_on",
            "why",
            "visibility",
            "session",
            "action_items",
            "activity",
        ]
        widgets = {
            "due_on": DateInput(format="%Y-%m-%d"),
            "why": forms.Textarea(attrs={"rows": 2}),
            "action_items": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, sessions, action_items, activities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["session"].queryset = sessions
        self.fields["session"].required = False
        self.fields["session"].label_from_instance = _session_label
        self.fields["action_items"].queryset = action_items
        self.fields["action_items"].label_from_instance = lambda item: item.text
        if not action_items.exists():
            del self.fields["action_items"]

    def clean_what(self) -> str:
        what = self.cleaned_data["what"].strip()
        if not what:
            raise forms.ValidationError(_("Describe what you want to achieve."), code="empty")
        return what

    def clean_milestones(self) -> list[str]:
        milestones = _lines(self.cleaned_data["milestones"])
        limit = Milestone._meta.get_field("title").max_length
        if any(len(title) > limit for title in milestones):
            raise forms.ValidationError(
                _("Keep each milestone to at most %(limit)d characters."),
                code="milestone_too_long",
                params={"limit": limit},
            )
        return milestones

    def clean(self) -> dict:
        data = super().clean()
        if data.get("baseline") is not None and data.get("target") is None:
            self.add_error("target", _("With a starting point, also give a target."))
        return data


class ProgressForm(ModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["value", "milestone", "note", "recorded_on"]
        widgets = {
            "recorded_on": DateInput(format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, goal: Goal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = goal.milestones.filter(reached_on__isnull=True)
        if not goal.milestones.exists():
            del self.fields["milestone"]
        if goal.target is None:
            del self.fields["value"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("value") is None and not data.get("milestone") and not data.get("note"):
            raise forms.ValidationError(
                _("Record a value, a milestone reached or a note."), code="empty"
            )
        return data


# With htmx, the phrasing hints under the feedback follow the typing (without, the first send).
PHRASING_HINTS = {
    "aria-describedby": "phrasing-hints",
    "hx-post": reverse_lazy("growth:phrasing_hints"),
    "hx-trigger": "keyup changed delay:500ms",
    "hx-target": "#phrasing-hints",
    "hx-include": "closest form",
}


class FeedbackForm(ModelForm):
    strengths_text = forms.CharField(
        label=_("What did they do really well? (one strength per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **PHRASING_HINTS}),
    )
    growth_text = forms.CharField(
        label=_("What could they try next time? (one or two opportunities, one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **PHRASING_HINTS}),
    )

    class Meta:
        model = Feedback
        fields = ["receiver", "context", "session"]
        labels = {"receiver": _("For whom?")}

    def __init__(self, *args, colleagues, sessions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = colleagues
        self.fields["context"].required = False
        self.fields["session"].queryset = sessions
        self.fields["session"].required = False
        self.fields["session"].label_from_instance = _session_label

    def clean_strengths_text(self) -> list[str]:
        strengths = _lines(self.cleaned_data["strengths_text"])
        if not strengths:
            raise forms.ValidationError(
                _("Start with at least one strength: what did they do really well?"),
                code="no_strength",
            )
        return strengths

    def clean_growth_text(self) -> list[str]:
        areas = _lines(self.cleaned_data["growth_text"])
        if len(areas) > MAX_GROWTH_AREAS:
            raise forms.ValidationError(
                _("Keep it to one or two growth areas; you wrote %(count)d."),
                code="too_many_growth_areas",
                params={"count": len(areas)},
            )
        return areas

    def _post_clean(self) -> None:
        # The model repeats the strengths/growth-area rule for other writers; when the fields
        # already failed, its message would only say the same thing twice.
        if "strengths_text" in self.errors or "growth_text" in self.errors:
            return
        super()._post_clean()

    def clean(self) -> dict:
        data = super().clean()
        self.instance.strengths = data.get("strengths_text") or []
        self.instance.growth_areas = data.get("growth_text") or []
        receiver, session = data.get("receiver"), data.get("session")
        if receiver and session and not session.group.memberships.filter(person=receiver).exists():
            self.add_error("session", _("They were not in that session."))
        data["context"] = self.instance.context = data.get("context") or FeedbackContext.STANDALONE
        if session and data["context"] == FeedbackContext.STANDALONE:
            data["context"] = self.instance.context = FeedbackContext.SESSION
        return data


class ReplyForm(Form):
    reply = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 2}))


class FeedbackRequestForm(ModelForm):
    class Meta:
        model = FeedbackRequest
        fields = ["recipient", "topic"]

    def __init__(self, *args, colleagues, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = colleagues


class WinForm(ModelForm):
    class Meta:
        model = Win
        fields = ["text", "goal", "on_program_wall"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"goal": _("for goal (optional)")}

    def __init__(self, *args, goals, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals
        self.fields["goal"].required = False

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write down what went well."), code="empty")
        return text


class LibraryItemForm(ModelForm):
    class Meta:
        model = LibraryItem
        fields = ["title", "url", "file", "why", "goal", "session"]
        widgets = {"why": forms.Textarea(attrs={"rows": 2})}
        labels = {"goal": _("for goal (optional)"), "session": _("for session (optional)")}

    def __init__(self, *args, goals, sessions, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["goal"].queryset = goals
        self.fields["session"].queryset = sessions
        self.fields["goal"].required = self.fields["session"].required = False

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        library_files.check_upload(self.organisation, upload)
        return upload

    def save(self, commit: bool = True) -> LibraryItem:
        item = super().save(commit=False)
        item.file_size = item.file.size if item.file else 0
        if commit:
            item.save()
        return item

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("url")) == bool(data.get("file")):
            raise forms.ValidationError(_("Give either a link or a file."), code="source")
        return data


class CommentForm(ModelForm):
    class Meta:
        model = LibraryComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class JournalForm(ModelForm):
    class Meta:
        model = JournalEntry
        fields = ["prompt", "text"]
        widgets = {
            "prompt": forms.Select(choices=[("", "—")] + [(p, p) for p in JOURNAL_PROMPTS]),
            "text": forms.Textarea(attrs={"rows": 4}),
        }


class ShareForm(Form):
    session = forms.ModelChoiceField(queryset=None, label=_("Share into session"))

    def __init__(self, *args, sessions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions


def _session_label(session) -> str:
    """A session as its group and start in the viewer's time zone (not the stored UTC)."""
    starts = date_format(timezone.localtime(session.starts_at), "j F Y, H:i")
    return f"{session.group.name} — {starts}"
