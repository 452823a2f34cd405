"""The privacy views in the authorization world: the privacy page is public; each person's data
export (`privacy:export_json`, `privacy:export_html`) takes no parameter and holds only their
own data, so `test_every_view.py` checks that no role but the member and fellow ever finds the
member's sentinel in theirs (the fellow may: they gave the member feedback, and feedback they
were asked for is addressed to them)."""

from __future__ import annotations

PUBLIC_URLS = {"privacy:page"}
CONTENT_MODELS: list = []


def extend(world) -> dict[str, int]:
    return {}
