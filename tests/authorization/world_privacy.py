"""The privacy views in the authorization world: the privacy page is public; each person's data
export (`privacy:export_json`, `privacy:export_html`) takes no parameter and holds only their
own data, so `test_every_view.py` checks that no role but the member and fellow ever finds the
member's sentinel in theirs (the fellow may: they gave the member feedback, and feedback they
were asked for is addressed to them).

Erasing the member (`privacy:erase`, `person_pk`) is for the organisation's admin alone (the
world's organisation does not let people erase themselves): everyone else gets 404, the outsider
too; the page shows counts, never content, and the intruder POST lacks the confirmation tick, so
even the admin's erases nothing. A program's retention period (`privacy:program_retention`) is
its leads' and admins'; participants' file leavers (`privacy:deactivate_leavers`) are the
admin's, and the world has no participant file waiting."""

from __future__ import annotations

PUBLIC_URLS = {"privacy:page"}
CONTENT_MODELS: list = []


def extend(world) -> dict[str, int]:
    return {}
