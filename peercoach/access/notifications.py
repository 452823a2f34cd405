"""The links in emails that work without signing in (peercoach/notifications).

The token in an unsubscribe or calendar-feed URL is the key to one person's settings or sessions.
A token link opened while signed in as someone else answers 404, like any object that isn't yours.
"""

from __future__ import annotations

from django.core import signing
from django.http import Http404, HttpRequest

from peercoach.notifications.models import CalendarFeedToken, Kind
from peercoach.organisations.models import Person

UNSUBSCRIBE_SALT = "peercoach.notifications.unsubscribe"


def unsubscribe_token(person: Person, kind: str) -> str:
    """The key in a person's unsubscribe link for one kind of email."""
    return signing.dumps([person.pk, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        person_pk, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind not in Kind.values:
        return None
    return int(person_pk), kind


def _token_owner_or_404(request: HttpRequest, person: Person) -> None:
    if request.user.is_authenticated and person.user_id != request.user.pk:
        raise Http404


def person_to_unsubscribe(request: HttpRequest, token: str) -> tuple[Person, str]:
    """Whose email kind an unsubscribe token stands for, and which kind; else Http404."""
    found = read_unsubscribe_token(token)
    if found is None:
        raise Http404
    person = Person.objects.filter(pk=found[0]).select_related("organisation").first()
    if person is None:
        raise Http404
    _token_owner_or_404(request, person)
    return person, found[1]


def person_of_feed(request: HttpRequest, feed_token: str) -> Person:
    """Whose calendar a feed token opens (an active token of an active person); else Http404."""
    token = (
        CalendarFeedToken.objects.active()
        .select_related("person__organisation")
        .filter(token=feed_token)
        .first()
    )
    if token is None or not token.person.is_active:
        raise Http404
    _token_owner_or_404(request, token.person)
    return token.person
