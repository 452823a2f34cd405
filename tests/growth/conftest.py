from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from peercoach.growth.models import Goal, GoalVisibility
from peercoach.organisations.models import Role
from tests import factories


@dataclass
class People:
    org: object
    lead: object
    member: object
    fellow: object
    other_member: object
    manager: object
    outsider: object
    program: object
    group: object
    other_group: object


@pytest.fixture
def people(db) -> People:
    org = factories.make_organisation("Acme", default_language="en")
    other_org = factories.make_organisation("Other", default_language="en")
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    manager = factories.make_person(org, "Max Manager")
    member = factories.make_person(org, "Mia Member", manager=manager)
    fellow = factories.make_person(org, "Finn Fellow")
    other_member = factories.make_person(org, "Olga Other")
    partner = factories.make_person(org, "Otto Partner")
    outsider = factories.make_person(other_org, "Oscar Outsider", role=Role.ADMIN)
    program = factories.make_program(org, leads=[lead])
    group = factories.make_group(program, [member, fellow], name="Pair M")
    other_group = factories.make_group(program, [other_member, partner], name="Pair O")
    return People(
        org, lead, member, fellow, other_member, manager, outsider, program, group, other_group
    )


def make_goal(people: People, visibility=GoalVisibility.PRIVATE, **fields) -> Goal:
    fields.setdefault("what", "Answer client emails with confidence")
    fields.setdefault("metric", "emails answered within a day, per week")
    fields.setdefault("baseline", 2)
    fields.setdefault("target", 5)
    fields.setdefault("due_on", date.today() + timedelta(days=60))
    fields.setdefault("why", "Clients wait too long")
    return Goal.objects.create(
        owner=fields.pop("owner", people.member),
        group=people.group,
        visibility=visibility,
        **fields,
    )
