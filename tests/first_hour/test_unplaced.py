"""Unplaced people are explained and can be placed; group names stay unique and sort naturally."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from peercoach.lib.ordering import natural_key
from peercoach.matching import edits, planning
from peercoach.organisations.models import Role
from peercoach.programs.models import Enrolment, GroupMember, ProgramStatus, Round
from tests import factories
from tests.conftest import signed_in_client


def cross_department_program(org, finance: int, others: int):
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD, preferred_language="en")
    program = factories.make_program(
        org, leads=[lead], status=ProgramStatus.ENROLLING, cross_department=True
    )
    people = [factories.make_person(org, f"Fin {n}", department="Finance") for n in range(finance)]
    people += [
        factories.make_person(org, f"Other {n}", department=["Sales", "HR", "IT"][n % 3])
        for n in range(others)
    ]
    for person in people:
        Enrolment.objects.create(program=program, person=person)
    return lead, program


def test_each_unplaced_person_shows_the_real_reason_and_what_would_place_them(org):
    lead, program = cross_department_program(org, finance=14, others=10)
    round_ = planning.do_plan_round(program)
    assert len(round_.unplaced) == 4  # 14 in Finance, 10 partners for them
    page = signed_in_client(lead).get(reverse("matching:program", args=[program.pk]))
    body = page.content.decode()
    assert "14 of 24 people are in Finance and the program asks for cross-department pairs." in body
    # Every pair has someone of Finance already, so a trio would break the rule too.
    assert "to make a trio" not in body
    assert "Allowing pairs within a department would give" in body
    assert "no eligible partner this round" not in body


def test_the_lead_moves_an_unplaced_person_into_a_group_under_the_same_rules(org):
    lead, program = cross_department_program(org, finance=4, others=2)
    round_ = planning.do_plan_round(program)
    (first, second) = [u["person"] for u in round_.unplaced]
    client = signed_in_client(lead)
    page = client.get(reverse("matching:program", args=[program.pk])).content.decode()
    move_list = re.search(r'<div id="choices-person".*?</div>', page, re.S).group(0)
    assert f'value="{first}"' in move_list  # today's list leaves them out

    finance_pair = next(g for g in round_.groups.all())
    # Two people of Finance in one group breaks the program's rule: refused, nothing changes.
    client.post(
        reverse("matching:move", args=[round_.pk]), {"person": first, "group": finance_pair.pk}
    )
    client.post(
        reverse("matching:move", args=[round_.pk]), {"person": second, "group": finance_pair.pk}
    )
    assert not GroupMember.objects.filter(person_id__in=[first, second]).exists()
    assert len(Round.objects.get(pk=round_.pk).unplaced) == 2

    hr = factories.make_person(org, "Hanna HR", department="HR")
    Enrolment.objects.create(program=program, person=hr)
    pair = factories.make_group(program, [hr], name="Extra")
    pair.round = round_
    pair.save()
    client.post(reverse("matching:move", args=[round_.pk]), {"person": first, "group": pair.pk})
    assert GroupMember.objects.filter(person_id=first, group=pair).exists()
    assert [u["person"] for u in Round.objects.get(pk=round_.pk).unplaced] == [second]


def test_group_names_stay_unique_after_matching_again_with_locked_groups(org):
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    program = factories.make_program(org, leads=[lead], status=ProgramStatus.ENROLLING)
    for n in range(24):
        Enrolment.objects.create(program=program, person=factories.make_person(org, f"P{n}"))
    with translation.override("en"):  # groups are named in the language active when planned
        round_ = planning.do_plan_round(program)
        by_name = {group.name: group for group in round_.groups.all()}
        for name in ("Round 1, group 3", "Round 1, group 10"):
            edits.do_toggle_lock(by_name[name])
        round_ = planning.do_plan_round(program)
    names = list(round_.groups.values_list("name", flat=True))
    assert len(names) == len(set(names)) == 12

    page = signed_in_client(lead).get(reverse("matching:program", args=[program.pk]))
    shown = re.findall(r'<h3 id="group-\d+">(Round 1, group \d+)', page.content.decode())
    assert shown == sorted(shown, key=natural_key)
    assert shown.index("Round 1, group 2") < shown.index("Round 1, group 10")


def test_natural_order_reads_numbers_as_numbers():
    names = ["group 10", "group 2", "Group 1", "group 2b"]
    assert sorted(names, key=natural_key) == ["Group 1", "group 2", "group 2b", "group 10"]


def test_a_trio_is_suggested_where_it_breaks_no_rule():
    from peercoach.matching import engine, unplaced

    def person(pid, department):
        return engine.Person(
            id=pid, name=pid.title(), department=department, languages=frozenset(["nl"])
        )

    people = [person("ann", "Sales"), person("bo", "HR"), person("cas", "IT")]
    people += [person("dee", "IT"), person("eve", "Sales")]
    options = engine.Options(group_size=2, cross_department=True)
    groups = [("Pair 1", ["ann", "dee"]), ("Pair 2", ["bo", "cas"])]
    found = unplaced.explain("eve", people, options, groups)
    (trio,) = [s for s in found["suggestions"] if s["code"] == "join_as_trio"]
    assert trio["params"]["groups"] == "Pair 2"
    with translation.override("en"):
        assert unplaced.render(trio) == "Move Eve into Pair 2 to make a trio: it breaks no rule."
