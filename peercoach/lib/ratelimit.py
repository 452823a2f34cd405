"""Counting requests per key in a sliding window, in the database (shared by every process).

Used where a cache per process would let each gunicorn worker count on its own: requests for a
sign-in link per address and per client. Keys are hashed before they are stored.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from peercoach.lib.models import RateLimitHit

KEEP_AT_MOST = timedelta(days=1)


def _hashed(key: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()


def hit(key: str, limit: int, window: timedelta) -> bool:
    """Count one request for `key`; False when `limit` requests were already counted within
    `window` (the refused request is not counted, so a steady attacker does not extend it)."""
    hashed, now = _hashed(key), timezone.now()
    RateLimitHit.objects.filter(key=hashed, at__lt=now - window).delete()
    # Keys nobody asks for again would stay forever: whatever is older than any window goes.
    RateLimitHit.objects.filter(at__lt=now - max(window, KEEP_AT_MOST)).delete()
    if RateLimitHit.objects.filter(key=hashed).count() >= limit:
        return False
    RateLimitHit.objects.create(key=hashed, at=now)
    return True
