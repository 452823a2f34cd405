from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peercoach.lib.forms import Form, ModelForm

from .models import Statement

SCALE = [
    (1, _("never")),
    (2, _("rarely")),
    (3, _("sometimes")),
    (4, _("often")),
    (5, _("always")),
]


class StatementForm(ModelForm):
    class Meta:
        model = Statement
        fields = ["text_nl", "text_en"]
        error_messages = {
            "text_nl": {"required": _("Write the statement in Dutch.")},
            "text_en": {"required": _("Write the statement in English.")},
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        for field in ("text_nl", "text_en"):
            if field in cleaned:
                cleaned[field] = cleaned[field].strip()
        return cleaned


class AssessmentForm(Form):
    """One required 1–5 choice per statement, as radio buttons; works without JavaScript."""

    def __init__(self, *args, statements: list[Statement], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.statements = statements
        for statement in statements:
            self.fields[self.field_name(statement)] = forms.TypedChoiceField(
                label=statement.text,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose an answer for this statement."),
                    "invalid_choice": _("Choose a score from 1 (never) to 5 (always)."),
                },
            )

    @staticmethod
    def field_name(statement: Statement) -> str:
        return f"statement_{statement.pk}"

    def scores(self) -> dict[int, int]:
        return {
            statement.pk: self.cleaned_data[self.field_name(statement)]
            for statement in self.statements
        }

    def rows(self) -> list:
        """(statement, bound field) pairs for the template."""
        return [(statement, self[self.field_name(statement)]) for statement in self.statements]
