"""A rotation plan for the whole program: planned at once, taken and published round by round."""

import itertools
from datetime import date, timedelta

import pytest
from django.urls import reverse

from peercoach.health.actions import do_pause, do_withdraw
from peercoach.health.models import RatherNot
from peercoach.matching import program_plan
from peercoach.matching.models import RotationPlan
from peercoach.programs.models import (
    Cadence,
    Enrolment,
    Format,
    Group,
    GroupMember,
    ProgramStatus,
    Round,
    RoundStatus,
)
from tests import factories
from tests.cast import speaking
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

START = date(2027, 1, 4)


def weekly_program(cast, people, *, size=2, rounds=None):
    """A running weekly program of the cast's organisation led by the cast's lead, lasting
    `rounds` weeks (by default as many as the pool can meet without repeats), with `people` (the
    cast's four participants first, then newcomers) enrolled."""
    rounds = rounds or (people - 1) // (size - 1)
    program = factories.make_program(
        cast.organisation,
        leads=[cast.lead],
        format=Format.PAIRS if size == 2 else Format.GROUPS,
        group_size=size,
        cadence=Cadence.WEEKLY,
        starts_on=START,
        ends_on=START + timedelta(weeks=rounds),
        status=ProgramStatus.RUNNING,
    )
    cast_people = [cast.member, cast.fellow, cast.other_member, cast.other_partner]
    extra = [factories.make_person(cast.organisation, f"Newcomer {n}") for n in range(people - 4)]
    enrolled = (cast_people + extra)[:people]
    for person in enrolled:
        Enrolment.objects.create(program=program, person=person)
    return program, enrolled


def post(person, name, program):
    return signed_in_client(person).post(reverse(name, kwargs={"program_pk": program.pk}))


def take_and_publish(lead, program):
    assert post(lead, "matching:take_planned", program).status_code == 302
    round_ = Round.objects.get(program=program, status=RoundStatus.DRAFT)
    signed_in_client(lead).post(
        reverse("matching:publish", kwargs={"round_pk": round_.pk}), {"confirm": "yes"}
    )
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED
    return round_


def published_groups(program):
    """Each published round's groups, as sets of person pks, round by round."""
    rounds = []
    for round_ in program.rounds.filter(status=RoundStatus.PUBLISHED).order_by("number"):
        groups = {}
        for group_id, person_id in GroupMember.objects.filter(group__round=round_).values_list(
            "group_id", "person_id"
        ):
            groups.setdefault(group_id, set()).add(person_id)
        rounds.append(list(groups.values()))
    return rounds


def pairs_of(groups):
    return {frozenset(p) for g in groups for p in itertools.combinations(sorted(g), 2)}


def assert_repeat_free_with_strict_sizes(rounds, people, size):
    seen = set()
    for groups in rounds:
        assert sorted(pk for g in groups for pk in g) == sorted(p.pk for p in people)
        assert all(len(g) == size for g in groups)
        assert not pairs_of(groups) & seen
        seen |= pairs_of(groups)


def test_it_counts_the_rounds_as_the_programs_length_divided_by_its_cadence(cast):
    program = cast.program
    program.cadence, program.starts_on = Cadence.BIWEEKLY, START
    program.ends_on = START + timedelta(weeks=20, days=3)
    assert program_plan.rounds_in(program) == 10
    program.cadence = Cadence.MONTHLY
    program.ends_on = date(2027, 7, 3)
    assert program_plan.rounds_in(program) == 5


@pytest.mark.parametrize("people,size,rounds", [(8, 2, 7), (16, 4, 5)])
def test_it_publishes_the_plan_round_by_round_without_repeats_in_groups_of_the_asked_size(
    cast, people, size, rounds
):
    program, enrolled = weekly_program(cast, people, size=size)
    assert post(cast.lead, "matching:plan_all", program).status_code == 302
    plan = RotationPlan.objects.get(program=program)
    assert plan.rounds_total == rounds
    assert [p["number"] for p in plan.planned] == list(range(1, rounds + 1))
    assert plan.repeat_free_rounds == rounds
    assert plan.bound["rounds"] == rounds
    for number in range(1, rounds + 1):
        assert take_and_publish(cast.lead, program).number == number
    assert_repeat_free_with_strict_sizes(published_groups(program), enrolled, size)
    assert RotationPlan.objects.get(program=program).planned == []


