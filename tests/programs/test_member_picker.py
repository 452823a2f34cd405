"""Adding someone to a group of a program with thousands enrolled: type to find them."""

import pytest
from django.urls import reverse

from peercoach.running import actions
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(cast):
    """A second program of the cast's lead: the cast's member and fellow are its pair (not the
    cast's pair, as the tests add to it) and 32 more people are enrolled."""
    org = cast.organisation
    program = factories.make_program(org, leads=[cast.lead])
    group = factories.make_group(program, [cast.member, cast.fellow], name="Pair N")
    crowd = [
        factories.make_person(org, f"Crowd {i:02d}", with_user=False, department="Ops")
        for i in range(30)
    ]
    iris = [
        factories.make_person(org, "Iris van Leeuwen", department=d, with_user=False)
        for d in ("Sales", "IT")
    ]
    actions.do_enrol(program, crowd + iris)
    factories.make_person(org, "Iris Not Enrolled")
    return cast.lead, group, iris


def group_page(client, group, **params):
    return client.get(reverse("coaching:group_detail", kwargs={"group_pk": group.pk}), params)


def test_it_offers_a_few_enrolled_people_and_finds_the_others_by_typing(setting):
    lead, group, iris = setting
    client = signed_in_client(lead)
    picker = group_page(client, group).context["add_member"]
    assert picker.matches == [] and picker.more  # more than fit: it asks for a name
    assert len(group_page(client, group, find="Crowd").context["add_member"].matches) == 20
    html = group_page(client, group, find="iris").content.decode()
    assert html.count('name="person" value=') == 2
    assert 'person-detail">Sales<' in html and 'person-detail">IT<' in html
    assert "Iris Not Enrolled" not in html
    assert "<select" not in html
    response = client.post(
        reverse("programs:member_add", kwargs={"group_pk": group.pk}), {"person": iris[1].pk}
    )
    assert response.status_code == 302
    assert group.memberships.filter(person=iris[1]).exists()


def test_it_says_when_nobody_matches(setting):
    lead, group, _iris = setting
    html = group_page(signed_in_client(lead), group, find="zzz").content.decode()
    assert "Nobody matches “zzz”." in html


def test_members_do_not_get_the_picker(setting):
    _lead, group, _iris = setting
    mia = group.memberships.get(person__name="Mia Member").person
    html = group_page(signed_in_client(mia), group, find="iris").content.decode()
    assert "Iris van Leeuwen" not in html
