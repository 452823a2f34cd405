from __future__ import annotations

from datetime import date, timedelta

import pytest

from peercoach.growth.models import Goal, GoalVisibility
from tests.cast import Cast, build_cast

# The growth tests' name for the shared cast (tests/cast.py): `people.member`, `people.group`, …
People = Cast


@pytest.fixture
def people(db) -> Cast:
    return build_cast()


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
