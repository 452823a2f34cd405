"""The people list at thousands of people: search, filters, pages that keep the filters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peercoach.organisations.models import Person, Role
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(cast):
    """This module's organisation is the shared cast's (Org A), where its lead works."""
    return cast.organisation


@pytest.fixture
def lead(cast):
    return cast.lead


def crowd(org, count: int, department: str = "Finance"):
    return [
        factories.make_person(org, f"Crowd {i:03d}", with_user=False, department=department)
        for i in range(count)
    ]


def names_on(response) -> list[str]:
    page = response.context["page"]
    return [row["name"] for row in page]  # the list reads rows of values


def test_it_finds_people_by_name_email_and_department(org, lead):
    iris_sales = factories.make_person(org, "Iris van Leeuwen", department="Sales")
    factories.make_person(org, "Iris van Leeuwen", department="IT", email="iris.it@example.com")
    factories.make_person(org, "Bram Bakker", department="Sales")
    client = signed_in_client(lead)
    url = reverse("people:list")
    assert names_on(client.get(url, {"q": "iris"})) == ["Iris van Leeuwen"] * 2
    assert names_on(client.get(url, {"q": "iris.it@"})) == ["Iris van Leeuwen"]
    assert sorted(names_on(client.get(url, {"q": "sales"}))) == ["Bram Bakker", "Iris van Leeuwen"]
    assert names_on(client.get(url, {"q": "van sales"})) == ["Iris van Leeuwen"]
    assert [p["pk"] for p in client.get(url, {"q": "van sales"}).context["page"]] == [iris_sales.pk]


def test_it_filters_by_department_program_and_role(org, lead):
    anna = factories.make_person(org, "Anna", department="Sales")
    bram = factories.make_person(org, "Bram", department="IT")
    program = factories.make_program(org, leads=[lead])
    factories.make_group(program, [anna, bram])
    withdrawn = factories.make_person(org, "Cas", department="IT")
    factories.make_group(factories.make_program(org, leads=[lead]), [withdrawn, anna])
    client = signed_in_client(lead)
    url = reverse("people:list")
    assert names_on(client.get(url, {"department": "IT"})) == ["Bram", "Cas"]
    assert names_on(client.get(url, {"program": program.pk})) == ["Anna", "Bram"]
    assert names_on(client.get(url, {"role": "lead"})) == ["Lee Lead"]
    assert names_on(client.get(url, {"program": program.pk, "department": "IT"})) == ["Bram"]


def test_it_ignores_a_stale_or_foreign_filter_without_an_error(org, lead):
    other_program = factories.make_program(factories.make_organisation())
    factories.make_person(org, "Anna", department="Sales")
    response = signed_in_client(lead).get(
        reverse("people:list"),
        {"program": other_program.pk, "department": "Gone", "role": "king", "page": "x"},
    )
    assert response.status_code == 200
    assert "Anna" in names_on(response)


def test_it_shows_pages_whose_links_keep_the_filters(org, lead):
    crowd(org, 120)
    client = signed_in_client(lead)
    response = client.get(reverse("people:list"), {"department": "Finance", "q": "crowd"})
    assert names_on(response)[:2] == ["Crowd 000", "Crowd 001"]
    assert len(names_on(response)) == 50
    html = response.content.decode()
    assert 'href="?department=Finance&amp;q=crowd&amp;page=2"' in html
    assert 'href="?department=Finance&amp;q=crowd&amp;page=3"' in html
    second = client.get(reverse("people:list"), {"department": "Finance", "q": "crowd", "page": 3})
    assert names_on(second) == [f"Crowd {i:03d}" for i in range(100, 120)]


def test_it_tells_namesakes_apart_by_email(org, lead):
    factories.make_person(org, "Iris van Leeuwen", email="iris.one@example.com")
    factories.make_person(org, "Iris van Leeuwen", email="iris.two@example.com")
    html = signed_in_client(lead).get(reverse("people:list"), {"q": "iris"}).content.decode()
    assert "iris.one@example.com" in html and "iris.two@example.com" in html


def measure(org, lead, count: int) -> tuple[int, int]:
    crowd(org, count)
    client = signed_in_client(lead)
    client.get(reverse("people:list"))  # the session and the language are settled
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("people:list"), {"q": "crowd"})
    assert response.status_code == 200
    return len(queries), len(response.content)


def test_it_does_the_same_queries_and_page_size_at_two_sizes(cast, lead, org):
    few_queries, few_bytes = measure(org, lead, 60)
    other = cast.other_organisation
    other_lead = factories.make_person(other, "Otto Lead", role=Role.LEAD)
    many_queries, many_bytes = measure(other, other_lead, 400)
    assert few_queries == many_queries
    assert many_bytes < few_bytes * 1.1


def test_the_person_form_finds_a_manager_by_typing_and_keeps_what_was_typed(org, lead):
    boss = factories.make_person(org, "Iris van Leeuwen", department="Sales")
    factories.make_person(org, "Iris van Leeuwen", department="IT")
    crowd(org, 30)
    client = signed_in_client(lead)
    first = client.get(reverse("people:add")).content.decode()
    assert '<select name="manager"' not in first
    typed = {"name": "Noor", "email": "noor@example.com", "department": "Sales", "languages": "nl"}
    searching = client.post(reverse("people:add"), {**typed, "find": "iris", "_find": "1"})
    assert searching.status_code == 200
    html = searching.content.decode()
    assert 'value="Noor"' in html and 'value="noor@example.com"' in html
    assert html.count('name="manager" value="') == 3  # "no manager" and the two namesakes
    assert 'person-detail">Sales<' in html and 'person-detail">IT<' in html
    assert not Person.objects.filter(email="noor@example.com").exists()
    saved = client.post(
        reverse("people:add"),
        {**typed, "manager": boss.pk, "role_preference": "both", "preferred_language": ""},
    )
    assert saved.status_code == 302
    noor = Person.objects.get(email="noor@example.com")
    assert noor.manager == boss
    edit = client.get(reverse("people:edit", args=[noor.pk])).context["manager"]
    assert edit.chosen == boss
