from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def start_of(day: date) -> datetime:
    """Midnight at the start of `day`, in the current time zone."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))
