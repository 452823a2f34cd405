"""Queries compiled once per process (`lib.compiled.CompiledQuery`): each call runs with its own
values, returns what the queryset returns, and a session past its expiry still signs nobody in."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peercoach.lib.compiled import CompiledQuery
from peercoach.lib.models import UserSession
from peercoach.organisations.models import Person
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def people_of(organisation_id: int, name: str | None = None):
    people = Person.objects.filter(organisation_id=organisation_id).select_related("organisation")
    return (people.filter(name=name) if name is not None else people).order_by("pk")


def test_each_call_runs_with_its_own_values_and_returns_the_querysets_instances():
    first, second = factories.make_organisation("First"), factories.make_organisation("Second")
    ann = factories.make_person(first, "Ann")
    bob = factories.make_person(first, "Bob")
    cas = factories.make_person(second, "Cas")
    query = CompiledQuery(people_of)
    assert query(first.pk) == list(people_of(first.pk)) == [ann, bob]
    # Compiled once: the next values still reach the database.
    assert query(second.pk) == [cas]
    assert query(first.pk, "Bob") == [bob]
    assert query(second.pk, "Bob") == []
    with CaptureQueriesContext(connection) as queries:
        [found] = query(second.pk)
        assert found.organisation.name == "Second"  # read with it, as select_related does
        assert found.email == cas.email and found.user_id == cas.user_id
    assert len(queries) == 1


def test_it_refuses_what_it_cannot_compile_faithfully():
    org = factories.make_organisation()
    with pytest.raises(ValueError, match="changed before it reaches the SQL"):
        # icontains sends "%ann%", not the value: it cannot be put back in its place.
        CompiledQuery(lambda name: Person.objects.filter(name__icontains=name))("ann")
    with pytest.raises(ValueError, match="prefetch_related"):
        CompiledQuery(lambda pk: Person.objects.filter(pk=pk).prefetch_related("enrolments"))(1)
    with pytest.raises(ValueError, match="prefetch_related"):
        CompiledQuery(lambda pk: Person.objects.filter(pk=pk).values("name"))(1)
    with pytest.raises(ValueError, match="deferred"):
        CompiledQuery(lambda pk: Person.objects.filter(pk=pk).only("name"))(org.pk)
    with pytest.raises(TypeError):
        CompiledQuery(lambda when: Person.objects.filter(created_at__gt=when))(timezone.now())


def test_a_value_used_twice_annotations_and_shapes_are_run_as_the_queryset_would():
    org = factories.make_organisation()
    ann = factories.make_person(org, "Ann")
    bob = factories.make_person(org, "Bob", manager=ann)

    def build(person_id: int, *, shape: str):
        people = Person.objects.filter(Q(pk=person_id) | Q(manager_id=person_id))
        people = people.annotate(groups=Count("coaching_groups"), me=Q(pk=person_id))
        return people.order_by("name" if shape == "by name" else "-name")

    query = CompiledQuery(build)
    for person, shape in [(ann, "by name"), (bob, "by name"), (ann, "reversed")]:
        found = query(person.pk, shape=shape)
        assert found == list(build(person.pk, shape=shape))
        assert [(p.groups, p.me) for p in found] == [
            (p.groups, p.me) for p in build(person.pk, shape=shape)
        ]
    assert [p.name for p in query(ann.pk, shape="reversed")] == ["Bob", "Ann"]
    assert [p.me for p in query(ann.pk, shape="by name")] == [True, False]


def test_a_session_past_its_expiry_signs_nobody_in():
    org = factories.make_organisation()
    person = factories.make_person(org, "Ann")
    client = signed_in_client(person)
    assert client.get(reverse("profile")).status_code == 200
    UserSession.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("profile"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
