"""Enrolment and the program page at thousands of people: search, pages, a department or all."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peercoach.organisations.models import Role
from peercoach.programs.models import Enrolment
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(cast):
    """The cast's organisation; each test's program and crowd are built around the cast."""
    return cast.organisation


@pytest.fixture
def lead(cast):
    return cast.lead


def enrol_url(program) -> str:
    return reverse("programs:enrol", kwargs={"program_pk": program.pk})


def enrolled(program) -> list[str]:
    return sorted(Enrolment.objects.filter(program=program).values_list("person__name", flat=True))


def test_it_finds_people_not_yet_enrolled_and_tells_namesakes_apart(org, lead):
    program = factories.make_program(org, leads=[lead])
    factories.make_person(org, "Iris van Leeuwen", department="Sales")
    factories.make_person(org, "Iris van Leeuwen", department="IT")
    factories.make_group(program, [factories.make_person(org, "Iris Enrolled"), lead])
    response = signed_in_client(lead).get(enrol_url(program), {"q": "iris"})
    assert [p.name for p in response.context["page"]] == ["Iris van Leeuwen"] * 2
    html = response.content.decode()
    assert "Iris Enrolled" not in html
    assert 'person-detail">Sales<' in html and 'person-detail">IT<' in html


def test_it_enrols_a_department_or_everyone(cast, org, lead):
    program = factories.make_program(org, leads=[lead])
    for name, department in [("Anna", "Sales"), ("Bram", "Sales"), ("Cas", "IT")]:
        factories.make_person(org, name, department=department)
    other_org_person = cast.outsider
    other_org_person.department = "Sales"
    other_org_person.save()
    client = signed_in_client(lead)
    client.post(enrol_url(program), {"scope": "department", "department": "Sales"})
    assert enrolled(program) == ["Anna", "Bram"]
    client.post(enrol_url(program), {"scope": "everyone"})
    # Everyone active in Org A: the three above and the cast, but not the leaver Fred Former.
    assert enrolled(program) == [
        "Ada Admin",
        "Anna",
        "Bram",
        "Cas",
        "Finn Fellow",
        "Lee Lead",
        "Max Manager",
        "Mia Member",
        "Olga Other",
        "Otto Partner",
    ]
    assert not Enrolment.objects.filter(person=other_org_person).exists()


def test_it_refuses_an_empty_choice_with_a_message(org, lead):
    program = factories.make_program(org, leads=[lead])
    factories.make_person(org, "Anna", department="Sales")
    client = signed_in_client(lead)
    for data in (
        {"scope": "chosen"},
        {"scope": "department"},
        {"scope": "department", "department": "Gone"},
    ):
        response = client.post(enrol_url(program), data, follow=True)
        assert response.status_code == 200
        assert list(response.context["messages"]), data
    assert enrolled(program) == []


def test_it_keeps_another_organisation_out_of_enrolment(cast, org, lead):
    program = factories.make_program(org, leads=[lead])
    signed_in_client(lead).post(enrol_url(program), {"people": [cast.outsider.pk]})
    assert enrolled(program) == []
    other_lead = factories.make_person(cast.other_organisation, role=Role.LEAD)
    assert signed_in_client(other_lead).get(enrol_url(program)).status_code == 404


def test_a_leaver_is_neither_offered_nor_enrolled(cast, org, lead):
    program = factories.make_program(org, leads=[lead])
    client = signed_in_client(lead)
    page = client.get(enrol_url(program), {"q": "Fred"}).content.decode()
    assert cast.former_member.name not in page
    client.post(enrol_url(program), {"scope": "chosen", "people": [cast.former_member.pk]})
    assert enrolled(program) == []


def build(org, lead, pairs: int):
    program = factories.make_program(org, leads=[lead])
    for number in range(pairs):
        a = factories.make_person(org, f"A {number}", with_user=False)
        b = factories.make_person(org, f"B {number}", with_user=False)
        factories.make_group(program, [a, b], name=f"Pair {number}")
        factories.make_person(org, f"C {number}", with_user=False)  # not enrolled
    return program


def measure(client, url) -> tuple[int, int]:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.content)


def test_the_program_page_shows_a_page_of_groups_in_natural_order(org, lead):
    program = build(org, lead, 60)
    url = reverse("programs:detail", kwargs={"program_pk": program.pk})
    client = signed_in_client(lead)
    first = client.get(url).content.decode()
    assert "Pair 2<" in first and "Pair 10<" in first and "Pair 49<" in first
    assert first.index("Pair 2<") < first.index("Pair 10<")
    assert "Pair 50<" not in first and "B 50" not in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Pair 59<" in second and "Pair 49<" not in second


def test_program_and_enrolment_pages_stay_the_same_size_at_two_sizes(cast, org, lead):
    small = build(org, lead, 55)
    other = cast.other_organisation
    other_lead = factories.make_person(other, "Otto Lead", role=Role.LEAD)
    large = build(other, other_lead, 250)
    for name in ("programs:detail", "programs:enrol"):
        few = measure(signed_in_client(lead), reverse(name, kwargs={"program_pk": small.pk}))
        many = measure(signed_in_client(other_lead), reverse(name, kwargs={"program_pk": large.pk}))
        assert few[0] == many[0], name
        assert many[1] < few[1] * 1.1, name


def test_it_enrols_everyone_the_last_import_added(org, lead):
    from peercoach.participants.importing import apply_import, plan_import, read_for_organisation

    def run_import(text: str) -> None:
        data = ("email,name,department\n" + text).encode()
        apply_import(org, plan_import(org, read_for_organisation(org, data, "people.csv")))

    program = factories.make_program(org, leads=[lead])
    factories.make_person(org, "By Hand")
    run_import("anna@x.nl,Anna,Sales\n")
    run_import("anna@x.nl,Anna,Sales\nbram@x.nl,Bram,IT\ncas@x.nl,Cas,IT\n")
    client = signed_in_client(lead)
    assert (
        "Enrol the 2 people the last import added"
        in client.get(enrol_url(program)).content.decode()
    )
    client.post(enrol_url(program), {"scope": "last_import"})
    assert enrolled(program) == ["Bram", "Cas"]
    # Once they are enrolled, the button is gone (not the import before it instead).
    assert "the last import added" not in client.get(enrol_url(program)).content.decode()
