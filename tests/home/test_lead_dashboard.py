"""The lead's home is a dashboard: per program its stage, the next setup step and counts that
link to where they are solved, under the reports' minimum-group rule, in a bounded number of
queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peercoach.coaching.models import Attendance, SessionStatus
from peercoach.home import dashboard
from peercoach.organisations.models import Role
from peercoach.programs.models import Cadence, ProgramStatus, Round, RoundStatus
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

SENTINEL = "SENTINEL-dashboard-81c2"


def held_session(group, days_ago: int):
    session = factories.make_session(group, days_from_now=-days_ago, status=SessionStatus.HELD)
    for membership in group.memberships.all():
        Attendance.objects.create(session=session, person=membership.person, present=True)
    return session


def running_program(org, lead, pairs: int, **fields):
    """A running pairs program whose pairs met three days ago."""
    program = factories.make_program(org, leads=[lead], status=ProgramStatus.RUNNING, **fields)
    groups = []
    for _ in range(pairs):
        group = factories.make_group(program, [factories.make_person(org) for _ in range(2)])
        held_session(group, 3)
        groups.append(group)
    return program, groups


def card_of(person, program):
    (card,) = [c for c in dashboard.lead_dashboard(person).programs if c.program == program]
    return card


def test_it_names_the_next_setup_step_with_where_it_is_done(org):
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    program = factories.make_program(org, leads=[lead])
    assert card_of(lead, program).next_step.key == "invite"
    program.status = ProgramStatus.ENROLLING
    program.save()
    assert card_of(lead, program).next_step.key == "enrol"
    ann, bob = factories.make_person(org), factories.make_person(org)
    program.enrolments.create(person=ann)
    program.enrolments.create(person=bob)
    step = card_of(lead, program).next_step
    assert (step.key, step.url) == ("match", reverse("matching:program", args=[program.pk]))
    draft = Round.objects.create(program=program, number=1, status=RoundStatus.DRAFT)
    group = factories.make_group(program, [ann, bob])
    group.round = draft
    group.save()
    assert card_of(lead, program).next_step.key == "publish"
    draft.status = RoundStatus.PUBLISHED
    draft.save()
    assert card_of(lead, program).next_step.key == "schedule"
    factories.make_session(group, days_from_now=2)
    assert card_of(lead, program).next_step is None

    page = signed_in_client(lead).get(reverse("home")).content.decode()
    assert program.name in page and "Plan the first sessions" in page


def test_it_counts_placed_and_unplaced_people(org):
    lead = factories.make_person(org, role=Role.LEAD)
    program, _groups = running_program(org, lead, pairs=2)
    for _ in range(3):
        program.enrolments.create(person=factories.make_person(org))
    card = card_of(lead, program)
    assert (card.enrolled, card.placed, card.unplaced) == (7, 4, 3)
    page = signed_in_client(lead).get(reverse("home")).content.decode()
    assert f'href="{reverse("matching:program", args=[program.pk])}">Not placed yet' in page


def test_it_holds_back_what_groups_do_until_enough_take_part(org, settings):
    settings.REPORTS_MINIMUM_GROUP = 5
    lead = factories.make_person(org, role=Role.LEAD)
    program, groups = running_program(org, lead, pairs=2)  # four people take part
    factories.make_action_item(
        groups[0].sessions.first(),
        groups[0].memberships.first().person,
        SENTINEL,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    card = card_of(lead, program)
    assert (card.idle_groups, card.overdue_actions, card.sessions_this_week) == (None,) * 3
    page = signed_in_client(lead).get(reverse("home")).content.decode()
    assert "Action items overdue" not in page and "at least 5 people take part" in page

    group = factories.make_group(program, [factories.make_person(org) for _ in range(2)])
    held_session(group, 3)  # six take part now
    card = card_of(lead, program)
    assert card.overdue_actions == 1
    page = signed_in_client(lead).get(reverse("home")).content.decode()
    assert "Action items overdue" in page
    assert SENTINEL not in page  # counts only: a lead never reads what was agreed


def test_it_counts_idle_groups_overdue_actions_and_sessions_this_week(org, settings):
    settings.REPORTS_MINIMUM_GROUP = 1
    lead = factories.make_person(org, role=Role.LEAD)
    program, (active, quiet) = running_program(
        org, lead, pairs=2, cadence=Cadence.WEEKLY, starts_on=timezone.localdate() - timedelta(60)
    )
    quiet.sessions.update(starts_at=timezone.now() - timedelta(days=20))
    now = timezone.now()
    week_start = timezone.localdate(now) - timedelta(days=timezone.localdate(now).weekday())
    inside = timezone.make_aware(
        timezone.datetime.combine(week_start + timedelta(days=6), timezone.datetime.min.time())
    ) + timedelta(hours=20)
    factories.make_session(active, starts_at=inside)
    factories.make_session(active, starts_at=inside + timedelta(days=1))  # next week
    factories.make_session(active, starts_at=inside, status=SessionStatus.CANCELLED)
    session = active.sessions.first()
    owner = active.memberships.first().person
    yesterday = timezone.localdate() - timedelta(days=1)
    factories.make_action_item(session, owner, "late", due_on=yesterday)
    factories.make_action_item(session, owner, "done", due_on=yesterday, done_at=now)
    factories.make_action_item(session, owner, "later", due_on=timezone.localdate())
    card = dashboard.lead_dashboard(lead, now).programs[0]
    assert card.idle_groups == 1
    assert card.overdue_actions == 1
    # The active pair's held session three days ago counts when it fell in this week.
    in_week = int(timezone.localtime(now - timedelta(days=3)).date() >= week_start)
    assert card.sessions_this_week == 1 + in_week


def test_an_admin_sees_every_program_and_a_participant_no_dashboard(org):
    admin = factories.make_person(org, role=Role.ADMIN)
    member = factories.make_person(org)
    program = factories.make_program(org, name="Mentoring 2026")
    factories.make_program(org, name="Old one", status=ProgramStatus.CLOSED)
    assert [c.program for c in dashboard.lead_dashboard(admin).programs] == [program]
    page = signed_in_client(admin).get(reverse("home")).content.decode()
    assert "Mentoring 2026" in page and "1 closed program" in page
    page = signed_in_client(member).get(reverse("home")).content.decode()
    assert "Mentoring 2026" not in page and "Programs you run" not in page


def test_a_lead_who_is_also_in_a_group_sees_both_parts(org):
    lead = factories.make_person(org, role=Role.LEAD)
    program, _groups = running_program(org, lead, pairs=1)
    partner = factories.make_person(org, "Pia Partner")
    factories.make_group(program, [lead, partner])
    page = signed_in_client(lead).get(reverse("home")).content.decode()
    assert "Programs you run" in page and "Your partner or group" in page and "Pia Partner" in page


def test_the_dashboard_in_dutch(org):
    lead = factories.make_person(org, role=Role.LEAD, preferred_language="nl")
    factories.make_program(org, leads=[lead])
    page = signed_in_client(lead).get(reverse("home")).content.decode()
    assert 'lang="nl"' in page
    assert "die je leidt" in page and "Volgende stap" in page


def build_programs(org, lead, programs: int, pairs: int) -> None:
    for _ in range(programs):
        program, groups = running_program(org, lead, pairs=pairs)
        program.enrolments.create(person=factories.make_person(org))
        for group in groups:
            factories.make_action_item(
                group.sessions.first(),
                group.memberships.first().person,
                "late",
                due_on=timezone.localdate() - timedelta(days=2),
            )


def home_queries(person) -> int:
    client = signed_in_client(person)
    client.get(reverse("home"))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_the_dashboard_does_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    small = factories.make_person(org, role=Role.LEAD)
    build_programs(org, small, programs=1, pairs=1)
    large = factories.make_person(org, role=Role.LEAD)
    build_programs(org, large, programs=6, pairs=8)
    assert len(dashboard.lead_dashboard(large).programs) == 6
    assert home_queries(small) == home_queries(large)
    client = signed_in_client(large)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("home")).status_code == 200
