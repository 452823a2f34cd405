"""Preferences, one-click unsubscribe, the calendar feed and a program's email settings."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from peercoach.notifications import actions, capabilities
from peercoach.notifications.actions import sync_session_calendar
from peercoach.notifications.models import Kind, NotificationPreference, ProgramNotificationSettings
from tests import factories
from tests.conftest import signed_in_client

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def world(cast):
    """The cast by the names these tests use: Mia and Finn in Pair M, Olga in Pair O."""
    return {
        "mia": cast.member,
        "finn": cast.fellow,
        "olga": cast.other_member,
        "lead": cast.lead,
        "program": cast.program,
        "group": cast.group,
    }


def feed_url(person) -> str:
    return reverse(
        "notifications:feed", kwargs={"feed_token": actions.feed_token_for(person).token}
    )


def test_it_serves_a_feed_of_own_sessions_and_action_due_dates_without_content(world):
    mia, finn, group = world["mia"], world["finn"], world["group"]
    before_dst = factories.make_session(
        group, starts_at=datetime(2030, 3, 25, 10, 0, tzinfo=AMSTERDAM), location="Room 2"
    )
    after_dst = factories.make_session(
        group, starts_at=datetime(2030, 4, 1, 10, 0, tzinfo=AMSTERDAM)
    )
    other = factories.make_session(
        world["olga"].coaching_groups.get(), starts_at=datetime(2030, 3, 26, 9, tzinfo=AMSTERDAM)
    )
    factories.make_entry(before_dst, mia, "SECRET entry")
    factories.make_action_item(before_dst, mia, "SECRET own action", due_on=timezone.localdate())
    factories.make_action_item(
        before_dst, finn, "SECRET fellow action", due_on=timezone.localdate()
    )

    response = Client().get(feed_url(mia))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    assert b"SECRET" not in response.content
    cal = Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    sessions = [e for e in cal.walk("VEVENT") if "session" in str(e["UID"])]
    assert {e.decoded("DTSTART") for e in sessions} == {before_dst.starts_at, after_dst.starts_at}
    assert all(e["DTSTART"].params["TZID"] == "Europe/Amsterdam" for e in sessions)
    local_hours = {e.decoded("DTSTART").astimezone(AMSTERDAM).hour for e in sessions}
    assert local_hours == {10}
    assert other.pk not in [int(str(e["URL"]).rstrip("/").split("/")[-1]) for e in sessions]
    actions_due = [e for e in events.values() if "action" in str(e["UID"])]
    assert len(actions_due) == 1  # Mia's own, not Finn's
    vtimezone = cal.walk("VTIMEZONE")[0]
    assert {c.name for c in vtimezone.subcomponents} >= {"STANDARD", "DAYLIGHT"}


def test_it_stops_serving_a_revoked_feed_link(world):
    mia = world["mia"]
    old = feed_url(mia)
    client = signed_in_client(mia)
    assert client.post(reverse("notifications:feed_rotate")).status_code == 302
    assert Client().get(old).status_code == 410  # a translated "no longer works" page
    assert Client().get(feed_url(mia)).status_code == 200
    assert feed_url(mia) != old


def test_it_answers_404_for_a_feed_link_opened_by_someone_else(world):
    url = feed_url(world["mia"])
    assert signed_in_client(world["finn"]).get(url).status_code == 404
    assert Client().get(url.replace(".ics", "x.ics")).status_code == 404


def test_it_unsubscribes_with_one_click_post_without_signing_in(world):
    mia = world["mia"]
    url = reverse(
        "notifications:unsubscribe",
        kwargs={"unsubscribe_token": capabilities.unsubscribe_key_for(mia, Kind.SESSION_REMINDER)},
    )
    page = Client().get(url)
    assert page.status_code == 200
    assert not NotificationPreference.objects.filter(person=mia).exists()
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationPreference.objects.get(person=mia).unsubscribed_kinds == [
        Kind.SESSION_REMINDER
    ]


def test_it_rejects_a_tampered_unsubscribe_token(world):
    token = capabilities.unsubscribe_key_for(world["mia"], Kind.SESSION_REMINDER)
    url = reverse("notifications:unsubscribe", kwargs={"unsubscribe_token": token[:-2] + "xx"})
    assert Client().post(url).status_code == 404
    assert not NotificationPreference.objects.exists()


def test_it_saves_preferences_and_the_digest_choice(world):
    mia = world["mia"]
    client = signed_in_client(mia)
    assert client.get(reverse("notifications:preferences")).status_code == 200
    response = client.post(
        reverse("notifications:preferences"),
        {"wanted": [Kind.SESSION_INVITATION, Kind.SESSION_REMINDER], "digest": "on"},
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(person=mia)
    assert preference.digest is True
    assert not preference.wants(Kind.CHECK_IN)
    assert preference.wants(Kind.SESSION_REMINDER)


def test_it_lets_leads_choose_the_program_kinds_and_nobody_else(world):
    url = reverse("notifications:program_settings", kwargs={"program_pk": world["program"].pk})
    for person in (world["mia"], world["olga"]):
        assert signed_in_client(person).post(url, {"enabled": []}).status_code == 404
    assert not ProgramNotificationSettings.objects.exists()
    response = signed_in_client(world["lead"]).post(url, {"enabled": [Kind.SESSION_INVITATION]})
    assert response.status_code == 302
    state = ProgramNotificationSettings.objects.get(program=world["program"])
    assert state.is_enabled(Kind.SESSION_INVITATION)
    assert not state.is_enabled(Kind.CHECK_IN)


def test_it_keeps_the_uid_and_bumps_the_sequence_in_the_feed_after_a_change(world):
    session = factories.make_session(world["group"], days_from_now=5)
    first = Calendar.from_ical(Client().get(feed_url(world["mia"])).content).walk("VEVENT")[0]
    session.starts_at += timedelta(days=1)
    session.save()
    sync_session_calendar(session)  # as the coaching actions do
    second = Calendar.from_ical(Client().get(feed_url(world["mia"])).content).walk("VEVENT")[0]
    assert first["UID"] == second["UID"]
    assert (first["SEQUENCE"], second["SEQUENCE"]) == (0, 1)
