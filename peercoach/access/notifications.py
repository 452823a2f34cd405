"""The links in emails that work without signing in (peercoach/notifications).

The random key in an unsubscribe or calendar-feed URL is the permission to one person's settings
or sessions (`peercoach.notifications.capabilities` hands the keys out, renews and revokes them).
Reading a key answers whose it is and whether it still works: valid, expired (also when its person
was deactivated), revoked, or an unsubscribe link of the old signed format. An unknown key is
Http404, and so is a key link opened while signed in as someone else, like any object that isn't
yours (whatever state the key is in).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.http import Http404, HttpRequest
from django.utils import timezone

from peercoach.notifications.models import CalendarFeedToken, Kind, UnsubscribeToken
from peercoach.organisations.models import Person

# The salt of the unsubscribe links before capability keys (a signature over person id and kind).
OLD_UNSUBSCRIBE_SALT = "peercoach.notifications.unsubscribe"


class LinkState(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    OLD_FORMAT = "old_format"
    UNKNOWN = "unknown"


@dataclass
class Link:
    """What a capability key in a URL stands for."""

    state: LinkState
    person: Person | None = None
    kind: str = ""
    token: UnsubscribeToken | CalendarFeedToken | None = None


def _state_of(token: UnsubscribeToken | CalendarFeedToken, now: datetime) -> LinkState:
    if token.revoked_at is not None:
        return LinkState.REVOKED
    if token.expires_at <= now or not token.person.is_active:
        return LinkState.EXPIRED
    return LinkState.VALID


def read_unsubscribe_key(key: str) -> Link:
    token = UnsubscribeToken.objects.select_related("person__organisation").filter(key=key).first()
    if token is not None:
        if token.kind not in Kind.values:
            return Link(LinkState.UNKNOWN)
        return Link(_state_of(token, timezone.now()), token.person, token.kind, token)
    if _is_old_unsubscribe_signature(key):
        return Link(LinkState.OLD_FORMAT)
    return Link(LinkState.UNKNOWN)


def _is_old_unsubscribe_signature(key: str) -> bool:
    try:
        signing.loads(key, salt=OLD_UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return False
    return True


def read_feed_key(key: str) -> Link:
    token = (
        CalendarFeedToken.objects.select_related("person__organisation").filter(token=key).first()
    )
    if token is None:
        return Link(LinkState.UNKNOWN)
    return Link(_state_of(token, timezone.now()), token.person, "", token)


def _token_owner_or_404(request: HttpRequest, link: Link) -> Link:
    if link.state is LinkState.UNKNOWN:
        raise Http404
    person = link.person
    if person is not None and request.user.is_authenticated and person.user_id != request.user.pk:
        raise Http404
    return link


def unsubscribe_link(request: HttpRequest, key: str) -> Link:
    """Whose email kind an unsubscribe key stands for and whether it works; else Http404.

    The caller answers a link that is not `VALID` with a page saying it no longer works.
    """
    return _token_owner_or_404(request, read_unsubscribe_key(key))


def feed_link(request: HttpRequest, key: str) -> Link:
    """Whose calendar a feed key opens and whether it works; else Http404."""
    return _token_owner_or_404(request, read_feed_key(key))
