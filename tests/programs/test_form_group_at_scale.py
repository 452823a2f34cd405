"""Forming a group by hand among thousands of enrolled people: a picker, not a list of all."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peercoach.organisations.models import Person
from peercoach.organisations.people_search import PICKER_SIZE
from peercoach.programs.models import Enrolment, Group
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(cast):
    return cast.organisation


@pytest.fixture
def lead(cast):
    return cast.lead


@pytest.fixture
def program(org, lead):
    """A new program of the cast's lead beside the cast's, with nobody enrolled yet."""
    return factories.make_program(org, leads=[lead])


def enrol_crowd(org, program, count: int) -> list[Person]:
    people = Person.objects.bulk_create(
        Person(organisation=org, name=f"Crowd {i:04d}", email=f"crowd{i}@example.com")
        for i in range(count)
    )
    Enrolment.objects.bulk_create(Enrolment(program=program, person=p) for p in people)
    return people


def enrol(program, *people) -> None:
    Enrolment.objects.bulk_create(Enrolment(program=program, person=p) for p in people)


def url(program) -> str:
    return reverse("programs:group_create", kwargs={"program_pk": program.pk})


def offered(response) -> list[str]:
    picker = response.context["members"]
    return [p.name for p in picker.chosen_people + picker.matches]


def test_it_lists_everyone_who_fits_and_otherwise_asks_to_type_a_name(org, lead, program):
    enrol_crowd(org, program, PICKER_SIZE)
    html = signed_in_client(lead).get(url(program)).content.decode()
    assert html.count('name="members"') == PICKER_SIZE
    more = Person.objects.bulk_create(
        Person(organisation=org, name=f"More {i:02d}", email=f"more{i}@example.com")
        for i in range(15)
    )
    Enrolment.objects.bulk_create(Enrolment(program=program, person=p) for p in more)
    response = signed_in_client(lead).get(url(program))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('name="members"') == 0
    assert "Type part of a name, email or department to find someone." in html
    assert 'id="find-members"' in html


def test_it_finds_members_by_typing_and_keeps_the_ones_chosen_without_javascript(
    cast, org, lead, program
):
    anna = factories.make_person(org, "Anna Aalders", department="Sales")
    iris_it = factories.make_person(org, "Iris van Leeuwen", department="IT")
    iris_hr = factories.make_person(org, "Iris van Leeuwen", department="HR")
    not_enrolled = factories.make_person(org, "Iris Elsewhere")
    enrol(program, anna, iris_it, iris_hr)
    enrol_crowd(org, program, PICKER_SIZE + 5)
    client = signed_in_client(lead)

    found = client.post(
        url(program), {"_find": "1", "find": "iris", "name": "Duo", "members": [anna.pk]}
    )

    assert found.status_code == 200
    assert set(Group.objects.all()) == {cast.group, cast.other_group}
    assert offered(found) == ["Anna Aalders", "Iris van Leeuwen", "Iris van Leeuwen"]
    html = found.content.decode()
    assert f'value="{anna.pk}" id="members-{anna.pk}" checked' in html
    assert 'person-detail">IT<' in html and 'person-detail">HR<' in html
    assert 'value="Duo"' in html and not_enrolled.name not in html

    client.post(url(program), {"name": "Duo", "members": [anna.pk, iris_it.pk]})
    group = Group.objects.get(name="Duo")
    assert {m.person_id for m in group.memberships.all()} == {anna.pk, iris_it.pk}


def test_it_shows_nobody_chosen_who_is_not_enrolled(cast, org, lead, program):
    outsider, colleague = cast.outsider, cast.fellow
    anna = factories.make_person(org, "Anna Aalders")
    enrol(program, anna)
    response = signed_in_client(lead).post(
        url(program), {"_find": "1", "members": [outsider.pk, colleague.pk, anna.pk, "x"]}
    )
    assert offered(response) == ["Anna Aalders"]
    assert "Oscar" not in response.content.decode() and "Finn" not in response.content.decode()


def test_bad_input_gets_a_message_not_an_error(cast, org, lead, program):
    anna = factories.make_person(org, "Anna Aalders")
    enrol(program, anna)
    client = signed_in_client(lead)
    for data in (
        {"_find": "1", "find": "an\x00na\x07", "members": ["1\x00"]},
        {"name": "Solo", "members": [anna.pk]},
        {"name": "Bad", "members": ["abc", "-1", "99999999999999999999"]},
    ):
        response = client.post(url(program), data)
        assert response.status_code == 200
    assert (
        "A group needs at least two members."
        in client.post(url(program), {"name": "Solo", "members": [anna.pk]}).content.decode()
    )
    assert set(Group.objects.all()) == {cast.group, cast.other_group}


def test_the_page_makes_as_many_queries_for_ten_people_as_for_two_hundred(org, lead, program):
    def queries(data=None) -> int:
        client = signed_in_client(lead)
        client.get(url(program))  # the session and the sign-in are warm
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url(program), data) if data else client.get(url(program))
        assert response.status_code == 200
        return len(captured)

    few = enrol_crowd(org, program, 10)
    search = {"_find": "1", "find": "crowd", "name": "Duo", "members": [few[0].pk, few[1].pk]}
    small = (queries(), queries(search))
    more = Person.objects.bulk_create(
        Person(organisation=org, name=f"More {i:04d}", email=f"more{i}@example.com")
        for i in range(190)
    )
    enrol(program, *more)
    assert (queries(), queries(search)) == small


def test_it_offers_only_people_without_a_group_when_asked(org, lead, program):
    anna, bram, cas = (factories.make_person(org, name) for name in ("Anna", "Bram", "Cas"))
    enrol(program, anna, bram, cas)
    factories.make_group(program, [anna, bram])
    client = signed_in_client(lead)
    assert offered(client.get(url(program))) == ["Anna", "Bram", "Cas"]
    only = client.post(url(program), {"_find": "1", "unplaced": "1", "members": [anna.pk]})
    assert offered(only) == ["Anna", "Cas"]  # who was chosen stays chosen
    assert 'id="unplaced" checked' in only.content.decode()
    nobody = client.post(url(program), {"_find": "1", "unplaced": "1", "find": "bram"})
    assert "Nobody matches “bram”." in nobody.content.decode()
