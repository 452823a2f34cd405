"""Absolute links, for places without a request: emails, calendars, feeds.

Every absolute link the product writes starts with the one `SITE_URL` setting, so the address
people click in an email is the one the app actually serves.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def site_url(path: str = "") -> str:
    """`SITE_URL` followed by `path` (a path from `reverse`, or nothing for the home page)."""
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "peercoach"
