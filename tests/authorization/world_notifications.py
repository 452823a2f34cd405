"""Notifications in the authorization world: the member's calendar feed and unsubscribe link.

Both are capability URLs (no sign-in; the token is the key), so anonymous visitors get a page
there. The feed of world.member is checked like every other page: the member's own action item
holds the sentinel, and the feed must not show it to anyone, not even through the member's link.
"""

from __future__ import annotations

from peercoach.access.notifications import unsubscribe_token
from peercoach.notifications import actions
from peercoach.notifications.models import Kind

# Capability URLs: anonymous visitors holding the token are served; test_every_view.py reads
# PUBLIC_URLS from every world extension.
PUBLIC_URLS = {"notifications:feed", "notifications:unsubscribe"}


def extend(world) -> dict:
    item = world.item
    item.due_on = world.session.starts_at.date()
    item.save(update_fields=["due_on"])
    return {
        "feed_token": actions.feed_token_for(world.member).token,
        "unsubscribe_token": unsubscribe_token(world.member, Kind.SESSION_REMINDER),
    }