def test_members_never_see_a_planned_round(cast):
    program, enrolled = weekly_program(cast, 8)
    program_plan.do_plan_program(program)
    plan = RotationPlan.objects.get(program=program)
    assert not Round.objects.filter(program=program).exists()
    assert not Group.objects.filter(program=program).exists()
    page = reverse("matching:program", kwargs={"program_pk": program.pk})
    for person in (cast.member, cast.fellow, cast.manager, cast.outsider):
        client = signed_in_client(person)
        assert client.get(page).status_code == 404
        for name in ("matching:plan_all", "matching:take_planned"):
            assert post(person, name, program).status_code == 404
        assert "Round 1, group" not in client.get(reverse("home")).content.decode()
    assert RotationPlan.objects.get(program=program).planned == plan.planned
    assert not Round.objects.filter(program=program).exists()

    # Taken from the plan, the round is a draft: still nobody's but the lead's.
    assert post(cast.lead, "matching:take_planned", program).status_code == 302
    group = Group.objects.get(program=program, memberships__person=cast.member)
    assert group.round.status == RoundStatus.DRAFT
    detail = reverse("coaching:group_detail", kwargs={"group_pk": group.pk})
    for person in (cast.member, cast.manager):
        client = signed_in_client(person)
        assert client.get(detail).status_code == 404
        assert group.name not in client.get(reverse("home")).content.decode()
    lead_page = signed_in_client(cast.lead).get(page).content.decode()
    assert group.name in lead_page and "6 rounds are planned, from round 2 on" in lead_page


def test_the_lead_sees_the_bound_and_its_reason_in_plain_words_in_both_languages(cast):
    program, enrolled = weekly_program(cast, 7, rounds=7)
    Enrolment.objects.create(program=program, person=cast.manager)  # the member's manager
    program_plan.do_plan_program(program)
    page = reverse("matching:program", kwargs={"program_pk": program.pk})
    body = signed_in_client(cast.lead).get(page).content.decode()
    assert "This program runs 7 rounds: its length divided by its cadence." in body
    name = "Max Manager" if "Max Manager may meet" in body else "Mia Member"
    assert (
        f"6 rounds without repeats is the most possible: {name} may meet only 6 of the 7 "
        "colleagues in this program." in body
    )
    assert "from round 7 on, people meet someone again" in body
    body = signed_in_client(speaking(cast.lead, "nl")).get(page).content.decode()
    assert "Dit programma heeft 7 rondes: de looptijd gedeeld door het ritme." in body
    assert f"6 rondes zonder herhaling is het meest mogelijke: {name} mag maar 6 van de 7" in body


def test_a_blocked_pair_never_meets_and_the_other_rounds_stay_repeat_free(cast):
    program, enrolled = weekly_program(cast, 8, rounds=6)
    program_plan.do_plan_program(program)
    # Someone would rather not meet the partner the plan gives them first: plan again.
    first, second = RotationPlan.objects.get(program=program).planned[0]["groups"][0]
    RatherNot.objects.create(person_id=first, other_id=second)
    assert post(cast.lead, "matching:plan_all", program).status_code == 302
    for _ in range(6):
        take_and_publish(cast.lead, program)
    rounds = published_groups(program)
    assert len(rounds) == 6
    assert frozenset((first, second)) not in set().union(*(pairs_of(groups) for groups in rounds))
    assert_repeat_free_with_strict_sizes(rounds, enrolled, 2)


def test_it_plans_the_remaining_rounds_again_after_someone_leaves_keeping_the_history(cast):
    program, enrolled = weekly_program(cast, 16, size=4)
    program_plan.do_plan_program(program)
    for _ in range(2):
        take_and_publish(cast.lead, program)
    leaver = enrolled[5]
    do_withdraw(program, leaver)
    history = published_groups(program)
    plan = RotationPlan.objects.get(program=program)
    assert program_plan.misfit(program, plan) == "enrolment"
    for _ in range(3):
        take_and_publish(cast.lead, program)
    assert RotationPlan.objects.get(program=program).replans == 1
    rounds = published_groups(program)
    assert rounds[:2] == history  # published rounds stay as they were (the leaver left them)
    stayers = sorted(p.pk for p in enrolled if p != leaver)
    seen = pairs_of(history[0]) | pairs_of(history[1])
    for groups in rounds[2:]:
        assert sorted(pk for g in groups for pk in g) == stayers
        assert sorted(len(g) for g in groups) == [3, 4, 4, 4]
        assert not pairs_of(groups) & seen
        seen |= pairs_of(groups)


