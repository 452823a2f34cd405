"""The security views in the authorization world: the link that creates an account from an
address (`password_new`) is public like Django's reset link; the audit log takes no parameter
(only admins get it; `tests/audit` checks who reads what)."""

from __future__ import annotations

PUBLIC_URLS = {"password_new"}
CONTENT_MODELS: list = []


def extend(world) -> dict[str, str]:
    return {"address_token": "not-a-valid-token"}
