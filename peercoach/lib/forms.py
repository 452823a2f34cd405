"""Form pieces shared by several apps."""

from __future__ import annotations

import re
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
