"""The lead's path page, the participant's path page and the home block run a fixed number of
queries however many people, completions and steps there are."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peercoach.growth.models import LibraryItem
from peercoach.methods.models import Activity
from peercoach.paths.models import LearningPath, Step, StepCompletion
from tests import factories
from tests.cast import build_cast
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def build(people: int, steps: int):
    """The shared cast's program (tests/cast.py), ended today, with `people` enrolled in pairs."""
    cast = build_cast()
    lead, program = cast.lead, cast.program
    program.starts_on, program.ends_on = date.today() - timedelta(weeks=4), date.today()
    program.save()
    everyone = [cast.member, cast.fellow, cast.other_member, cast.other_partner]
    everyone += [factories.make_person(cast.organisation) for _ in range(people - len(everyone))]
    group = cast.other_group  # the cast's two pairs are everyone[:4]
    for pair in range(4, people, 2):
        group = factories.make_group(program, everyone[pair : pair + 2])
    me = everyone[0]
    item = LibraryItem.objects.create(
        shared_by=lead, program=program, title="Article", url="https://e.org", why="Read it"
    )
    activity = Activity.objects.filter(organisation=None).first()
    path = LearningPath.objects.create(program=program)
    for order in range(steps):
        step = Step.objects.create(
            path=path,
            order=order,
            title=f"Step {order}",
            kind="activity",
            week=1 + order % 5,
            activity=activity if order % 2 else None,
            library_item=None if order % 2 else item,
        )
        for person in everyone[: order + 2]:
            StepCompletion.objects.create(person=person, step=step, note="private")
    assert group is not None
    return lead, me, program


def count(person, url) -> int:
    client = signed_in_client(person)
    client.get(url)  # warm the session and the language
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def measure(people: int, steps: int) -> dict[str, int]:
    lead, me, program = build(people, steps)
    return {
        "lead": count(lead, reverse("paths:program", kwargs={"program_pk": program.pk})),
        "mine": count(me, reverse("paths:mine", kwargs={"program_pk": program.pk})),
        "home": count(me, reverse("home")),
    }


def test_it_does_not_grow_queries_with_people_or_steps():
    few = measure(people=4, steps=3)
    many = measure(people=30, steps=12)
    assert few == many
    assert max(many.values()) <= 25, many
