"""Attacks through reporting lines and small figures, each refused.

A manager never lands in a group with their reports by any route (forming, adding, matching),
and a figure never describes one or two people however the lead pads or slices a program.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peercoach.coaching.models import Attendance, SessionStatus
from peercoach.growth.models import Goal, GoalVisibility
from peercoach.matching import engine
from peercoach.paths.models import LearningPath, Step, StepCompletion
from peercoach.programs.models import Format, Group, GroupMember, ProgramStatus
from tests import factories
from tests.authorization.group_steps import add_member, form_group, names_the_rule
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(cast):
    """This module's organisation is the shared cast's (Org A)."""
    return cast.organisation


@pytest.fixture
def chain(cast):
    """The cast's manager ("tom") manages the cast's member ("mid"), who manages Bea; Sam and
    Sid share the manager Xavi. Bea, Xavi, Sam and Sid are added around the cast, and all but
    Xavi are enrolled in a running program of the cast's lead (not the cast's program, whose
    groups the tests would otherwise have to clear)."""
    org, lead = cast.organisation, cast.lead
    tom, mid = cast.manager, cast.member
    bea = factories.make_person(org, "Bea Bottom", manager=mid)
    xavi = factories.make_person(org, "Xavi Boss")
    sam = factories.make_person(org, "Sam Same", manager=xavi)
    sid = factories.make_person(org, "Sid Same", manager=xavi)
    program = factories.make_program(
        org, leads=[lead], status=ProgramStatus.RUNNING, name="Reporting lines"
    )
    for person in (tom, bea, sam, sid, mid):
        program.enrolments.create(person=person)
    return {"lead": lead, "tom": tom, "mid": mid, "bea": bea, "sam": sam, "sid": sid, "p": program}


def test_forming_a_pair_of_a_manager_and_their_report_is_refused(chain):
    response = form_group(chain["lead"], chain["p"], [chain["tom"], chain["mid"]])
    body = response.content.decode()
    assert "That change would break a matching rule" in body
    assert names_the_rule(body, "Max Manager", "Mia Member", "have a direct reporting line")
    assert not Group.objects.filter(name="By hand").exists()


def test_adding_a_manager_to_their_reports_running_group_is_refused(cast, chain):
    other = cast.fellow
    group = factories.make_group(chain["p"], [chain["mid"], other], name="Running")
    response = add_member(chain["lead"], group, chain["tom"])
    body = response.content.decode()
    assert names_the_rule(body, "Max Manager", "Mia Member", "have a direct reporting line")
    assert not GroupMember.objects.filter(group=group, person=chain["tom"]).exists()


def test_the_program_option_keeps_whole_reporting_lines_and_colleagues_apart(chain):
    lead, program = chain["lead"], chain["p"]
    form_group(lead, program, [chain["tom"], chain["bea"]], name="Skip level")
    form_group(lead, program, [chain["sam"], chain["sid"]], name="Same manager")
    # Without the option only direct lines are kept apart: both groups may be formed.
    assert Group.objects.filter(name__in=["Skip level", "Same manager"]).count() == 2
    Group.objects.filter(program=program).delete()

    program.keep_reporting_lines_apart = True
    program.save()
    skip = form_group(lead, program, [chain["tom"], chain["bea"]], name="Skip level")
    same = form_group(lead, program, [chain["sam"], chain["sid"]], name="Same manager")
    assert names_the_rule(
        skip.content.decode(), "Max Manager", "Bea Bottom", "are in one reporting chain"
    )
    assert names_the_rule(same.content.decode(), "Sam Same", "Sid Same", "have the same manager")
    assert not Group.objects.filter(program=program).exists()


def test_matching_keeps_the_program_option(chain):
    program = chain["p"]
    program.enrolments.filter(person=chain["mid"]).delete()
    program.keep_reporting_lines_apart = True
    program.save()
    signed_in_client(chain["lead"]).post(
        reverse("matching:plan", kwargs={"program_pk": program.pk})
    )
    pairs = [
        {m.person_id for m in group.memberships.all()}
        for group in Group.objects.filter(program=program)
    ]
    assert len(pairs) == 2
    for apart in ({chain["tom"].pk, chain["bea"].pk}, {chain["sam"].pk, chain["sid"].pk}):
        assert apart not in pairs


def test_the_program_form_offers_the_option(chain):
    url = reverse("programs:edit", kwargs={"program_pk": chain["p"].pk})
    body = signed_in_client(chain["lead"]).get(url).content.decode()
    assert 'name="keep_reporting_lines_apart"' in body


def test_the_engine_knows_managers_outside_the_pool_and_shared_managers():
    people = [
        engine.Person(id="top", name="Top", languages=frozenset({"en"})),
        engine.Person(
            id="bottom",
            name="Bottom",
            manager_id="mid",
            ancestors=frozenset({"mid", "top"}),
            languages=frozenset({"en"}),
        ),
        engine.Person(id="a", name="A", manager_id="boss", languages=frozenset({"en"})),
        engine.Person(id="b", name="B", manager_id="boss", languages=frozenset({"en"})),
    ]
    strict = engine.Options(exclude_reporting_chain=True, exclude_same_manager=True)
    codes = {
        r.code for r in engine.violation_reasons(people, strict, [["top", "bottom"], ["a", "b"]])
    }
    assert codes == {"rule_reporting_chain", "rule_same_manager"}
    assert engine.violation_reasons(people, engine.Options(), [["top", "bottom"], ["a", "b"]]) == []


# Figures that describe one or two people are not shown as figures.


def held_pairs(org, program, count: int) -> list:
    pairs = []
    for i in range(count):
        members = [factories.make_person(org, f"P{i}a"), factories.make_person(org, f"P{i}b")]
        group = factories.make_group(program, members, name=f"Pair {i}")
        session = factories.make_session(group, days_from_now=-3, status=SessionStatus.HELD)
        factories.make_action_item(
            session, members[0], "overdue", due_on=timezone.localdate() - timedelta(days=1)
        )
        pairs.append(members)
    return pairs


def test_a_pairs_program_report_shows_no_row_about_two_people(cast, org):
    lead = cast.lead
    program = factories.make_program(org, leads=[lead], status=ProgramStatus.RUNNING)
    held_pairs(org, program, 3)
    url = reverse("reports:program", kwargs={"program_pk": program.pk})
    response = signed_in_client(lead).get(url)
    report = response.context["report"]
    assert report.totals is not None and report.totals.actions_overdue == 3
    assert all(row.figures is None and row.idle is None for row in report.groups)
    assert "Held back: this row would describe too few people." in response.content.decode()
    export = reverse("reports:program_export", kwargs={"program_pk": program.pk})
    csv = signed_in_client(lead).get(export).content.decode()
    assert csv.count("held back") == 3


def test_a_small_group_is_not_worked_out_from_the_summary(cast, org):
    lead = cast.lead
    program = factories.make_program(
        org, leads=[lead], status=ProgramStatus.RUNNING, format=Format.GROUPS, group_size=5
    )
    for size, name in ((5, "Big"), (6, "Bigger"), (3, "Small")):
        members = [factories.make_person(org, f"{name} {i}") for i in range(size)]
        group = factories.make_group(program, members, name=name)
        factories.make_session(group, days_from_now=-3, status=SessionStatus.HELD)
    report = (
        signed_in_client(lead).get(reverse("reports:program", args=[program.pk])).context["report"]
    )
    shown = {row.name for row in report.groups if row.shown}
    # Small is held back (3 people); Big goes too, or the summary minus the two shown rows
    # would be Small's figures.
    assert shown == {"Bigger"}


def test_a_summary_of_too_few_people_is_held_back_with_the_reason(cast, org):
    lead = cast.lead
    program = factories.make_program(org, leads=[lead], status=ProgramStatus.RUNNING)
    held_pairs(org, program, 1)
    response = signed_in_client(lead).get(reverse("reports:program", args=[program.pk]))
    assert response.context["report"].totals is None
    assert "The other figures are held back until at least 5 people" in response.content.decode()


def test_the_goal_status_of_one_person_is_not_a_figure(cast, org):
    lead = cast.lead
    program = factories.make_program(org, leads=[lead], status=ProgramStatus.RUNNING)
    pairs = held_pairs(org, program, 3)
    Goal.objects.create(
        owner=pairs[0][0],
        group=GroupMember.objects.filter(person=pairs[0][0]).get().group,
        what="Mine",
        visibility=GoalVisibility.LEAD_STATUS,
    )
    response = signed_in_client(lead).get(reverse("growth:program_goals", args=[program.pk]))
    assert ("In progress", 1) not in response.context["rows"]
    assert "held back" in response.content.decode()
    report = signed_in_client(lead).get(reverse("reports:program", args=[program.pk]))
    assert all(count != 1 for _label, count in report.context["report"].goals_by_status)


def test_one_persons_learning_path_step_is_not_a_figure(cast, org):
    lead = cast.lead
    program = factories.make_program(org, leads=[lead], status=ProgramStatus.RUNNING)
    pairs = held_pairs(org, program, 3)
    path = LearningPath.objects.create(program=program)
    step = Step.objects.create(path=path, title="Read", kind="reading", week=1)
    StepCompletion.objects.create(person=pairs[0][0], step=step)
    response = signed_in_client(lead).get(reverse("paths:program", args=[program.pk]))
    assert response.context["steps"][0].completed is None
    assert "A count is held back" in response.content.decode()


def test_the_manager_threshold_cannot_be_padded_with_enrolments(cast, org):
    manager = cast.manager  # who also manages the cast's member, in a group that never met
    program = factories.make_program(org, status=ProgramStatus.RUNNING)
    reports = [factories.make_person(org, f"Report {i}", manager=manager) for i in range(5)]
    for person in reports:
        program.enrolments.create(person=person)
    partner = factories.make_person(org, "Partner")
    group = factories.make_group(program, [reports[0], partner])
    session = factories.make_session(group, days_from_now=-2, status=SessionStatus.HELD)
    Attendance.objects.create(session=session, person=reports[0], present=True)
    # Four more in a group that never meets take no part either.
    factories.make_group(program, reports[1:])

    response = signed_in_client(manager).get(reverse("reports:team"))
    assert response.context["report"].shown is False
