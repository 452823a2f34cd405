"""Time zones as the engine compares them: a mean UTC offset in hours."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

_REF_INSTANTS = (datetime(2025, 1, 15, 12, tzinfo=UTC), datetime(2025, 7, 15, 12, tzinfo=UTC))


@lru_cache(maxsize=1024)
def utc_offset_hours(tz_name: str) -> float | None:
    """Mean UTC offset over winter and summer (fixed dates, so results stay deterministic)."""
    if not tz_name:
        return None
    try:
        zone = ZoneInfo(tz_name)
    except (ValueError, KeyError, OSError):
        return None
    total = sum(t.astimezone(zone).utcoffset().total_seconds() for t in _REF_INSTANTS)
    return total / len(_REF_INSTANTS) / 3600
