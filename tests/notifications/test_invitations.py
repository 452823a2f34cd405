"""Session invitations travel over real SMTP with a calendar Outlook and Google understand."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from peercoach.coaching import actions as coaching_actions
from peercoach.coaching.models import CoachingSession, SessionStatus
from peercoach.notifications import mime, outbox
from peercoach.notifications.actions import sync_session_calendar
from peercoach.notifications.models import Kind, OutgoingMessage, Status
from tests import factories
from tests.cast import speaking

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def pair(cast):
    """The cast's pair: the member reads Dutch, the fellow English."""
    return speaking(cast.member, "nl"), speaking(cast.fellow, "en"), cast.group


def calendar_of(message) -> tuple[Calendar, object]:
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return Calendar.from_ical(parts[0].get_content()), parts[0]


def by_recipient(sink) -> dict:
    return {m["To"]: m for m in sink.messages}


def test_it_sends_invitations_with_a_calendar_request_over_smtp(pair, smtp):
    mia, finn, group = pair
    starts = datetime(2030, 3, 12, 14, 0, tzinfo=AMSTERDAM)
    session = factories.make_session(
        group, starts_at=starts, location="Room 2", video_url="https://meet.example/abc"
    )
    assert outbox.deliver_all("test") == 2

    received = by_recipient(smtp)
    assert set(received) == {mia.email, finn.email}
    dutch, english = received[mia.email], received[finn.email]
    # A pairs program speaks of the partner, not of a group (issue 11).
    assert dutch["Subject"] == "Uitnodiging: coachingsessie met Finn Fellow op 12 maart 14:00"
    assert (
        english["Subject"] == "Invitation: peer coaching session with Mia Member on 12 March 14:00"
    )
    assert dutch["List-Unsubscribe"].strip().startswith("<http")
    assert dutch["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert dutch["Message-ID"] == mime.message_id_for(f"invite:{session.pk}:0:{mia.pk}")
    text = dutch.get_body(("plain",)).get_content()
    html = dutch.get_body(("html",)).get_content()
    assert "Room 2" in text and "https://meet.example/abc" in text
    assert "dinsdag 12 maart 2030, 14:00" in text
    assert "<html" in html and "Room 2" in html

    cal, part = calendar_of(dutch)
    assert part.get_param("method") == "REQUEST"
    assert cal["METHOD"] == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == starts
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    attendees = sorted(str(a) for a in event.get("ATTENDEE"))
    assert attendees == sorted([f"mailto:{mia.email}", f"mailto:{finn.email}"])
    assert str(event["ORGANIZER"]).startswith("mailto:")
    attachments = [p.get_filename() for p in dutch.iter_attachments()]
    assert "invite.ics" in attachments


def test_it_bumps_the_sequence_on_change_and_cancels_with_the_same_uid(pair, smtp):
    mia, _finn, group = pair
    session = factories.make_session(group, days_from_now=10)
    outbox.deliver_all("test")
    first = calendar_of(by_recipient(smtp)[mia.email])[0].walk("VEVENT")[0]

    session.starts_at += timedelta(hours=2)
    session.save()
    sync_session_calendar(session)  # as the coaching actions do
    session.location = "Elsewhere"
    session.save()
    sync_session_calendar(session)  # as the coaching actions do
    outbox.deliver_all("test")
    session.status = SessionStatus.CANCELLED
    session.save()
    sync_session_calendar(session)  # as the coaching actions do
    outbox.deliver_all("test")

    to_mia = [m for m in smtp.messages if m["To"] == mia.email]
    # The first change was superseded by the second before a worker sent it.
    assert len(to_mia) == 3
    versions = [calendar_of(m)[0] for m in to_mia]
    events = [cal.walk("VEVENT")[0] for cal in versions]
    assert {str(e["UID"]) for e in events} == {str(first["UID"])}
    assert [e["SEQUENCE"] for e in events] == [0, 2, 3]
    assert [cal["METHOD"] for cal in versions] == ["REQUEST", "REQUEST", "CANCEL"]
    assert calendar_of(to_mia[2])[1].get_param("method") == "CANCEL"
    assert events[2]["STATUS"] == "CANCELLED"
    assert events[1]["LOCATION"] == "Elsewhere"
    assert OutgoingMessage.objects.filter(skip_reason="superseded").count() == 2


def test_it_does_not_resend_when_nothing_attendees_see_changed(pair, smtp):
    _mia, _finn, group = pair
    session = factories.make_session(group, days_from_now=3)
    session.status = SessionStatus.HELD  # taking place is not a calendar change
    session.save()
    sync_session_calendar(session)  # as the coaching actions do
    session.save()
    sync_session_calendar(session)  # as the coaching actions do
    assert OutgoingMessage.objects.filter(kind=Kind.SESSION_INVITATION).count() == 2
    assert outbox.deliver_all("test") == 2
    assert OutgoingMessage.objects.filter(status=Status.SENT).count() == 2


def test_it_never_puts_session_content_in_invitations(pair, smtp):
    mia, finn, group = pair
    session = factories.make_session(group, days_from_now=3)
    factories.make_entry(session, mia, "SECRET-entry")
    factories.make_action_item(session, mia, "SECRET-action")
    session.location = "Room 9"
    session.save()
    sync_session_calendar(session)  # as the coaching actions do
    outbox.deliver_all("test")
    assert smtp.raw
    assert all(b"SECRET" not in raw for raw in smtp.raw)


def test_the_coaching_actions_sync_the_calendar_and_a_bare_save_does_not(pair):
    """No receiver works behind the actions' back: the action that changes a session queues."""
    _mia, _finn, group = pair
    bare = CoachingSession.objects.create(group=group, starts_at=timezone.now() + timedelta(days=3))
    bare.location = "Room 1"
    bare.save()
    assert not OutgoingMessage.objects.exists()
    first = CoachingSession(starts_at=timezone.now() + timedelta(days=3), duration_minutes=60)
    (session,) = coaching_actions.do_schedule_series(group, first, 1, "Europe/Amsterdam")
    assert OutgoingMessage.objects.filter(session=session, context__method="REQUEST").count() == 2
    coaching_actions.do_cancel(session)
    assert OutgoingMessage.objects.filter(session=session, context__method="CANCEL").count() == 2


def test_a_pair_of_three_names_both_partners_in_the_recipients_language(cast, smtp):
    """The site speaks Dutch; an English reader's subject joins two partners with "and"."""
    cast.fellow.preferred_language = "en"
    cast.fellow.save()
    three = factories.make_group(cast.program, [cast.fellow, cast.other_member, cast.other_partner])
    starts = datetime(2030, 3, 12, 14, 0, tzinfo=AMSTERDAM)
    factories.make_session(three, starts_at=starts)
    outbox.deliver_all("test")
    assert by_recipient(smtp)[cast.fellow.email]["Subject"] == (
        "Invitation: peer coaching session with Olga Other and Otto Partner on 12 March 14:00"
    )
