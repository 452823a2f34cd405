"""Absolute links, for places without a request: emails, calendars, feeds.

Every absolute link the product writes starts with the one `SITE_URL` setting, so the address
people click in an email is the one the app actually serves.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse


def site_url(path: str = "") -> str:
    """`SITE_URL` followed by `path` (a path from `reverse`, or nothing for the home page)."""
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "peercoach"


def path_before_id(view_name: str) -> str:
    """The path of `view_name`, whose URL ends in an object's id, up to that id: a table of
    fifty rows writes `f"{prefix}{pk}/"` instead of reversing the URL fifty times."""
    before, after = path_around_id(view_name)
    if after != "/":
        raise ValueError(f"{view_name} does not end in an id: {before}0{after}")
    return before


def path_around_id(view_name: str) -> tuple[str, str]:
    """The path of `view_name`, which holds one object's id, as what comes before the id and
    after it: `f"{before}{pk}{after}"` for each row of a table."""
    path = reverse(view_name, args=[0])
    if path.count("/0/") != 1:
        raise ValueError(f"{view_name} does not hold one id: {path}")
    before, after = path.split("/0/")
    return f"{before}/", f"/{after}"
