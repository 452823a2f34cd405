"""The manager's view: aggregate figures about their own people, only when enough take part."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peercoach import access
from peercoach.coaching.models import SessionStatus
from peercoach.organisations.models import Role
from peercoach.programs.models import EnrolmentStatus, ProgramStatus
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

TOO_FEW = "Too few of your people take part"


def build_team(org, taking_part: int, *, not_taking_part: int = 2):
    """A manager with one direct report (a team lead) whose reports are the rest: the people
    taking part are all indirect reports. They meet in pairs with a colleague from elsewhere."""
    manager = factories.make_person(org, "Max Manager")
    team_lead = factories.make_person(org, "Tess Teamlead", manager=manager)
    program = factories.make_program(org, name="Secret Program", status=ProgramStatus.RUNNING)
    people = []
    for i in range(taking_part):
        person = factories.make_person(org, f"Reporter {i}", manager=team_lead)
        partner = factories.make_person(org, f"Elsewhere {i}")
        group = factories.make_group(program, [person, partner], name=f"Pair {i}")
        factories.make_session(group, days_from_now=-10, status=SessionStatus.HELD)
        factories.make_session(group, days_from_now=-3)  # not marked as held
        factories.make_session(group, days_from_now=-120, status=SessionStatus.HELD)  # too old
        factories.make_session(group, days_from_now=5)  # still to come
        people.append(person)
    for i in range(not_taking_part):
        factories.make_person(org, f"Bystander {i}", manager=team_lead)
    return manager, team_lead, program, people


def team_page(person):
    return signed_in_client(person).get(reverse("reports:team"))


def test_it_shows_figures_when_five_people_take_part(org):
    manager, _lead, _program, _people = build_team(org, taking_part=5)
    response = team_page(manager)
    body = response.content.decode()
    assert response.status_code == 200
    assert TOO_FEW not in body
    assert "5 of 8" in body  # five taking part of the team lead and seven others
    assert "50 %" in body  # of the ten sessions scheduled in the last 90 days, five took place


def test_it_hides_figures_below_five(org):
    manager, _lead, _program, _people = build_team(org, taking_part=4)
    body = team_page(manager).content.decode()
    assert TOO_FEW in body
    assert "of 7" not in body and "%" not in body


def test_it_counts_only_active_enrolments_in_running_programs(org):
    manager, _lead, program, people = build_team(org, taking_part=5)
    program.enrolments.filter(person=people[0]).update(status=EnrolmentStatus.WITHDRAWN)
    assert TOO_FEW in team_page(manager).content.decode()


def test_it_follows_the_setting(org, settings):
    settings.REPORTS_MINIMUM_GROUP = 3
    manager, _lead, _program, _people = build_team(org, taking_part=3)
    assert "3 of 6" in team_page(manager).content.decode()


def test_it_never_names_people_or_programs(org):
    manager, team_lead, program, people = build_team(org, taking_part=6)
    body = team_page(manager).content.decode()
    for text in ("Reporter", "Elsewhere", "Bystander", "Pair ", program.name, team_lead.name):
        assert text not in body, text


def test_a_manager_sees_only_their_own_direct_and_indirect_reports(org):
    manager, team_lead, _program, people = build_team(org, taking_part=5)
    other_manager = factories.make_person(org, "Olga Othermanager")
    factories.make_person(org, "Not mine", manager=other_manager)
    other_org = factories.make_organisation("Other")
    factories.make_person(other_org, "Elsewhere", manager=manager)  # a broken link across tenants
    assert set(access.people_reporting_to(manager)) == {team_lead, *people} | set(
        team_lead.direct_reports.filter(name__startswith="Bystander")
    )
    assert set(access.people_reporting_to(team_lead)) == set(team_lead.direct_reports.all())
    assert "5 of 7" in team_page(team_lead).content.decode()


def test_it_survives_a_cycle_of_managers(org):
    a = factories.make_person(org, "A")
    b = factories.make_person(org, "B", manager=a)
    a.manager = b
    a.save()
    assert list(access.people_reporting_to(a)) == [b]


def test_it_answers_404_to_people_who_manage_nobody(org):
    _manager, _lead, _program, people = build_team(org, taking_part=5)
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    admin = factories.make_person(org, "Ada Admin", role=Role.ADMIN)
    for person in (people[0], lead, admin):
        assert team_page(person).status_code == 404


def test_it_links_managers_to_their_reports(org):
    manager, _lead, _program, people = build_team(org, taking_part=1)
    home = signed_in_client(manager).get(reverse("home")).content.decode()
    assert reverse("reports:index") in home
    index = signed_in_client(manager).get(reverse("reports:index")).content.decode()
    assert reverse("reports:team") in index