def test_it_plans_again_when_a_published_round_was_changed_by_hand(cast):
    program, enrolled = weekly_program(cast, 8)
    program_plan.do_plan_program(program)
    assert post(cast.lead, "matching:take_planned", program).status_code == 302
    draft = Round.objects.get(program=program, status=RoundStatus.DRAFT)
    plan = RotationPlan.objects.get(program=program)
    assert program_plan.misfit(program, plan) is None
    # The lead swaps two people so the draft now holds a pair the plan meant for round 2.
    first, second = next(iter(plan.planned[0]["groups"]))
    mine = Group.objects.get(round=draft, memberships__person_id=first)
    partner = mine.memberships.exclude(person_id=first).get().person
    signed_in_client(cast.lead).post(
        reverse("matching:swap", kwargs={"round_pk": draft.pk}),
        {"first": partner.pk, "second": second},
    )
    assert program_plan.misfit(program, RotationPlan.objects.get(program=program)) == "history"
    response = signed_in_client(cast.lead).post(
        reverse("matching:publish", kwargs={"round_pk": draft.pk}), {"confirm": "yes"}
    )
    assert response.status_code == 302
    for _ in range(6):
        take_and_publish(cast.lead, program)
    assert RotationPlan.objects.get(program=program).replans == 1
    assert_repeat_free_with_strict_sizes(published_groups(program), enrolled, 2)


def test_a_break_leaves_someone_out_of_the_rounds_it_covers_only(cast):
    program, enrolled = weekly_program(cast, 8)
    program_plan.do_plan_program(program)
    # A break over round 3's week, taken after the plan was made.
    do_pause(program, cast.member, START + timedelta(weeks=2), START + timedelta(weeks=2, days=6))
    assert program_plan.misfit(program, RotationPlan.objects.get(program=program)) == "enrolment"
    for _ in range(4):
        take_and_publish(cast.lead, program)
    rounds = published_groups(program)
    placed = [{pk for g in groups for pk in g} for groups in rounds]
    assert [cast.member.pk in who for who in placed] == [True, True, False, True]
    assert all(who | {cast.member.pk} == {p.pk for p in enrolled} for who in placed)
    assert all(2 <= len(g) <= 3 for groups in rounds for g in groups)


def test_a_newcomer_is_placed_in_every_remaining_round_and_the_history_stays(cast):
    program, enrolled = weekly_program(cast, 8)
    program_plan.do_plan_program(program)
    take_and_publish(cast.lead, program)
    history = published_groups(program)
    newcomer = factories.make_person(cast.organisation, "Nina Newcomer")
    Enrolment.objects.create(program=program, person=newcomer)
    for _ in range(6):
        take_and_publish(cast.lead, program)
    rounds = published_groups(program)
    assert rounds[:1] == history
    everyone = {p.pk for p in enrolled} | {newcomer.pk}
    assert all({pk for g in groups for pk in g} == everyone for groups in rounds[1:])
    assert all(2 <= len(g) <= 3 for groups in rounds[1:] for g in groups)
    assert RotationPlan.objects.get(program=program).replans == 1


def test_it_keeps_groups_of_the_asked_size_where_the_last_round_of_a_cycle_cannot_be_new(cast):
    # 32 in fours: 10 repeat-free rounds exist, the engine finds 9 with groups of four (10 only
    # with threes and fives); the plan keeps fours and lets the tenth round repeat instead.
    program, enrolled = weekly_program(cast, 32, size=4)
    program_plan.do_plan_program(program)
    plan = RotationPlan.objects.get(program=program)
    assert len(plan.planned) == 10 and plan.repeat_free_rounds == 9
    for _ in range(10):
        take_and_publish(cast.lead, program)
    rounds = published_groups(program)
    assert all(len(g) == 4 for groups in rounds for g in groups)
    assert_repeat_free_with_strict_sizes(rounds[:9], enrolled, 4)
