"""Things happen in a safe order: nothing is held before it begins, nothing is announced before
its program opens, and nobody is emailed without the lead being told how many."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from peercoach.coaching.models import Attendance, SessionStatus
from peercoach.matching import planning
from peercoach.methods.models import Method, ProgramMethod, SessionRun
from peercoach.notifications import outbox
from peercoach.notifications.actions import queue_match_announcement
from peercoach.organisations.models import Role
from peercoach.programs.models import (
    Enrolment,
    Format,
    ProgramStatus,
    Round,
    RoundStatus,
)
from tests import factories
from tests.conftest import signed_in_client


def make_pair(org, **program_fields):
    mia = factories.make_person(org, "Mia Member", preferred_language="en")
    finn = factories.make_person(org, "Finn Fellow", preferred_language="en")
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    program = factories.make_program(org, leads=[lead], **program_fields)
    group = factories.make_group(program, [mia, finn], name="Pair M")
    return mia, finn, lead, program, group


def test_a_session_in_the_future_cannot_be_marked_held_or_attended(org):
    mia, finn, lead, _program, group = make_pair(org)
    later = factories.make_session(group, starts_at=timezone.now() + timedelta(days=3))
    client = signed_in_client(mia)
    page = client.post(reverse("coaching:session_held", args=[later.pk]), follow=True)
    assert "has not begun yet" in page.content.decode()
    client.post(reverse("coaching:attendance", args=[later.pk]), {"present": [mia.pk, finn.pk]})
    later.refresh_from_db()
    assert later.status == SessionStatus.PLANNED
    assert not Attendance.objects.filter(session=later).exists()
    assert (
        "Mark as held"
        not in client.get(reverse("coaching:session", args=[later.pk])).content.decode()
    )

    soon = factories.make_session(group, starts_at=timezone.now() + timedelta(minutes=20))
    client.post(reverse("coaching:attendance", args=[soon.pk]), {"present": [mia.pk]})
    soon.refresh_from_db()
    assert soon.status == SessionStatus.HELD
    assert Attendance.objects.filter(session=soon, present=True).count() == 1


def test_live_facilitation_cannot_start_days_ahead(org):
    mia, _finn, _lead, program, group = make_pair(org)
    ProgramMethod.objects.create(program=program, method=Method.objects.get(key="incident"))
    later = factories.make_session(group, starts_at=timezone.now() + timedelta(days=2))
    client = signed_in_client(mia)
    run_url = reverse("methods:run", kwargs={"session_pk": later.pk})
    assert "half an hour before it begins" in client.get(run_url, follow=True).content.decode()
    client.post(reverse("methods:run_start", kwargs={"session_pk": later.pk}))
    assert not SessionRun.objects.filter(session=later, started_at__isnull=False).exists()

    soon = factories.make_session(group, starts_at=timezone.now() + timedelta(minutes=25))
    client.post(reverse("methods:run_start", kwargs={"session_pk": soon.pk}))
    assert SessionRun.objects.get(session=soon).is_running


def planned_round(org, status):
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    program = factories.make_program(org, leads=[lead], status=status)
    for number in range(4):
        Enrolment.objects.create(program=program, person=factories.make_person(org, f"P{number}"))
    return lead, program, planning.do_plan_round(program)


def test_a_round_of_a_draft_program_cannot_be_published(org):
    lead, program, round_ = planned_round(org, ProgramStatus.DRAFT)
    url = reverse("matching:publish", kwargs={"round_pk": round_.pk})
    page = signed_in_client(lead).post(url, {"confirm": "yes"}, follow=True).content.decode()
    assert "still a draft" in page
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.DRAFT


def test_publishing_says_how_many_people_get_an_email_and_asks_first(org):
    lead, program, round_ = planned_round(org, ProgramStatus.ENROLLING)
    url = reverse("matching:publish", kwargs={"round_pk": round_.pk})
    client = signed_in_client(lead)
    page = client.post(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "4 people will get an email." in body and 'name="confirm" value="yes"' in body
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.DRAFT
    client.post(url, {"confirm": "yes"})
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.PUBLISHED


def test_moving_a_program_on_says_how_many_people_get_an_email_and_asks_first(org):
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    program = factories.make_program(org, leads=[lead])
    for name in ("Anna", "Bram", "Cor"):
        Enrolment.objects.create(program=program, person=factories.make_person(org, name))
    url = reverse("programs:advance", kwargs={"program_pk": program.pk})
    client = signed_in_client(lead)
    for method in (client.get, client.post):
        body = method(url).content.decode()
        assert "3 people will get an email." in body
        program.refresh_from_db()
        assert program.status == ProgramStatus.DRAFT
    client.post(url, {"confirm": "yes"})
    program.refresh_from_db()
    assert program.status == ProgramStatus.ENROLLING
    assert "Nobody will get an email." in client.get(url).content.decode()


def test_a_pairs_program_speaks_of_a_partner_not_a_group(org, smtp):
    mia, finn, _lead, _program, pair = make_pair(org, format=Format.PAIRS)
    ann = factories.make_person(org, "Ann", preferred_language="en")
    bo = factories.make_person(org, "Bo", preferred_language="en")
    groups = factories.make_program(org, format=Format.GROUPS, group_size=4)
    circle = factories.make_group(groups, [ann, bo], name="Circle A")
    queue_match_announcement(mia, pair, [])
    queue_match_announcement(ann, circle, [])
    outbox.deliver_all("test")
    subjects = {message["To"]: message["Subject"] for message in smtp.messages}
    assert subjects[mia.email] == "Meet your peer coaching partner: Finn Fellow"
    assert subjects[ann.email] == "Meet your peer coaching group: Circle A"
    assert finn.email not in subjects
