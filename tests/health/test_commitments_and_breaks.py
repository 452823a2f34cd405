"""Commitments that close themselves (email over real SMTP, a signed single-use link without
signing in), and breaks and withdrawals (the group told in neutral words, no reminders, not
matched)."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peercoach.coaching.models import SessionStatus
from peercoach.health import emails as health_emails
from peercoach.health.models import Absence, CommitmentCheck
from peercoach.matching import planning
from peercoach.notifications import outbox, scheduling
from peercoach.notifications.models import Kind, OutgoingMessage
from peercoach.programs.models import Enrolment, EnrolmentStatus, GroupMember
from tests import factories
from tests.health.helpers import client, make_cast

ITEM = "ITEM-call the supplier about the contract"


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_on_the_due_date_the_owner_answers_with_one_click_without_signing_in(db, smtp, settings):
    settings.HEALTH_COMMITMENT_HOUR = 0  # asked from 9:00; the test may run at night
    cast = make_cast()
    item = factories.make_action_item(cast.session, cast.member, ITEM, due_on=timezone.localdate())
    scheduling.queue_due_messages(timezone.now())
    scheduling.queue_due_messages(timezone.now())  # the loop runs every minute: still one
    assert outbox.deliver_all("test") >= 1
    (email,) = [
        m for m in smtp.messages if m["To"] == cast.member.email and "committed" in m["Subject"]
    ]
    assert email["Subject"] == "Today is the day: did you do what you committed to?"
    text = email.get_body(("plain",)).get_content()
    assert ITEM in text
    links = {
        line.split(": ", 1)[0]: line.split(": ", 1)[1]
        for line in text.splitlines()
        if "/health/commitments/" in line
    }
    assert set(links) == {"Done", "Partly", "Not yet"}
    anonymous = Client()
    done = path_of(links["Done"])
    page = anonymous.get(done)
    assert page.status_code == 200 and ITEM not in page.content.decode()
    # Signed in as someone else: not theirs.
    assert client(cast.fellow).post(done, {"answer": "done"}).status_code == 404
    assert anonymous.post(done, {"answer": "done"}).status_code == 200
    item.refresh_from_db()
    assert item.is_done and CommitmentCheck.objects.get().answer == "done"
    # Single use: this link and the other two no longer work.
    for url in links.values():
        assert anonymous.post(path_of(url), {"answer": "partly"}).status_code == 404
    assert CommitmentCheck.objects.get().answer == "done"
    # Shown in the next session's follow-up.
    following = factories.make_session(cast.group, days_from_now=2)
    body = client(cast.fellow).get(reverse("coaching:session", args=[following.pk])).content
    assert b"On the due date: Done" in body


def test_a_forged_or_altered_link_answers_nothing(db):
    cast = make_cast()
    item = factories.make_action_item(cast.session, cast.member, ITEM, due_on=timezone.localdate())
    check = CommitmentCheck.objects.create(item=item, due_on=item.due_on)
    from peercoach.access import commitment_token

    token = commitment_token(check, "done")
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert (
        Client().post(reverse("health:commitment", args=[forged]), {"answer": "done"}).status_code
        == 404
    )
    check.refresh_from_db()
    assert check.answered_at is None


def test_a_break_tells_the_group_in_neutral_words_and_stops_reminders(db, smtp):
    cast = make_cast()
    today = timezone.localdate()
    response = client(cast.member).post(
        reverse("health:pause", args=[cast.program.pk]),
        {"starts_on": today.isoformat(), "ends_on": (today + timedelta(days=20)).isoformat()},
    )
    assert response.status_code == 302
    health_emails.forget_pauses()
    upcoming = factories.make_session(cast.group, days_from_now=1)
    scheduling.queue_due_messages(upcoming.starts_at - timedelta(hours=23))
    outbox.deliver_all("test")
    to_fellow = [m for m in smtp.messages if m["To"] == cast.fellow.email]
    away = [m for m in to_fellow if "takes a break" in m["Subject"]]
    assert len(away) == 1
    assert (
        f"{cast.member.name} takes a break from the program until"
        in away[0].get_body(("plain",)).get_content()
    )
    reminder = OutgoingMessage.objects.get(kind=Kind.SESSION_REMINDER, person=cast.member)
    assert reminder.status == "skipped" and reminder.skip_reason == "paused"
    assert (
        OutgoingMessage.objects.get(kind=Kind.SESSION_REMINDER, person=cast.fellow).status == "sent"
    )
    # Not matched in a round starting during the break.
    assert cast.member not in planning.enrolled_people(cast.program, on=today + timedelta(days=5))
    assert cast.member in planning.enrolled_people(cast.program, on=today + timedelta(days=30))
    body = client(cast.lead).get(reverse("health:program", args=[cast.program.pk])).content
    assert b"On a break" in body and b"Someone is taking a break." in body


def test_withdrawing_leaves_the_groups_and_shows_on_the_at_risk_list(db, smtp):
    cast = make_cast()
    url = reverse("health:withdraw", args=[cast.program.pk])
    assert client(cast.member).post(url, {}).status_code == 200  # a confirmation page first
    assert client(cast.member).post(url, {"confirm": "withdraw"}).status_code == 302
    assert Enrolment.objects.get(person=cast.member).status == EnrolmentStatus.WITHDRAWN
    assert not GroupMember.objects.filter(person=cast.member, group=cast.group).exists()
    assert Absence.objects.get().group == cast.group
    outbox.deliver_all("test")
    left = [m for m in smtp.messages if "left the program" in m["Subject"]]
    assert {m["To"] for m in left} == {cast.fellow.email, cast.third.email}
    body = client(cast.lead).get(reverse("health:program", args=[cast.program.pk])).content
    assert b"Someone withdrew from the program." in body and b"Left the program" in body
    # What they wrote stays with the group; they read none of it any more.
    assert (
        client(cast.member).get(reverse("coaching:session", args=[cast.session.pk])).status_code
        == 404
    )
    assert cast.session.status == SessionStatus.HELD
