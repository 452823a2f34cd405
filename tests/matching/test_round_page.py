"""The matching page of a round of thousands: a page of groups, people found by typing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peercoach.organisations.models import Role
from peercoach.programs.models import Enrolment
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def draft_round(org, pairs: int, department_of=lambda number: f"Dept {number % 7}"):
    from peercoach.matching import planning

    lead = factories.make_person(org, role=Role.LEAD)
    program = factories.make_program(org, leads=[lead])
    for number in range(2 * pairs):
        person = factories.make_person(
            org, f"Person {number}", with_user=False, department=department_of(number)
        )
        Enrolment.objects.create(program=program, person=person)
    return lead, program, planning.do_plan_round(program)


def page(client, program, **params):
    return client.get(reverse("matching:program", args=[program.pk]), params)


def test_it_shows_a_page_of_groups_and_no_select_of_everyone(org):
    lead, program, round_ = draft_round(org, 60)
    client = signed_in_client(lead)
    html = page(client, program).content.decode()
    assert "<select" not in html
    assert html.count('<article class="card"') == 24
    # Until a name is typed, 120 people are no list to choose from: the picker says to type.
    assert not re.findall(r'name="person" value=', html)
    assert "Type part of a name, email or department to find someone." in html
    assert "Type part of a group’s name to find it." in html
    last = page(client, program, page=3).content.decode()
    assert last.count('<article class="card"') == 12
    typed = page(client, program, who="Person 1").content.decode()
    assert len(re.findall(r'name="person" value=', typed)) == 20


def test_it_finds_whom_to_move_or_swap_and_where(org):
    lead, program, round_ = draft_round(org, 30, department_of=lambda number: f"Dept {number}")
    client = signed_in_client(lead)
    first, second = round_.groups.order_by("pk")[:2]
    mover = first.memberships.first().person
    other = second.memberships.first().person
    response = page(client, program, who=mover.email, to=second.name, **{"with": other.email})
    assert [p.pk for p in response.context["who"].matches] == [mover.pk]
    assert [p.pk for p in response.context["swap_second"].matches] == [other.pk]
    assert second in response.context["to_groups"]
    html = response.content.decode()
    assert f'name="group" value="{second.pk}"' in html
    assert f'name="first" value="{mover.pk}"' in html
    client.post(reverse("matching:swap", args=[round_.pk]), {"first": mover.pk, "second": other.pk})
    assert second.memberships.filter(person=mover).exists()
    assert first.memberships.filter(person=other).exists()


def measure(lead, program) -> tuple[int, int]:
    client = signed_in_client(lead)
    page(client, program)
    with CaptureQueriesContext(connection) as queries:
        response = page(client, program, who="person 1")
    return len(queries), len(response.content)


def test_it_stays_the_same_size_at_two_sizes(org):
    few = measure(*draft_round(org, 55)[:2])
    many = measure(*draft_round(factories.make_organisation(), 200)[:2])
    assert few[0] == many[0]
    assert many[1] < few[1] * 1.15
