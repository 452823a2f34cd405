"""A rotation plan for the whole program: all its rounds as one schedule, taken round by round.

A program runs its length divided by its cadence in rounds (`rounds_in`). "Plan all rounds"
asks the engine for the rounds still to come as one schedule after everything grouped so far,
with the hard rules and the private "rather not with" lists: pairs follow the circle method
(N − 1 repeat-free rounds), groups a construction of the asked size where one exists. After
the most repeat-free rounds there can be (`engine.rotation_limit`), a new cycle starts.

Taking the next planned round makes it the usual draft (`planning.do_plan_round` with the
planned groups as they are): the lead adjusts and publishes it as any round, and members see it
only then. Published rounds are history and never change.

Who is enrolled changes behind the plan's back in many places (joining, a break or a
withdrawal in `health`, which sits below matching, a deactivation, an erasure), so the plan is
checked against the program when it is used instead of being told by each of them:
`misfit` says whether the remaining rounds still place exactly who is enrolled and not away,
keep every hard rule, and repeat no more pairs than planned. Taking a round from a plan that no
longer fits plans the remaining rounds again first (`replan_remaining`), keeping the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from peercoach import access
from peercoach.matching import engine, planning
from peercoach.matching.engine.groups import group_sizes
from peercoach.matching.models import RotationPlan
from peercoach.matching.pool import breaks_in, program_pool
from peercoach.matching.rounds import check_may_match
from peercoach.organisations.models import Person
from peercoach.programs.models import Cadence, GroupMember, Program, Round


def rounds_in(program: Program) -> int:
    """The program's length divided by its cadence: rounds that fit between its start and end
    date, each lasting one cadence period (at least one)."""
    step = Cadence(program.cadence).step
    count = 0
    while program.starts_on + (count + 1) * step <= program.ends_on:
        count += 1
    return max(1, count)


def round_starts(program: Program, number: int) -> date:
    return program.starts_on + (number - 1) * Cadence(program.cadence).step


def plan_limit() -> int:
    """A whole plan is computed while the lead waits: up to the size a round is matched in."""
    return planning.background_from()


def plan_of(program: Program) -> RotationPlan | None:
    return RotationPlan.objects.filter(program=program).first()


def _met_so_far(program: Program) -> dict[int, list[list[str]]]:
    """Every round's groups so far by round number (0: groups formed by hand), published or
    draft (a draft is what the lead is about to publish): lists of person ids per group."""
    rows = GroupMember.objects.filter(group__program=program).values_list(
        "group__round__number", "group_id", "person_id"
    )
    by_round: dict[int, dict[int, list[str]]] = {}
    for number, group_id, person_id in rows.order_by("group_id", "pk"):
        by_round.setdefault(number or 0, {}).setdefault(group_id, []).append(str(person_id))
    return {number: list(by_round[number].values()) for number in sorted(by_round)}


def _blocked(program: Program) -> set[tuple[str, str]]:
    return access.blocked_pairs_among(program.enrolled_people().values("pk"))


def _pairs(members: Sequence[str]) -> Iterable[frozenset[str]]:
    return (frozenset((a, b)) for x, a in enumerate(members) for b in members[x + 1 :])


def _keeps_sizes(results: Sequence[engine.RoundResult], k: int) -> bool:
    """Every round has groups of exactly k but for as many of k ± 1 as its number forces."""
    for result in results:
        sizes = [len(g.members) for g in result.groups]
        forced = group_sizes(sum(sizes), k) or []
        if sum(size != k for size in sizes) > sum(size != k for size in forced):
            return False
    return True


def _schedule(
    program: Program,
    first: int,
    count: int,
    pool: dict[str, engine.Person],
    history: dict[int, list[list[str]]],
    blocked: set[tuple[str, str]],
) -> tuple[list[dict], dict]:
    """`count` rounds from round number `first` on, planned as one schedule after the rounds
    of the current cycle; after as many rounds as can be repeat-free, a new cycle starts.

    The engine reaches a cycle's last rounds in some pools only by shrinking groups (32 in
    fours: 9 rounds of four, 10 only with threes and fives): then it plans fewer rounds with
    groups of the asked size and the rest after them, so rounds stay of the asked size."""
    options = planning.options_for(program)
    people = list(pool.values())
    bound = _bound(pool, options)
    cycle = max(1, bound.get("rounds") or count)
    days = {n: round_starts(program, n) for n in range(first, first + count)}
    away = breaks_in(program, days)
    in_cycle = (first - 1) % cycle
    cycle_start = first - in_cycle  # the round number the current cycle began with
    past = [g for n, g in history.items() if n >= cycle_start or (n == 0 and cycle_start == 1)]
    planned: list[dict] = []
    while len(planned) < count:
        if in_cycle >= cycle:
            past, in_cycle = [], 0
        start = first + len(planned)
        size = min(cycle - in_cycle, count - len(planned))
        # Fewer rounds first; a single round that cannot keep the sizes after the whole cycle
        # remembers only its later half, then none of it (it starts the next cycle early).
        tries = [(n, past) for n in range(size, 0, -1)]
        tries += [(1, past[len(past) // 2 :]), (1, [])]
        for size, remembered in tries:
            results = engine.plan_rounds(
                people,
                options,
                rounds=size,
                history=remembered,
                unavailable={r: away.get(start + r - 1, set()) for r in range(1, size + 1)},
                blocked=blocked,
                seed=program.pk * 1000 + start,
            )
            if _keeps_sizes(results, program.group_size):
                break
        if remembered is not past:
            past, in_cycle = list(remembered), 0  # the next cycle starts with this round
        for offset, result in enumerate(results):
            number = start + offset
            off = {u.person_id for u in result.unplaced if u.reason.code != "unavailable"}
            planned.append(
                {
                    "number": number,
                    "starts_on": days[number].isoformat(),
                    "groups": [[int(pid) for pid in g.members] for g in result.groups],
                    "away": sorted(int(pid) for pid in away.get(number, ())),
                    "left": sorted(int(pid) for pid in off),
                }
            )
            past = [*past, [list(g.members) for g in result.groups]]
        in_cycle += size
    _count_repeats(list(history.values()), planned)
    return planned, bound


def _bound(pool: dict[str, engine.Person], options: engine.Options) -> dict:
    bound = engine.rotation_limit(list(pool.values()), options) or {}
    if bound.get("person"):
        bound["person"] = int(bound["person"])  # the page shows their current name
    return bound


def _without_leavers(
    program: Program,
    plan: RotationPlan,
    pool: dict[str, engine.Person],
    first: int,
    count: int,
    blocked: set[tuple[str, str]],
) -> list[dict] | None:
    """The remaining planned rounds without whoever left or is away in them, when that is all
    that changed: nobody new to place, every group still of a size the program allows and
    keeping every hard rule. None otherwise."""
    if [p["number"] for p in plan.planned] != list(range(first, first + count)):
        return None
    days = {p["number"]: parse_date(p["starts_on"]) for p in plan.planned}
    away = breaks_in(program, days)
    smallest = max(2, program.group_size - 1)
    kept: list[dict] = []
    for round_plan in plan.planned:
        here = set(pool) - away.get(round_plan["number"], set())
        groups = [[pk for pk in g if str(pk) in here] for g in round_plan["groups"]]
        left = [pk for pk in round_plan["left"] if str(pk) in here]
        placed = {str(pk) for g in groups for pk in g} | {str(pk) for pk in left}
        if placed != here or any(0 < len(g) < smallest for g in groups):
            return None
        kept.append(
            {
                **round_plan,
                "groups": [g for g in groups if g],
                "left": left,
                "away": sorted(int(pk) for pk in away.get(round_plan["number"], ())),
            }
        )
    groups = [[str(pk) for pk in g] for p in kept for g in p["groups"]]
    options = planning.options_for(program)
    if engine.violation_reasons(list(pool.values()), options, groups, blocked):
        return None
    return kept


def _write_plan(program: Program, *, again: bool) -> RotationPlan:
    Program.objects.select_for_update().get(pk=program.pk)
    total = rounds_in(program)
    first = planning.next_round_number(program)
    pool = program_pool(program)
    if len(pool) >= plan_limit():
        raise ValidationError(
            _(
                "Programs of %(count)d or more people are matched one round at a time: "
                "planning all their rounds at once is not available yet."
            )
            % {"count": plan_limit()},
            code="too_large",
        )
    if len(pool) < 2:
        raise ValidationError(_("At least two people must be enrolled to plan rounds."))
    count = max(0, total - first + 1)
    history, blocked, plan = _met_so_far(program), _blocked(program), plan_of(program)
    kept = _without_leavers(program, plan, pool, first, count, blocked) if plan else None
    promised = sum(p["repeats"] for p in plan.planned) if plan else 0
    if kept is not None and _count_repeats(list(history.values()), kept) <= promised:
        # Only people left or took a break: the plan without them still keeps every promise,
        # and nobody else's planned groups change.
        planned = kept
        bound = _bound(pool, planning.options_for(program))
    else:
        planned, bound = _schedule(program, first, count, pool, history, blocked)
        met = list(history.values())
        if kept is not None and _count_repeats(met, kept) < _count_repeats(met, planned):
            planned = kept
    if plan is None:
        plan = RotationPlan(program=program)
    plan.rounds_total = total
    plan.planned = planned
    plan.bound = bound
    plan.planned_at = timezone.now()
    plan.replans += 1 if again else 0
    plan.save()
    return plan


@transaction.atomic
def do_plan_program(program: Program, by: Person | None = None) -> RotationPlan:
    """Plan every round the program has left as one schedule (again, if planned before)."""
    check_may_match(program, by)
    return _write_plan(program, again=plan_of(program) is not None)


@transaction.atomic
def replan_remaining(program: Program) -> RotationPlan:
    """Plan the rounds not taken yet again for who is enrolled now; taken rounds stay history."""
    return _write_plan(program, again=True)


def _count_repeats(history: list[list[list[str]]], planned: list[dict]) -> int:
    """Set each planned round's "repeats": its pairs that met before in the program (in
    `history` or an earlier planned round). Returns their sum."""
    met = {pair for groups in history for g in groups for pair in _pairs(g)}
    total = 0
    for round_plan in planned:
        pairs = [pair for g in round_plan["groups"] for pair in _pairs([str(x) for x in g])]
        round_plan["repeats"] = sum(pair in met for pair in pairs)
        total += round_plan["repeats"]
        met.update(pairs)
    return total


def misfit(program: Program, plan: RotationPlan) -> str | None:
    """Why the remaining planned rounds no longer fit the program, or None when they do:
    "enrolment" (someone joined, left, took a break or came back from one), "rule" (a group
    would break a hard rule now) or "history" (a taken round was changed, so planned groups
    meet people again)."""
    if not plan.planned:
        return None
    people = program_pool(program)
    pool = set(people)
    days = {p["number"]: parse_date(p["starts_on"]) for p in plan.planned}
    away = breaks_in(program, days)
    for round_plan in plan.planned:
        placed = [str(pk) for members in round_plan["groups"] for pk in members]
        planned_away = {str(pk) for pk in round_plan["away"]}
        everyone = placed + [str(pk) for pk in round_plan["left"]] + sorted(planned_away)
        if planned_away != away.get(round_plan["number"], set()) or (
            len(everyone) != len(set(everyone)) or set(everyone) != pool
        ):
            return "enrolment"
    groups = [[str(pk) for pk in g] for p in plan.planned for g in p["groups"]]
    options = planning.options_for(program)
    if engine.violation_reasons(list(people.values()), options, groups, _blocked(program)):
        return "rule"
    stored = sum(p["repeats"] for p in plan.planned)
    met = list(_met_so_far(program).values())
    if _count_repeats(met, [dict(p) for p in plan.planned]) > stored:
        return "history"
    return None


@transaction.atomic
def do_take_next_round(program: Program, by: Person | None = None) -> Round:
    """The next planned round as the program's draft round (planned again first if the plan no
    longer fits), for the lead to check and publish."""
    check_may_match(program, by)
    Program.objects.select_for_update().get(pk=program.pk)
    if planning.draft_round(program) is not None:
        raise ValidationError(
            _("Publish the draft round first: the plan's next round comes after it."),
            code="draft_open",
        )
    plan = plan_of(program)
    if plan is None or not plan.planned:
        raise ValidationError(_("There is no planned round left to take."), code="no_plan")
    next_number = planning.next_round_number(program)
    if misfit(program, plan) is not None or plan.planned[0]["number"] != next_number:
        plan = replan_remaining(program)
        if not plan.planned:
            raise ValidationError(_("There is no planned round left to take."), code="no_plan")
    taken, *rest = plan.planned
    round_ = Round.objects.create(
        program=program, number=taken["number"], starts_on=parse_date(taken["starts_on"])
    )
    plan.planned = rest
    plan.save(update_fields=["planned"])
    planning.do_plan_round(program, [[str(pk) for pk in g] for g in taken["groups"]])
    round_.refresh_from_db()
    return round_
