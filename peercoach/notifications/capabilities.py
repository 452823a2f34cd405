"""Capability links: URLs that work without signing in because the key in them is the permission.

Two kinds: the unsubscribe link in every email (one key per person and kind of email) and the
person's calendar feed. Both keys are random (`secrets.token_urlsafe(32)`, 256 bits) and say
nothing about whom they belong to; the person is found through the table. The keys are stored
as they are, not hashed: the preferences page shows the feed address again, and every email of
a kind carries the same current unsubscribe key. Whoever reads the table reads everything the
links would give them anyway (a schedule, email preferences).

- **Expiry.** A key stops working `CAPABILITY_TOKEN_DAYS` (90) after the last email that carried
  or renewed it. Each email carries the person's current unsubscribe key for its kind and moves
  that key's expiry forward; it also moves the person's calendar feed forward, as does opening
  the email preferences page. A link in any email younger than the period works; someone who
  gets no more email (deactivated, left) ends up with links that no longer work.
- **Revocation.** On the email preferences page a person replaces or turns off their calendar
  link and revokes the unsubscribe links of all emails sent so far (new emails carry new ones).
  `revoke_capabilities_of(person)` revokes all of a person's keys at once; deactivating someone
  calls it (`people.actions.do_save_person`, the Django admin), and so should erasure.
- **Old links.** Unsubscribe links from before these keys (a Django signature over the person's
  id and the kind, `peercoach.notifications.unsubscribe` salt) stop working at once, with no
  cut-off: they showed the internal id and could not be revoked. They answer with the same
  translated "this link no longer works" page as an expired one, which sends the person to their
  preferences. Calendar feed keys were random already: they keep working, with an expiry of
  `CAPABILITY_TOKEN_DAYS` from the day of the migration that introduced expiry.

Reading a key from a URL (whose it is, whether it still works, 404 for someone else's) is an
access rule: `peercoach.access.notifications`.

Each renewal writes only when the expiry is more than a day behind, so a busy worker does not
write a row per message.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from peercoach.notifications.models import CalendarFeedToken, UnsubscribeToken
from peercoach.organisations.models import Person

# Renew an expiry only when it would move by more than this: fewer writes, same promise give or
# take a day.
RENEW_SLACK = timedelta(days=1)


def lifetime() -> timedelta:
    return timedelta(days=settings.CAPABILITY_TOKEN_DAYS)


def _expiry(now: datetime) -> datetime:
    return now + lifetime()


def _renew(token, now: datetime) -> None:
    """Move the expiry of `token` to a full period from now (when it is more than a day behind)."""
    expires = _expiry(now)
    if token.expires_at < expires - RENEW_SLACK:
        type(token).objects.filter(pk=token.pk, revoked_at__isnull=True).update(expires_at=expires)
        token.expires_at = expires


# --- Unsubscribe links ------------------------------------------------------------------------


def unsubscribe_key_for(
    person: Person, kind: str, *, current: UnsubscribeToken | None = None
) -> str:
    """The key for the unsubscribe link of an email of `kind` to `person`, valid for a full period.

    `current` is the person's valid key for the kind when the caller already fetched it (the
    outbox does so for a whole batch).
    """
    now = timezone.now()
    if current is None:
        current = (
            UnsubscribeToken.objects.valid(now)
            .filter(person=person, kind=kind)
            .order_by("-expires_at")
            .first()
        )
    if current is None:
        current = UnsubscribeToken.objects.create(person=person, kind=kind, expires_at=_expiry(now))
    else:
        _renew(current, now)
    return current.key


def unsubscribe_tokens_for(wanted: set[tuple[int, str]]) -> dict[tuple[int, str], UnsubscribeToken]:
    """A valid unsubscribe key per (person id, kind) in `wanted`, for a batch of emails.

    One query reads the keys there are; one more creates the missing ones (the first email of a
    kind to someone), so a batch does not write a row per message.
    """
    now = timezone.now()
    found = {}
    tokens = UnsubscribeToken.objects.valid(now).filter(
        person_id__in={person_id for person_id, _kind in wanted}
    )
    for token in tokens.order_by("expires_at"):
        found[(token.person_id, token.kind)] = token  # the latest expiry wins
    missing = [
        UnsubscribeToken(person_id=person_id, kind=kind, expires_at=_expiry(now))
        for person_id, kind in sorted(wanted - set(found))
    ]
    for token in UnsubscribeToken.objects.bulk_create(missing):
        found[(token.person_id, token.kind)] = token
    return found


def revoke_unsubscribe_links(person: Person) -> int:
    """Every unsubscribe link in the emails sent to `person` so far stops working."""
    return UnsubscribeToken.objects.active().filter(person=person).update(revoked_at=timezone.now())


# --- The calendar feed ------------------------------------------------------------------------


def current_feed_token(person: Person) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.valid().filter(person=person).order_by("-expires_at").first()


def feed_token_for(person: Person) -> CalendarFeedToken:
    """The person's valid calendar link, renewed for a full period; a new one when there is none."""
    now = timezone.now()
    token = current_feed_token(person)
    if token is None:
        return CalendarFeedToken.objects.create(person=person, expires_at=_expiry(now))
    _renew(token, now)
    return token


def renew_feed_of(person_id: int, current: CalendarFeedToken | None) -> None:
    """An email to the person also keeps their calendar link alive (when they have one)."""
    if current is not None and current.person_id == person_id:
        _renew(current, timezone.now())


def valid_feed_tokens(person_ids) -> dict[int, CalendarFeedToken]:
    found = {}
    tokens = CalendarFeedToken.objects.valid().filter(person_id__in=person_ids)
    tokens = tokens.order_by("expires_at")
    for token in tokens:
        found[token.person_id] = token
    return found


@transaction.atomic
def rotate_feed_token(person: Person) -> CalendarFeedToken:
    """Revoke the person's calendar link and give them a new one."""
    revoke_feed_of(person)
    return CalendarFeedToken.objects.create(person=person, expires_at=_expiry(timezone.now()))


def revoke_feed_of(person: Person) -> int:
    return (
        CalendarFeedToken.objects.active().filter(person=person).update(revoked_at=timezone.now())
    )


# --- All of a person's links --------------------------------------------------------------------


@transaction.atomic
def revoke_capabilities_of(person: Person) -> int:
    """Every link that works without signing in for `person` stops working (deactivation, erasure).

    Returns how many keys were revoked.
    """
    return revoke_unsubscribe_links(person) + revoke_feed_of(person)
