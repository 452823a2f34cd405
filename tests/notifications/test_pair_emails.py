"""A pairs program's emails and calendars speak of the partner, never of a group (issue 11).

A pairs program is stored as groups of two (named by matching "Round 1, group 3"), but the people
in it have a partner. Every email of every kind is received over real SMTP, in Dutch (Mia) and in
English (Finn), and no subject, text, HTML or calendar title says "group" / "groep".
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from peercoach.coaching.models import SessionStatus
from peercoach.notifications import actions as notification_actions
from peercoach.notifications import outbox, scheduling
from peercoach.notifications.mime import message_id_for
from peercoach.notifications.models import Kind, OutgoingMessage
from peercoach.programs.models import Format, ProgramStatus
from peercoach.running import actions
from tests import factories

URL = re.compile(r"https?://[^\s\"<>]+")
GROUP_WORDS = re.compile(r"group|groep", re.IGNORECASE)
GROUP_NAME = "Round 1, group 3"  # as matching names the pairs it forms


@pytest.fixture
def pair(cast, smtp):
    """The cast's member (Dutch) and fellow (English) as a pair named the way matching names it,
    in a running program of the cast's lead that Nora is enrolled in (not the cast's program and
    pair: the tests need a running program and change who is in the pair)."""
    mia, finn = cast.member, cast.fellow
    mia.preferred_language = "nl"
    mia.save()
    finn.preferred_language = "en"
    finn.save()
    nora = factories.make_person(cast.organisation, "Nora Newcomer", preferred_language="en")
    today = timezone.localdate()
    program = factories.make_program(
        cast.organisation,
        leads=[cast.lead],
        format=Format.PAIRS,
        status=ProgramStatus.RUNNING,
        cadence="weekly",
        starts_on=today - timedelta(days=4),
        name="Coaching 2027",
    )
    actions.do_enrol(program, [nora])
    group = factories.make_group(program, [mia, finn], name=GROUP_NAME)
    return mia, finn, nora, group


def kinds_by_message_id() -> dict[str, str]:
    return {
        message_id_for(m.idempotency_key): m.kind
        for m in OutgoingMessage.objects.exclude(message_id="")
    }


def words_of(message) -> tuple[str, list[str]]:
    """Everything the recipient reads (links taken out: their paths are not read), and the titles
    and descriptions of any calendar in it."""
    read = [str(message["Subject"])]
    calendar_texts = []
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            read.append(URL.sub("", part.get_content()))
        elif part.get_content_type() == "text/calendar":
            for event in Calendar.from_ical(part.get_content()).walk("VEVENT"):
                calendar_texts.append(str(event["SUMMARY"]))
                calendar_texts.append(URL.sub("", str(event.get("DESCRIPTION", ""))))
    return "\n".join(read), calendar_texts


def assert_speaks_of_partners(smtp, expected_kinds: set[str]) -> dict:
    kinds = kinds_by_message_id()
    seen: dict[tuple[str, str], list] = {}
    for message in smtp.messages:
        kind = kinds[message["Message-ID"]]
        seen.setdefault((kind, message["To"]), []).append(message)
        text, calendar_texts = words_of(message)
        assert not GROUP_WORDS.search(text), (kind, message["To"], text)
        for title in calendar_texts:
            assert not GROUP_WORDS.search(title), (kind, title)
    assert {kind for kind, _to in seen} >= expected_kinds
    return seen


def test_session_emails_and_calendars_of_a_pair_name_the_partner(pair, smtp):
    mia, finn, nora, group = pair
    soon = factories.make_session(
        group, starts_at=timezone.now() + timedelta(hours=23, minutes=30), location="Room 2"
    )
    outbox.deliver_all("test")  # invitations
    scheduling.queue_due_messages()
    outbox.deliver_all("test")  # the day-before reminders
    soon.location = "Room 9"
    soon.save()
    notification_actions.sync_session_calendar(soon)  # as the coaching actions do
    outbox.deliver_all("test")  # updates
    soon.status = SessionStatus.CANCELLED
    soon.save()
    notification_actions.sync_session_calendar(soon)  # as the coaching actions do
    outbox.deliver_all("test")  # cancellations

    seen = assert_speaks_of_partners(smtp, {Kind.SESSION_INVITATION, Kind.SESSION_REMINDER})
    to_mia = [str(m["Subject"]) for m in seen[(Kind.SESSION_INVITATION, mia.email)]]
    to_finn = [str(m["Subject"]) for m in seen[(Kind.SESSION_INVITATION, finn.email)]]
    assert [s.split(" op ")[0] for s in to_mia] == [
        "Uitnodiging: coachingsessie met Finn Fellow",
        "Gewijzigd: coachingsessie met Finn Fellow, nu",
        "Geannuleerd: coachingsessie met Finn Fellow",
    ]
    assert [s.split(" on ")[0] for s in to_finn] == [
        "Invitation: peer coaching session with Mia Member",
        "Changed: peer coaching session with Mia Member, now",
        "Cancelled: peer coaching session with Mia Member",
    ]
    (reminder,) = seen[(Kind.SESSION_REMINDER, mia.email)]
    assert str(reminder["Subject"]).startswith("Herinnering: coaching met Finn Fellow op ")
    assert "Maatje: Finn Fellow" in reminder.get_body(("plain",)).get_content()
    (reminder,) = seen[(Kind.SESSION_REMINDER, finn.email)]
    assert str(reminder["Subject"]).startswith("Reminder: peer coaching with Mia Member on ")
    assert "Partner: Mia Member" in reminder.get_body(("plain",)).get_content()
    invitation = seen[(Kind.SESSION_INVITATION, mia.email)][0]
    (part,) = [p for p in invitation.walk() if p.get_content_type() == "text/calendar"]
    (event,) = Calendar.from_ical(part.get_content()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Coaching met Finn Fellow"


def test_follow_up_check_in_and_announcement_of_a_pair_name_the_partner(pair, smtp):
    mia, finn, _nora, group = pair
    factories.make_session(group, starts_at=timezone.now() - timedelta(hours=3))
    outbox.deliver_all("test")
    notification_actions.queue_match_announcement(mia, group, [])
    notification_actions.queue_match_announcement(finn, group, [])
    scheduling.queue_due_messages()
    outbox.deliver_all("test")

    seen = assert_speaks_of_partners(
        smtp, {Kind.SESSION_FOLLOW_UP, Kind.CHECK_IN, Kind.MATCH_ANNOUNCEMENT}
    )
    (follow_up,) = seen[(Kind.SESSION_FOLLOW_UP, mia.email)]
    assert str(follow_up["Subject"]) == "Schrijf je actieplan op van je sessie met Finn Fellow"
    (follow_up,) = seen[(Kind.SESSION_FOLLOW_UP, finn.email)]
    assert str(follow_up["Subject"]) == (
        "Write down your action plan from your session with Mia Member"
    )
    (announcement,) = seen[(Kind.MATCH_ANNOUNCEMENT, finn.email)]
    assert "Mia Member" in str(announcement["Subject"])


def test_someone_joining_and_leaving_a_pair_is_told_of_partners(pair, smtp):
    mia, finn, nora, group = pair
    factories.make_session(group, days_from_now=5, location="Room 4")
    outbox.deliver_all("test")
    actions.do_add_member(group, nora)
    outbox.deliver_all("test")
    actions.do_remove_member(group, finn)
    outbox.deliver_all("test")

    seen = assert_speaks_of_partners(smtp, {Kind.MEMBER_JOINED, Kind.SESSION_INVITATION})
    (joined,) = seen[(Kind.MEMBER_JOINED, mia.email)]
    assert str(joined["Subject"]) == "Nora Newcomer coacht nu met je in Coaching 2027"
    assert "met jou en Finn Fellow" in joined.get_body(("plain",)).get_content()
    (joined,) = seen[(Kind.MEMBER_JOINED, finn.email)]
    assert str(joined["Subject"]) == "Nora Newcomer now coaches with you in Coaching 2027"
    assert "joined you and Mia Member" in joined.get_body(("plain",)).get_content()
    leaving = seen[(Kind.SESSION_INVITATION, finn.email)][-1]
    assert str(leaving["Subject"]).startswith(
        "No longer in your calendar: your peer coaching session on "
    )
    text = leaving.get_body(("plain",)).get_content()
    assert "You no longer coach with this partner" in text
    assert "Nora" not in text and "Mia" not in text  # a leaver learns no names


def test_the_leads_weekly_list_of_a_pairs_program_speaks_of_pairs(pair, cast, smtp):
    """On a Monday the lead hears which pairs need attention, by their names (the lead sees who
    is in which pair anyway), never by the group name matching gave them, never who said what."""
    from datetime import datetime, time

    import time_machine
    from django.test import Client
    from django.urls import reverse

    mia, finn, _nora, group = pair
    cast.lead.preferred_language = "nl"
    cast.lead.save()
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    at_eight = timezone.make_aware(datetime.combine(monday, time(8)))
    factories.make_session(
        group, starts_at=timezone.now() - timedelta(days=2), status=SessionStatus.HELD
    )
    member = Client()
    member.force_login(finn.user)
    response = member.post(reverse("health:fit", args=[group.pk]), {"works": "no"})
    assert response.status_code == 302
    outbox.deliver_all("test")
    smtp.messages.clear()
    with time_machine.travel(at_eight, tick=True):
        scheduling.queue_due_messages(at_eight)
        outbox.deliver_all("test")

    seen = assert_speaks_of_partners(smtp, {Kind.AT_RISK_WEEKLY})
    (weekly,) = seen[(Kind.AT_RISK_WEEKLY, cast.lead.email)]
    assert str(weekly["Subject"]) == "Coaching 2027: duo's die deze week je aandacht nodig hebben"
    text = weekly.get_body(("plain",)).get_content()
    assert "- Finn Fellow & Mia Member: Het duo vraagt om een nieuwe koppeling." in text
    assert "1 ingeschreven persoon heeft nog geen maatje." in text  # Nora
