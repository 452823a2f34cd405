"""Joining by link in the authorization world: the program has an open join link, and a
confirmation was mailed for the member's address.

Both are capability URLs (the token is the key), so anonymous visitors get a page there; someone
signed in without a membership in the program's organisation (the outsider) gets a 404 page, and
a confirmation opened while signed in to another account too. The lead's buttons that open and
withdraw the link are checked like every program page; that no outsider opens, withdraws or
replaces it is tests/programs/test_join_by_link.py's.
"""

from __future__ import annotations

from django.core import signing

from peercoach.running import joining

PUBLIC_URLS = {"join", "join_confirm"}


def extend(world) -> dict:
    link = joining.do_open_link(world.program, by=world.lead, domains=[])
    confirm = signing.dumps(
        {"l": link.pk, "e": world.member.email, "n": world.member.name, "id": "world"},
        salt=joining.CONFIRM_SALT,
        compress=True,
    )
    return {"join_token": joining.token_of(link), "confirm_token": confirm}
