"""Main pages do a bounded number of queries: the same with a few records as with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peercoach.organisations.models import Role
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def build(org, pairs: int, sessions_per_pair: int):
    lead = factories.make_person(org, "Lead", role=Role.LEAD)
    program = factories.make_program(org, leads=[lead])
    me = factories.make_person(org, "Me")
    partner = factories.make_person(org, "Partner")
    my_group = factories.make_group(program, [me, partner])
    groups = [my_group]
    for _ in range(pairs - 1):
        groups.append(
            factories.make_group(program, [factories.make_person(org), factories.make_person(org)])
        )
    my_session = None
    for group in groups:
        members = [m.person for m in group.memberships.all()]
        for day in range(sessions_per_pair):
            session = factories.make_session(group, days_from_now=day - sessions_per_pair + 2)
            for member in members:
                factories.make_entry(session, member, "a note")
                factories.make_action_item(session, member, "an action")
            if group == my_group:
                my_session = session
    return lead, me, program, my_group, my_session


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def page_urls(program, group, session):
    return {
        "home": reverse("home"),
        "people": reverse("people:list"),
        "programs": reverse("programs:list"),
        "program": reverse("programs:detail", kwargs={"program_pk": program.pk}),
        "group": reverse("coaching:group_detail", kwargs={"group_pk": group.pk}),
        "session": reverse("coaching:session", kwargs={"session_pk": session.pk}),
    }


def measure(pairs: int, sessions: int) -> dict[str, int]:
    org = factories.make_organisation()
    lead, me, program, group, session = build(org, pairs, sessions)
    counts = {}
    for name, url in page_urls(program, group, session).items():
        member_view = name in {"home", "group", "session"}
        person = me if member_view else lead
        counts[name] = count_queries(signed_in_client(person), url)
        if name in {"group", "session"}:
            counts[f"{name} (lead)"] = count_queries(signed_in_client(lead), url)
    return counts


def test_it_does_not_grow_queries_with_data_size():
    few = measure(pairs=2, sessions=2)
    many = measure(pairs=30, sessions=6)
    assert few == many
    assert max(many.values()) <= 25, many
