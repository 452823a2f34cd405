"""Calendars follow the group: whoever joins is invited, whoever leaves gets a cancellation."""

from __future__ import annotations

import pytest

from peercoach.notifications import outbox
from peercoach.notifications.actions import sync_session_calendar
from peercoach.running import actions
from tests import factories
from tests.notifications.test_invitations import calendar_of


@pytest.fixture
def running_pair(cast, smtp):
    """The cast's member and fellow (who reads Dutch) as a pair in a second program of the
    cast's lead, which Nora is enrolled in. The tests change the group: it is not the cast's."""
    mia, finn = cast.member, cast.fellow
    finn.preferred_language = "nl"
    finn.save()
    nora = factories.make_person(cast.organisation, "Nora Newcomer")
    program = factories.make_program(cast.organisation, leads=[cast.lead])
    group = factories.make_group(program, [mia, finn], name="Pair N")
    actions.do_enrol(program, [nora])
    past = factories.make_session(group, days_from_now=-7)
    upcoming = factories.make_session(
        group, days_from_now=5, location="Room 4", video_url="https://meet.example/pair-m"
    )
    outbox.deliver_all("test")
    smtp.handler.received.clear()
    return mia, finn, nora, group, past, upcoming


def _has_calendar(message) -> bool:
    return any(part.get_content_type() == "text/calendar" for part in message.walk())


def attendees_of(event) -> set[str]:
    found = event.get("ATTENDEE")
    return {str(a) for a in (found if isinstance(found, list) else [found])}


def test_someone_who_joins_is_invited_to_upcoming_sessions_only(running_pair, smtp):
    mia, finn, nora, group, _past, upcoming = running_pair
    actions.do_add_member(group, nora)
    # Three calendar messages, and to each of the two members a notice of who joined.
    assert outbox.deliver_all("test") == 5

    received = {m["To"]: m for m in smtp.messages if _has_calendar(m)}
    assert set(received) == {mia.email, finn.email, nora.email}
    cal, part = calendar_of(received[nora.email])
    event = cal.walk("VEVENT")[0]
    assert part.get_param("method") == "REQUEST"
    assert event["SEQUENCE"] == 1
    assert str(event["UID"]) == upcoming.calendar_state.uid
    assert attendees_of(event) == {f"mailto:{p.email}" for p in (mia, finn, nora)}
    # The others' calendars learn the new attendee as an update of the same event.
    assert received[mia.email]["Subject"].startswith("Changed:")


def test_someone_who_leaves_gets_a_cancellation_that_reveals_nothing_new(running_pair, smtp):
    mia, finn, nora, group, _past, upcoming = running_pair
    actions.do_add_member(group, nora)
    outbox.deliver_all("test")
    smtp.handler.received.clear()

    actions.do_remove_member(group, finn)
    assert outbox.deliver_all("test") == 3  # leaving sends no notice of who joined

    received = {m["To"]: m for m in smtp.messages}
    to_finn = received[finn.email]
    assert to_finn["Subject"].startswith("Niet meer in je agenda: je coachingsessie op")
    cal, part = calendar_of(to_finn)
    event = cal.walk("VEVENT")[0]
    assert (cal["METHOD"], part.get_param("method")) == ("CANCEL", "CANCEL")
    assert str(event["UID"]) == upcoming.calendar_state.uid
    assert event["SEQUENCE"] == 2
    assert attendees_of(event) == {f"mailto:{finn.email}"}
    text = to_finn.get_body(("plain",)).get_content()
    assert "niet meer met dit maatje" in text
    assert "Mia" not in text and "Nora" not in text and "Pair N" not in text
    assert "meet.example" not in text and f"/sessions/{upcoming.pk}/" not in text
    for stayer in (mia, nora):
        cal, _part = calendar_of(received[stayer.email])
        event = cal.walk("VEVENT")[0]
        assert cal["METHOD"] == "REQUEST" and event["SEQUENCE"] == 2
        assert attendees_of(event) == {f"mailto:{mia.email}", f"mailto:{nora.email}"}


def test_a_cancellation_for_someone_back_in_the_group_is_not_sent(running_pair, smtp):
    _mia, finn, nora, group, _past, _upcoming = running_pair
    actions.do_add_member(group, nora)
    actions.do_remove_member(group, finn)
    actions.do_add_member(group, finn)
    outbox.deliver_all("test")
    to_finn = [m for m in smtp.messages if m["To"] == finn.email and _has_calendar(m)]
    assert [calendar_of(m)[0]["METHOD"] for m in to_finn] == ["REQUEST"]


def test_a_change_after_someone_left_does_not_swallow_their_cancellation(running_pair, smtp):
    _mia, finn, nora, group, _past, upcoming = running_pair
    actions.do_add_member(group, nora)
    actions.do_remove_member(group, finn)
    upcoming.location = "Room 5"
    upcoming.save()
    sync_session_calendar(upcoming)  # as the coaching actions do
    outbox.deliver_all("test")
    (to_finn,) = [m for m in smtp.messages if m["To"] == finn.email]
    cal, _part = calendar_of(to_finn)
    assert cal["METHOD"] == "CANCEL"
    assert cal.walk("VEVENT")[0]["SEQUENCE"] == 3
