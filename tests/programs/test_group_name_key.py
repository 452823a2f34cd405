"""Groups are paged in natural order by the database: `Group.name_key` sorts as `natural_key`
does, in every collation, and stays in step with the name however a group is written."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peercoach.lib.ordering import natural_key, natural_sort_key
from peercoach.matching import planning
from peercoach.programs.models import Group
from tests import factories

names = st.text(alphabet=st.sampled_from("aAbZ 09-1é.ß٣"), max_size=12)


@given(st.lists(names, min_size=2, max_size=8))
def test_the_stored_key_sorts_like_natural_order(texts):
    by_key = sorted(texts, key=lambda text: (natural_sort_key(text), text))
    assert [natural_key(t) for t in by_key] == sorted(natural_key(t) for t in texts)


def test_the_key_is_digits_only_so_no_collation_reorders_it():
    assert natural_sort_key("Pair 10").isdigit()
    assert natural_sort_key("Pair 2") < natural_sort_key("Pair 10") < natural_sort_key("pair 10b")


@pytest.mark.django_db
def test_every_way_of_writing_a_group_keeps_its_key(cast):
    org = cast.organisation
    program = factories.make_program(org, leads=[cast.lead])
    people = [factories.make_person(org) for _ in range(6)]
    for person in people:
        program.enrolments.create(person=person)
    made = factories.make_group(program, people[:2], name="Pair 7")
    Group.objects.bulk_create([Group(program=program, name="Team 12")])
    made.name = "Pair 30"
    made.save(update_fields=["name"])
    planning.do_plan_round(program)
    groups = list(Group.objects.filter(program=program))
    assert len(groups) > 3
    assert all(group.name_key == natural_sort_key(group.name) for group in groups)
    made.refresh_from_db()
    assert made.name_key == natural_sort_key("Pair 30")
