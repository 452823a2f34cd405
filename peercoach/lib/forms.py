"""Form pieces shared by several apps.

Every form of the app derives from `Form` or `ModelForm` here, so every text field it has gets a
maximum length and refuses control characters (`peercoach.lib.text`) without each form saying so.
"""

from __future__ import annotations

import re
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from peercoach.lib.ids import parse_id
from peercoach.lib.text import (
    LINE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    CleanTextValidator,
    too_long_message,
)

LIST_SEPARATORS = re.compile(r"[|,;]")


def split_list(value: str) -> list[str]:
    """Split a typed list ("presenting | Excel, SQL") into trimmed, non-empty, unique items."""
    items: list[str] = []
    for item in LIST_SEPARATORS.split(value or ""):
        item = item.strip()
        if item and item.lower() not in {existing.lower() for existing in items}:
            items.append(item)
    return items


class ListField(forms.CharField):
    """A list typed as text, items separated by |, comma or semicolon."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return " | ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            return list(value)
        return split_list(super().to_python(value))


def validate_time_zone(value: str) -> None:
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone, e.g. Europe/Amsterdam."),
            params={"value": value},
            code="unknown_time_zone",
        )


@deconstructible
class TextLengthValidator:
    """At most `limit` characters (for a list field: all items together), saying how many."""

    code = "max_length"

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, value: object) -> None:
        length = sum(map(len, value)) if isinstance(value, list | tuple) else len(str(value))
        if length > self.limit:
            raise ValidationError(too_long_message(self.limit, length), code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextLengthValidator) and other.limit == self.limit

    def __hash__(self) -> int:
        return hash(self.limit)


class _ItemsValidator:
    """Applies a text validator to a string, or to each string of a list (a `ListField`)."""

    def __init__(self, validator: CleanTextValidator) -> None:
        self.validator = validator

    def __call__(self, value: object) -> None:
        for item in value if isinstance(value, list | tuple) else [value]:
            self.validator(item)


def limit_text_fields(form: forms.BaseForm) -> None:
    """Give each text field of `form` a maximum length and the clean-text rule.

    One-line fields (inputs) refuse tabs, line breaks and bidi overrides too; multi-line fields
    (textareas) may hold tabs and line breaks. A field with a length of its own keeps it.
    """
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and field.to_field_name is None:
            field.clean = _ids_checked(field)
        if not isinstance(field, forms.CharField):
            continue
        multiline = isinstance(field.widget, forms.Textarea)
        validators = [
            v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        validators.append(_ItemsValidator(CleanTextValidator(multiline=multiline)))
        if field.max_length is None:
            field.max_length = TEXT_MAX_LENGTH if multiline else LINE_MAX_LENGTH
            validators.append(TextLengthValidator(field.max_length))
            if not multiline:
                field.widget.attrs.setdefault("maxlength", str(field.max_length))
        field.validators = validators


def _ids_checked(field: forms.ModelChoiceField):
    """The field's clean, refusing first what is no id at all ("²", a number past any key):
    looked up as is, such a value fails in the database (an OverflowError on SQLite)."""
    clean = field.clean

    def checked(value):
        values = value if isinstance(value, list | tuple) else [value]
        if any(item not in field.empty_values and parse_id(item) is None for item in values):
            code = "invalid_pk_value" if isinstance(field, forms.ModelMultipleChoiceField) else None
            if code:
                raise ValidationError(
                    field.error_messages[code], code=code, params={"pk": values[0]}
                )
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return clean(value)

    return checked


class TextLimitsMixin:
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_text_fields(self)


class Form(TextLimitsMixin, forms.Form):
    pass


class ModelForm(TextLimitsMixin, forms.ModelForm):
    pass
