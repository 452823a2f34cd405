from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peercoach.lib.forms import Form, ModelForm
from peercoach.programs.models import Program

from .models import Step, program_weeks


class StepForm(ModelForm):
    # A plain integer field: weeks out of range get our own message (clean_week), in both languages.
    week = forms.IntegerField(
        label=_("from week"),
        help_text=_("Week 1 is the week the program starts."),
        error_messages={"required": _("In which week of the program does the step open?")},
    )

    class Meta:
        model = Step
        fields = ["title", "description", "kind", "week", "activity", "library_item", "url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": _("Give the step a title.")}}

    def __init__(self, *args, program: Program, activities, library_items, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["activity"].queryset = activities
        self.fields["library_item"].queryset = library_items
        self.fields["library_item"].label_from_instance = lambda item: item.title
        self.fields["week"].widget.attrs.update(min=1, max=program_weeks(program))

    def clean_title(self) -> str:
        title = (self.cleaned_data.get("title") or "").strip()
        if not title:
            raise forms.ValidationError(_("Give the step a title."), code="empty")
        return title

    def clean_week(self) -> int:
        week = self.cleaned_data["week"]
        weeks = program_weeks(self.program)
        if week < 1:
            raise forms.ValidationError(
                _("A step starts in week 1 of the program or later."), code="too_early"
            )
        if week > weeks:
            raise forms.ValidationError(
                _("The program runs %(weeks)s weeks: choose a week from 1 to %(weeks)s."),
                params={"weeks": weeks},
                code="too_late",
            )
        return week

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("library_item") and cleaned.get("url"):
            raise forms.ValidationError(
                _("Link to an item in the library or to a web page, not both."), code="two_links"
            )
        return cleaned


class CompletionForm(Form):
    note = forms.CharField(
        label=_("Private note (only you will ever see it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
