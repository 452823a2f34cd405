"""Capability links (unsubscribe, calendar feed): opaque, revocable, and expiring unless renewed.

Every test receives real email over SMTP (tests/conftest.py), takes the link out of it and
follows it as the recipient's mail program or browser would. The clock is moved forward by
replacing `django.utils.timezone.now` (the one thing that cannot run for real).
"""

from __future__ import annotations

import copy
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peercoach.notifications import outbox
from peercoach.notifications.actions import sync_session_calendar
from peercoach.notifications.models import Kind, NotificationPreference
from peercoach.people import actions as people_actions
from tests import factories
from tests.cast import speaking
from tests.conftest import signed_in_client

DAYS = 90
URL = re.compile(r"https?://[^\s\"<>]+")
GONE_NL = "Deze link werkt niet meer"
GONE_EN = "This link no longer works"


@pytest.fixture
def clock(monkeypatch):
    """`clock.forward(days=…)` moves the clock of the app (and of these tests) forward."""
    real_now = timezone.now

    class Clock:
        offset = timedelta()

        def forward(self, **delta) -> None:
            self.offset += timedelta(**delta)

    state = Clock()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + state.offset)
    return state


@pytest.fixture
def pair(cast, settings):
    """The cast's pair: the member reads Dutch, the fellow English."""
    settings.CAPABILITY_TOKEN_DAYS = DAYS
    return speaking(cast.member, "nl"), speaking(cast.fellow, "en"), cast.group


def mail_to(smtp, person) -> list:
    return [m for m in smtp.messages if person.email in m["To"]]


def unsubscribe_link(message) -> str:
    (link,) = URL.findall(message["List-Unsubscribe"])
    assert link.rstrip(">") in message.get_body(("plain",)).get_content()
    return urlsplit(link.rstrip(">")).path


def invite_and_send(group, *, days_ahead: int):
    session = factories.make_session(group, starts_at=timezone.now() + timedelta(days=days_ahead))
    outbox.deliver_all("test")
    return session


def move_and_send(session, days: int) -> None:
    session.starts_at += timedelta(days=days)
    session.save()
    sync_session_calendar(session)  # as the coaching actions do
    outbox.deliver_all("test")


def test_the_unsubscribe_link_is_a_random_key_without_the_persons_id(pair, smtp):
    mia, finn, group = pair
    invite_and_send(group, days_ahead=3)
    keys = {p.name: unsubscribe_link(mail_to(smtp, p)[0]).split("/")[-2] for p in (mia, finn)}
    for key in keys.values():
        assert len(key) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", key)
        # Not a signature over the person's id and kind, as the old links were.
        with pytest.raises(signing.BadSignature):
            signing.loads(key, salt="peercoach.notifications.unsubscribe")
    assert keys["Mia Member"] != keys["Finn Fellow"]


def test_following_the_emailed_link_unsubscribes_in_the_recipients_language(pair, smtp):
    _mia, finn, group = pair
    invite_and_send(group, days_ahead=3)
    path = unsubscribe_link(mail_to(smtp, finn)[0])
    page = Client().get(path)  # nobody signed in, the site's language is Dutch
    assert page.status_code == 200
    assert "Stop receiving these emails" in page.content.decode()  # Finn reads English
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You will no longer receive these emails" in response.content.decode()
    assert NotificationPreference.objects.get(person=finn).unsubscribed_kinds == [
        Kind.SESSION_INVITATION
    ]


def test_an_unsubscribe_link_expires_unless_a_newer_email_renewed_it(pair, smtp, clock):
    mia, _finn, group = pair
    session = invite_and_send(group, days_ahead=200)
    first = unsubscribe_link(mail_to(smtp, mia)[0])

    clock.forward(days=60)
    move_and_send(session, 1)  # an update: a new email of the same kind
    second = unsubscribe_link(mail_to(smtp, mia)[1])

    clock.forward(days=DAYS - 60 + 5)  # past the first email's period, within the second's
    assert Client().get(first).status_code == 200  # the old link, renewed by the newer email
    assert Client().get(second).status_code == 200

    clock.forward(days=60)  # past the second email's period too
    for path in (first, second):
        gone = Client().get(path)
        assert gone.status_code == 410
        text = gone.content.decode()
        assert GONE_NL in text and "is verlopen" in text
        assert reverse("notifications:preferences") in text
        posted = Client().post(path)  # a mail program's one-click POST: refused, never a 500
        assert posted.status_code == 410
    assert not NotificationPreference.objects.filter(person=mia).exists()

    move_and_send(session, 1)  # the next email carries a link that works again
    fresh = unsubscribe_link(mail_to(smtp, mia)[2])
    assert Client().get(fresh).status_code == 200


def test_a_person_revokes_the_unsubscribe_links_of_emails_sent_so_far(pair, smtp):
    mia, finn, group = pair
    session = invite_and_send(group, days_ahead=5)
    old = unsubscribe_link(mail_to(smtp, mia)[0])
    finns = unsubscribe_link(mail_to(smtp, finn)[0])

    client = signed_in_client(mia)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert reverse("notifications:unsubscribe_links_revoke") in page
    assert client.post(reverse("notifications:unsubscribe_links_revoke")).status_code == 302

    gone = Client().get(old)
    assert gone.status_code == 410
    assert GONE_NL in gone.content.decode() and "ingetrokken" in gone.content.decode()
    assert Client().get(finns).status_code == 200  # nobody else's

    move_and_send(session, 1)
    new = unsubscribe_link(mail_to(smtp, mia)[1])
    assert new != old
    assert Client().get(new).status_code == 200


