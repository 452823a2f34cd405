from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peercoach.health.models import STATEMENTS, CommitmentAnswer
from peercoach.lib.forms import Form

AGREEMENT = [
    (1, _("not at all")),
    (2, _("a little")),
    (3, _("somewhat")),
    (4, _("largely")),
    (5, _("completely")),
]


class PulseForm(Form):
    """Three 1–5 choices as radio buttons and a note only its author reads; no JavaScript."""

    note = forms.CharField(
        label=_("A note to yourself (optional, only you read it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        note = self.fields.pop("note")
        for name, label in STATEMENTS:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=AGREEMENT,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose an answer for this statement."),
                    "invalid_choice": _("Choose a score from 1 (not at all) to 5 (completely)."),
                },
            )
        self.fields["note"] = note

    def rows(self) -> list:
        return [self[name] for name, _label in STATEMENTS]


class FitForm(Form):
    works = forms.TypedChoiceField(
        label=_("Does this match work for you?"),
        choices=[("yes", _("Yes, it works")), ("no", _("No, I would like a re-match"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )


class PauseForm(Form):
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))


class CommitmentForm(Form):
    answer = forms.ChoiceField(choices=CommitmentAnswer.choices, widget=forms.HiddenInput)


class RatherNotSearchForm(Form):
    """Find a colleague by name or email to add to one's private "rather not with" list."""

    q = forms.CharField(
        label=_("Name or email of a colleague"), min_length=2, max_length=100, strip=True
    )


RECOMMEND = [(n, str(n)) for n in range(11)]


class SurveyForm(Form):
    """0–10 as radio buttons (no JavaScript) and a text only its author reads."""

    recommend = forms.TypedChoiceField(
        label=_(
            "How likely are you to recommend this program to a colleague? (0 not at all, 10 very)"
        ),
        choices=RECOMMEND,
        coerce=int,
        widget=forms.RadioSelect,
    )
    brought = forms.CharField(
        label=_("What did it bring you? (optional, only you read it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
