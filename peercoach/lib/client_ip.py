"""The address a request came from, for sign-in lockouts, request limits and the audit log."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest | None) -> str:
    """REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front the address the outermost of
    them saw: counted from the right of X-Forwarded-For, since a client writes anything it
    likes on the left."""
    if request is None:
        return ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies:
            found = _valid(forwarded[-proxies])
            if found:
                return found
    return _valid(request.META.get("REMOTE_ADDR", ""))