def test_an_unsubscribe_link_of_the_old_signed_format_no_longer_works(pair):
    mia, _finn, _group = pair
    old = signing.dumps(
        [mia.pk, Kind.SESSION_REMINDER], salt="peercoach.notifications.unsubscribe", compress=True
    )
    url = reverse("notifications:unsubscribe", kwargs={"unsubscribe_token": old})
    page = Client(headers={"accept-language": "en"}).get(url)
    assert page.status_code == 410
    assert GONE_EN in page.content.decode() and "older email" in page.content.decode()
    assert Client().post(url).status_code == 410
    assert not NotificationPreference.objects.filter(person=mia).exists()
    assert Client().get(url.replace(old[:8], "x" * 8)).status_code == 404  # unknown: 404


def feed_path(person) -> str:
    page = signed_in_client(person).get(reverse("notifications:preferences")).content.decode()
    (link,) = [link for link in URL.findall(page) if link.endswith(".ics")]
    return urlsplit(link).path


def test_the_calendar_link_expires_unless_emails_renew_it(pair, smtp, clock):
    mia, finn, group = pair
    mias, finns = feed_path(mia), feed_path(finn)
    # Finn switches session emails off: nothing renews his calendar link.
    NotificationPreference.objects.filter(person=finn).update(
        unsubscribed_kinds=[Kind.SESSION_INVITATION]
    )
    session = invite_and_send(group, days_ahead=300)
    for _step in range(3):
        clock.forward(days=50)
        move_and_send(session, 1)
    assert len(mail_to(smtp, mia)) == 4 and not mail_to(smtp, finn)
    feed = Client().get(mias)  # 150 days on: Mia's emails kept her link alive
    assert feed.status_code == 200 and feed["Content-Type"] == "text/calendar"
    gone = Client().get(finns)
    assert gone.status_code == 410
    assert "This link has expired" in gone.content.decode()  # Finn's language

    clock.forward(days=DAYS + 1)
    assert Client().get(mias).status_code == 410


def test_a_person_turns_the_calendar_link_off_and_makes_a_new_one(pair):
    mia, _finn, _group = pair
    old = feed_path(mia)
    client = signed_in_client(mia)
    assert client.post(reverse("notifications:feed_revoke")).status_code == 302
    assert Client().get(old).status_code == 410
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert ".ics" not in page  # off until she asks for a new one
    client.post(reverse("notifications:feed_rotate"))
    new = feed_path(mia)
    assert new != old and Client().get(new).status_code == 200


def test_deactivating_someone_revokes_all_their_links(pair, smtp, cast):
    mia, finn, group = pair
    admin = cast.admin
    invite_and_send(group, days_ahead=4)
    unsubscribe, feed = unsubscribe_link(mail_to(smtp, mia)[0]), feed_path(mia)
    finns = unsubscribe_link(mail_to(smtp, finn)[0])

    old = copy.copy(mia)
    mia.is_active = False
    people_actions.do_save_person(mia, editor=admin, old=old)

    for path in (unsubscribe, feed):
        gone = Client().get(path)
        assert gone.status_code == 410 and GONE_NL in gone.content.decode()
    mia.is_active = True
    mia.save()  # reactivated: the old links stay revoked
    assert Client().get(unsubscribe).status_code == 410
    assert Client().get(feed).status_code == 410
    assert Client().get(finns).status_code == 200


def test_deactivating_someone_in_the_django_admin_revokes_their_links(pair, smtp):
    mia, _finn, group = pair
    invite_and_send(group, days_ahead=4)
    unsubscribe, feed = unsubscribe_link(mail_to(smtp, mia)[0]), feed_path(mia)
    superuser = factories.get_user_model().objects.create_superuser("root", "r@x.example", "pw")
    admin = Client()
    admin.force_login(superuser)
    url = reverse("admin:organisations_person_change", args=[mia.pk])
    form = admin.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(languages='["nl", "en"]', skills_offered="[]", skills_wanted="[]", is_active="")
    data.pop("excluded", None)
    data.pop("profile_confirmed_at", None)
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    mia.refresh_from_db()
    mia.is_active = True
    mia.save()  # reactivated: the links stay revoked
    assert Client().get(unsubscribe).status_code == 410
    assert Client().get(feed).status_code == 410


def test_a_gone_link_opened_while_signed_in_as_someone_else_is_404(pair, smtp):
    mia, finn, group = pair
    invite_and_send(group, days_ahead=4)
    unsubscribe, feed = unsubscribe_link(mail_to(smtp, mia)[0]), feed_path(mia)
    signed_in_client(mia).post(reverse("notifications:unsubscribe_links_revoke"))
    signed_in_client(mia).post(reverse("notifications:feed_revoke"))
    for path in (unsubscribe, feed):
        assert signed_in_client(finn).get(path).status_code == 404  # not hers to hear about
        assert signed_in_client(mia).get(path).status_code == 410
