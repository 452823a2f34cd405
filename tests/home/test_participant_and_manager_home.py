"""The participant's home leads with the next step; the manager's says what they can see."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from peercoach.coaching.models import Attendance, SessionStatus
from peercoach.organisations.models import Role
from peercoach.programs.models import ProgramStatus
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

SENTINEL = "SENTINEL-home-manager-3b9"


def home_of(person) -> str:
    return signed_in_client(person).get(reverse("home")).content.decode()


def test_the_next_session_in_the_members_own_time_zone_with_its_agenda(org):
    mia = factories.make_person(org, "Mia Member", time_zone="America/New_York")
    finn = factories.make_person(org, "Finn Fellow")
    group = factories.make_group(factories.make_program(org), [mia, finn], name="Pair Tulip")
    starts = datetime(2030, 6, 3, 14, 0, tzinfo=ZoneInfo("UTC"))
    session = factories.make_session(
        group, starts_at=starts, location="Room 4.12", video_url="https://meet.example.com/tulip"
    )
    page = home_of(mia)
    assert "Monday 3 June 2030, 10:00" in page and "America/New_York" in page
    assert "Room 4.12" in page and 'href="https://meet.example.com/tulip"' in page
    assert f'href="{reverse("coaching:session", args=[session.pk])}"' in page
    assert "Monday 3 June 2030, 16:00" in home_of(finn)  # Europe/Amsterdam, the organisation's


def test_open_actions_carry_an_overdue_badge(org):
    mia = factories.make_person(org)
    group = factories.make_group(factories.make_program(org), [mia, factories.make_person(org)])
    session = factories.make_session(group, days_from_now=-3, status=SessionStatus.HELD)
    today = timezone.localdate()
    factories.make_action_item(session, mia, "Call the client", due_on=today - timedelta(1))
    factories.make_action_item(session, mia, "Read the chapter", due_on=today + timedelta(3))
    page = home_of(mia)
    late, later = page.split("Call the client")[1].split("Read the chapter")
    assert "badge-danger" in late and "Overdue" in late
    assert "badge-danger" not in later.split("</li>")[0]


def test_empty_states_say_what_to_do_next(org):
    loner = factories.make_person(org)
    page = home_of(loner)
    assert "You are not in a group yet" in page and "your program lead has matched" in page
    mia = factories.make_person(org)
    group = factories.make_group(factories.make_program(org), [mia, factories.make_person(org)])
    page = home_of(mia)
    assert "No session planned yet" in page
    assert f'href="{reverse("coaching:group_detail", args=[group.pk])}">Plan a session' in page


def test_the_participant_home_in_dutch(org):
    mia = factories.make_person(org, preferred_language="nl")
    factories.make_group(factories.make_program(org), [mia, factories.make_person(org)])
    page = home_of(mia)
    assert "Je volgende sessie" in page and "Schrijf aan de hele groep" in page


def team_of(org, manager, taking_part: int):
    program = factories.make_program(org, status=ProgramStatus.RUNNING)
    people = [factories.make_person(org, manager=manager) for _ in range(taking_part)]
    group = factories.make_group(program, people)
    session = factories.make_session(group, days_from_now=-2, status=SessionStatus.HELD)
    for person in people:
        Attendance.objects.create(session=session, person=person, present=True)
    factories.make_entry(session, people[0], SENTINEL)
    return people


def test_a_manager_sees_team_totals_once_five_take_part_and_nothing_individual(org, settings):
    settings.REPORTS_MINIMUM_GROUP = 5
    manager = factories.make_person(org, "Maud Manager")
    people = team_of(org, manager, 4)
    page = home_of(manager)
    assert "Your team" in page and "at least 5 of your people take part" in page
    assert "People taking part in a running program" not in page
    people.append(factories.make_person(org, manager=manager))  # enrolled nowhere
    more = team_of(org, manager, 1)
    page = home_of(manager)
    assert "5 of 6" in page and "People taking part in a running program" in page
    for person in people + more:
        assert person.name not in page
    assert SENTINEL not in page and "Programs you run" not in page


def test_a_participant_who_manages_nobody_sees_no_team_part(org):
    mia = factories.make_person(org)
    assert "Your team" not in home_of(mia)


def test_a_lead_sees_no_content_on_the_dashboard(org, settings):
    settings.REPORTS_MINIMUM_GROUP = 1
    lead = factories.make_person(org, role=Role.LEAD)
    program = factories.make_program(org, leads=[lead], status=ProgramStatus.RUNNING)
    people = [factories.make_person(org) for _ in range(2)]
    group = factories.make_group(program, people)
    session = factories.make_session(group, days_from_now=-1, status=SessionStatus.HELD)
    factories.make_entry(session, people[0], SENTINEL)
    factories.make_action_item(session, people[0], SENTINEL, due_on=timezone.localdate())
    page = home_of(lead)
    assert program.name in page and SENTINEL not in page


def test_someone_in_no_group_is_told_so_once_with_what_happens_next(org):
    page = home_of(factories.make_person(org))
    assert page.count("not in a group yet") == 1
    assert 'id="groups-heading"' not in page
