"""What every signed-in page pays before its own work, and what a lead's home skips: who the
user acts as, their other memberships and their organisation's sign-in policy come in one query;
someone who was never in a group is not asked for sessions, actions or answers of their own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peercoach.coaching.models import SessionStatus
from peercoach.identity.models import SignInPolicy
from peercoach.organisations.models import Person, Role
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def tables_read(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [
        query["sql"].split(" FROM ", 1)[1].split()[0]
        for query in queries
        if " FROM " in query["sql"]
    ]


def test_the_person_their_memberships_and_the_policy_come_in_one_query():
    org = factories.make_organisation()
    SignInPolicy.objects.create(organisation=org)
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    other = factories.make_organisation("Other")
    Person.objects.create(organisation=other, name="Lee Lead", email=lead.email, user=lead.user)
    read = tables_read(signed_in_client(lead), reverse("profile"))
    assert read.count('"organisations_person"') == 1, read
    assert '"identity_signinpolicy"' not in read, read
    # Both memberships are still offered in the organisation switch.
    html = signed_in_client(lead).get(reverse("profile")).content.decode()
    assert 'id="organisation-select"' in html and ">Other</option>" in html


def test_a_lead_never_in_a_group_is_not_asked_for_their_own_coaching():
    org = factories.make_organisation()
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    program = factories.make_program(org, leads=[lead])
    group = factories.make_group(program, [factories.make_person(org), factories.make_person(org)])
    factories.make_session(group, days_from_now=2)
    client = signed_in_client(lead)
    client.get(reverse("home"))  # the dashboard's counts are kept from now on
    read = tables_read(client, reverse("home"))
    own_coaching = {'"coaching_coachingsession"', '"coaching_actionitem"', '"health_pulse"'}
    assert not own_coaching & set(read), read


def test_a_lead_who_is_in_a_group_still_sees_their_next_session_and_open_action():
    org = factories.make_organisation()
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    program = factories.make_program(org, leads=[lead])
    group = factories.make_group(program, [lead, factories.make_person(org)])
    past = factories.make_session(group, days_from_now=-3, status=SessionStatus.HELD)
    factories.make_action_item(past, lead, "Ask Sam about the roadmap")
    upcoming = factories.make_session(group, days_from_now=2)
    html = signed_in_client(lead).get(reverse("home")).content.decode()
    assert "Ask Sam about the roadmap" in html
    assert reverse("coaching:session", kwargs={"session_pk": upcoming.pk}) in html


def test_the_user_comes_with_the_session_row_and_is_still_checked():
    org = factories.make_organisation()
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    client = signed_in_client(lead)
    read = tables_read(client, reverse("profile"))
    assert '"auth_user"' not in read, read  # read with "peercoach_lib_user_session"
    # Django still checks the session against the account: a new password signs it out...
    lead.user.set_password("a-new-password-for-lee-1234")
    lead.user.save()
    assert client.get(reverse("profile")).status_code == 302
    # ... and so does an account that may no longer sign in.
    client = signed_in_client(lead)
    assert client.get(reverse("profile")).status_code == 200
    type(lead.user).objects.filter(pk=lead.user.pk).update(is_active=False)
    assert client.get(reverse("profile")).status_code == 302
