import pytest
from django.urls import reverse

from peercoach.organisations.models import Person
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def person_data(**overrides):
    data = {
        "name": "Noor Visser",
        "email": "Noor.Visser@Example.com",
        "role": "participant",
        "department": "Sales",
        "languages": "nl | en",
        "skills_offered": "presenting | Excel",
        "skills_wanted": "negotiating",
        "time_zone": "Europe/Amsterdam",
        "role_preference": "both",
        "experience_years": "4",
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin(cast):
    return cast.admin


def test_it_adds_a_person_with_lists_and_a_lower_cased_email(cast, admin):
    response = signed_in_client(admin).post(reverse("people:add"), person_data())
    assert response.status_code == 302
    noor = Person.objects.get(email="noor.visser@example.com")
    assert noor.organisation == cast.organisation
    assert noor.languages == ["nl", "en"]
    assert noor.skills_offered == ["presenting", "Excel"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Mars/Olympus", "is not a known time zone"),
        ("languages", "dutch", "is not a two-letter language code"),
        ("experience_years", "veel", "Enter a whole number."),
        ("email", "not-an-email", "Enter a valid email address."),
    ],
)
def test_it_explains_bad_input_and_stores_nothing(admin, field, value, message):
    response = signed_in_client(admin).post(reverse("people:add"), person_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.filter(name="Noor Visser").exists()


def test_it_refuses_a_duplicate_email_in_dutch(cast, admin):
    factories.make_person(cast.organisation, email="noor.visser@example.com")
    admin.preferred_language = "nl"
    admin.save()
    response = signed_in_client(admin).post(reverse("people:add"), person_data())
    assert "Iemand in deze organisatie heeft dit e-mailadres al." in response.content.decode()


def test_it_refuses_a_reporting_loop(cast, admin):
    boss, worker = cast.manager, cast.member  # the member reports to the manager
    response = signed_in_client(admin).post(
        reverse("people:edit", kwargs={"person_pk": boss.pk}),
        person_data(name=boss.name, email=boss.email, manager=worker.pk),
    )
    assert "would loop back" in response.content.decode()
    boss.refresh_from_db()
    assert boss.manager is None


def test_it_does_not_offer_managers_from_another_organisation(cast, admin):
    elsewhere = cast.outsider  # of Org B
    response = signed_in_client(admin).post(
        reverse("people:add"), person_data(manager=elsewhere.pk)
    )
    assert response.status_code == 200
    assert not Person.objects.filter(name="Noor Visser").exists()
