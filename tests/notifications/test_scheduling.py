"""Which reminders are due when: across DST and time zones, after downtime, and never late."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from peercoach.coaching.models import SessionStatus
from peercoach.notifications import actions, outbox, scheduling
from peercoach.notifications.actions import sync_session_calendar
from peercoach.notifications.models import Kind, OutgoingMessage, Status
from peercoach.programs.models import ProgramStatus
from tests import factories
from tests.conftest import signed_in_client

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def pair(cast):
    """The cast's pair: the member reads Dutch, the fellow reads English and lives in New York."""
    cast.member.preferred_language = "nl"
    cast.member.save()
    cast.fellow.preferred_language = "en"
    cast.fellow.time_zone = "America/New_York"
    cast.fellow.save()
    return cast.member, cast.fellow, cast.group


def reminders():
    return OutgoingMessage.objects.filter(kind=Kind.SESSION_REMINDER)


def test_it_reminds_a_day_and_an_hour_before_across_the_dutch_dst_switch(pair):
    _member, _fellow, group = pair
    # Sunday 31 March 2030, 10:00 in Amsterdam: the clocks went forward at 02:00 that night.
    starts = datetime(2030, 3, 31, 10, 0, tzinfo=AMSTERDAM)
    factories.make_session(group, starts_at=starts)
    assert starts.astimezone(UTC) == datetime(2030, 3, 31, 8, 0, tzinfo=UTC)

    day_before = datetime(2030, 3, 30, 8, 0, tzinfo=UTC)  # 24 hours before: 09:00 CET
    assert scheduling.queue_due_messages(day_before - timedelta(seconds=1)) == 0
    assert scheduling.queue_due_messages(day_before) == 2
    assert {m.send_after for m in reminders()} == {day_before}
    assert {m.context["offset"] for m in reminders()} == {1440}

    hour_before = datetime(2030, 3, 31, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert scheduling.queue_due_messages(hour_before - timedelta(seconds=1)) == 0
    assert scheduling.queue_due_messages(hour_before) == 2
    assert scheduling.queue_due_messages(hour_before + timedelta(minutes=5)) == 0
    assert sorted(m.context["offset"] for m in reminders()) == [60, 60, 1440, 1440]
    assert {m.expires_at for m in reminders()} == {starts}


def test_it_follows_configured_offsets(pair, settings):
    settings.NOTIFICATIONS_REMINDER_OFFSETS = [180]
    _member, _fellow, group = pair
    starts = datetime(2030, 6, 3, 15, 0, tzinfo=AMSTERDAM)
    factories.make_session(group, starts_at=starts)
    assert scheduling.queue_due_messages(starts - timedelta(hours=3, seconds=1)) == 0
    assert scheduling.queue_due_messages(starts - timedelta(hours=3)) == 2


def test_a_lead_chooses_the_programs_reminder_times(pair, cast):
    _member, _fellow, group = pair
    lead = cast.lead
    org = cast.organisation
    other_group = factories.make_group(
        factories.make_program(org), [factories.make_person(org), factories.make_person(org)]
    )
    url = reverse("notifications:program_settings", args=[group.program.pk])
    page = signed_in_client(lead).get(url).content.decode()
    assert 'value="10080"' in page  # "a week before" is offered
    signed_in_client(lead).post(url, {"enabled": [Kind.SESSION_REMINDER], "reminders": [2880, 15]})

    starts = datetime(2030, 6, 3, 15, 0, tzinfo=AMSTERDAM)
    session = factories.make_session(group, starts_at=starts)
    factories.make_session(other_group, starts_at=starts)
    two_days = starts - timedelta(days=2)
    assert scheduling.queue_due_messages(two_days) == 2  # this program only
    assert scheduling.queue_due_messages(starts - timedelta(days=1)) == 2  # the site default
    assert scheduling.queue_due_messages(starts - timedelta(minutes=15)) == 2 + 2  # both
    by_session = {(m.session_id == session.pk, m.context["offset"]) for m in reminders()}
    assert by_session == {(True, 2880), (True, 15), (False, 1440), (False, 60)}


def test_a_reminder_time_switched_off_after_queueing_is_not_sent(pair, smtp):
    _member, _fellow, group = pair
    starts = timezone.now() + timedelta(minutes=50)
    factories.make_session(group, starts_at=starts)
    OutgoingMessage.objects.all().delete()
    assert scheduling.queue_due_messages() == 2  # the hour-before reminder
    actions.save_program_kinds(group.program, [Kind.SESSION_REMINDER], reminder_minutes=[1440])
    outbox.deliver_all("test")
    assert smtp.messages == []
    assert {m.skip_reason for m in reminders()} == {"reminder_time_off"}


def test_it_shows_each_recipient_their_own_local_time(pair, smtp):
    member, fellow, group = pair
    # 25 March 2030: the US is already on summer time, the Netherlands not yet (9:00 UTC).
    starts = datetime(2030, 3, 25, 10, 0, tzinfo=AMSTERDAM)
    session = factories.make_session(group, starts_at=starts)
    OutgoingMessage.objects.all().delete()
    outbox.queue(
        [
            outbox.QueuedMessage(
                key=f"reminder-test:{person.pk}",
                kind=Kind.SESSION_REMINDER,
                person_id=person.pk,
                session_id=session.pk,
                send_after=timezone.now(),
                context={"starts_at": starts.isoformat(), "offset": 60},
            )
            for person in (member, fellow)
        ]
    )
    outbox.deliver_all("test")
    received = {m["To"]: m.get_body(("plain",)).get_content() for m in smtp.messages}
    assert "maandag 25 maart 2030, 10:00–11:00 (Europe/Amsterdam)" in received[member.email]
    assert "Monday 25 March 2030, 05:00–06:00 (America/New_York)" in received[fellow.email]


def test_it_catches_up_once_after_downtime_with_only_the_nearest_reminder(pair):
    _member, _fellow, group = pair
    starts = datetime(2030, 5, 14, 9, 30, tzinfo=AMSTERDAM)
    factories.make_session(group, starts_at=starts)
    # Nothing ran during the day before; the scheduler comes back 30 minutes before the start.
    back = starts - timedelta(minutes=30)
    assert scheduling.queue_due_messages(back) == 2
    assert scheduling.queue_due_messages(back) == 0
    assert scheduling.queue_due_messages(back + timedelta(minutes=1)) == 0
    assert {m.context["offset"] for m in reminders()} == {60}


def test_it_skips_reminders_that_became_stale_instead_of_sending_them_late(pair, smtp):
    _member, _fellow, group = pair
    starts = timezone.now() - timedelta(minutes=10)
    factories.make_session(group, starts_at=starts)
    # Queued in time by the scheduler, but the workers were down until after the start.
    assert scheduling.queue_due_messages(starts - timedelta(minutes=40)) == 2
    outbox.deliver_all("test")
    assert set(reminders().values_list("status", "skip_reason")) == {(Status.SKIPPED, "stale")}
    assert not [m for m in smtp.messages if "Herinnering" in m["Subject"]]
    # And nothing is queued for a session that has begun.
    assert scheduling.queue_due_messages(timezone.now()) == 0


def test_it_skips_a_reminder_for_a_session_that_moved_or_was_cancelled(pair, smtp):
    _member, _fellow, group = pair
    session = factories.make_session(group, starts_at=timezone.now() + timedelta(minutes=50))
    session_two = factories.make_session(group, starts_at=timezone.now() + timedelta(minutes=55))
    scheduling.queue_due_messages(timezone.now())
    session.starts_at += timedelta(days=7)
    session.save()
    sync_session_calendar(session)  # as the coaching actions do
    session_two.status = SessionStatus.CANCELLED
    session_two.save()
    sync_session_calendar(session_two)  # as the coaching actions do
    outbox.deliver_all("test")
    assert sorted(reminders().values_list("skip_reason", flat=True)) == [
        "moved",
        "moved",
        "not_planned",
        "not_planned",
    ]


def test_it_nudges_owners_of_overdue_actions_and_only_them(org, smtp):
    mia = factories.make_person(org, "Mia Member", preferred_language="en")
    finn = factories.make_person(org, "Finn Fellow", preferred_language="en")
    group = factories.make_group(factories.make_program(org), [mia, finn])
    session = factories.make_session(group, days_from_now=-10)
    today = timezone.localdate()
    factories.make_action_item(session, mia, "Ask Jan for feedback", due_on=today - timedelta(1))
    factories.make_action_item(session, finn, "Done already", due_on=today - timedelta(1))
    factories.make_action_item(session, finn, "Not yet due", due_on=today + timedelta(1))
    finn.action_items.filter(text="Done already").update(done_at=timezone.now())
    scheduling.queue_due_messages()
    scheduling.queue_due_messages()
    outbox.deliver_all("test")
    nudges = [m for m in smtp.messages if "past its due date" in m["Subject"]]
    assert [m["To"] for m in nudges] == [mia.email]
    assert "Ask Jan for feedback" in nudges[0].get_body(("plain",)).get_content()
    assert all(b"Ask Jan" not in raw for raw in smtp.raw if finn.email.encode() in raw[:2000])


def test_it_prompts_after_a_session_and_checks_in_on_the_cadence(org, smtp):
    mia = factories.make_person(org, "Mia Member", preferred_language="en")
    finn = factories.make_person(org, "Finn Fellow", preferred_language="en")
    today = timezone.localdate()
    program = factories.make_program(
        org, status=ProgramStatus.RUNNING, cadence="weekly", starts_on=today - timedelta(days=4)
    )
    group = factories.make_group(program, [mia, finn])
    factories.make_session(group, starts_at=timezone.now() - timedelta(hours=3))
    scheduling.queue_due_messages()
    assert scheduling.queue_due_messages() == 0
    outbox.deliver_all("test")
    subjects = sorted(m["Subject"] for m in smtp.messages if m["To"] == mia.email)
    assert subjects == [
        "What progress have you made since your last conversation?",
        "Write down your action plan from your session with Finn Fellow",
    ]


def test_it_nudges_a_group_that_has_not_met_for_two_periods_once(org, smtp):
    mia = factories.make_person(org, "Mia Member", preferred_language="en")
    today = timezone.localdate()
    program = factories.make_program(
        org, status=ProgramStatus.RUNNING, cadence="weekly", starts_on=today - timedelta(days=60)
    )
    quiet = factories.make_group(program, [mia], name="Quiet pair")
    factories.make_session(quiet, starts_at=timezone.now() - timedelta(days=20))
    busy = factories.make_group(program, [factories.make_person(org)], name="Busy pair")
    factories.make_session(busy, starts_at=timezone.now() - timedelta(days=20))
    factories.make_session(busy, days_from_now=3)
    scheduling.queue_due_messages()
    scheduling.queue_due_messages(timezone.now() + timedelta(days=1))
    idle = OutgoingMessage.objects.filter(kind=Kind.GROUP_IDLE)
    assert [m.person_id for m in idle] == [mia.pk]


def test_the_prompt_after_a_session_names_no_partner_who_left(cast, smtp):
    """The cast's pair keeps its former member as history: the prompts speak of Finn only."""
    today = timezone.localdate()
    cast.program.status, cast.program.cadence = ProgramStatus.RUNNING, "weekly"
    cast.program.starts_on = today - timedelta(days=4)
    cast.program.save()
    cast.member.preferred_language = "en"
    cast.member.save()
    factories.make_session(cast.group, starts_at=timezone.now() - timedelta(hours=3))
    scheduling.queue_due_messages()
    outbox.deliver_all("test")
    mine = {m["Subject"]: m for m in smtp.messages if m["To"] == cast.member.email}
    assert "Write down your action plan from your session with Finn Fellow" in mine
    check_in = mine["What progress have you made since your last conversation?"]
    text = " ".join(check_in.get_body(("plain",)).get_content().split())
    assert "your last conversation with Finn Fellow on " in text
