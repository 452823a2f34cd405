"""Matching a program's round in the app: the engine's input from the database, its output back.

A lead plans a round (a draft the members do not see), adjusts it by hand — lock a group, move
or swap people; every edit is checked against the hard constraints — and publishes it.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from peercoach import access
from peercoach.lib.retry import IDLE_IN_TRANSACTION
from peercoach.matching import engine
from peercoach.matching import unplaced as unplaced_reasons
from peercoach.matching.draft_rows import (  # noqa: F401 (the app reads the reasons from here)
    delete_groups,
    insert_groups,
    reason_from_json,
    reason_to_json,
    reasons_of,
)
from peercoach.matching.pool import (  # noqa: F401 (the app reads them from here)
    engine_people,
    enrolled_people,
    enrolled_pool,
    managers_above,
)
from peercoach.matching.reasons import render_reason
from peercoach.organisations.models import Person, Role
from peercoach.programs.models import (
    EnrolmentStatus,
    Format,
    Group,
    GroupMember,
    MatchingState,
    Program,
    Round,
    RoundStatus,
)

ENGINE_WEIGHTS = set(engine.Weights.__dataclass_fields__)


def background_from() -> int:
    """Matching 10,000 people takes several seconds (bench/match_app_bench.py): from this many
    enrolled people on, a task worker matches and the page shows progress meanwhile."""
    return settings.MATCHING_BACKGROUND_FROM


def options_for(program: Program) -> engine.Options:
    fmt = "pairs" if program.format == Format.PAIRS else "groups"
    defaults = engine.Weights.for_format(fmt)
    overrides = {k: float(v) for k, v in program.match_weights.items() if k in ENGINE_WEIGHTS}
    weights = engine.Weights(**{**defaults.__dict__, **overrides})
    return engine.Options(
        group_size=program.group_size,
        cross_department=program.cross_department,
        same_department=program.same_department,
        exclude_reporting_chain=program.keep_reporting_lines_apart,
        exclude_same_manager=program.keep_reporting_lines_apart,
        weights=weights,
    )


def check_group_change(
    program: Program,
    groups: list[list[int]],
    *,
    placing: Iterable[Person] = (),
    by: Person | None = None,
    people: dict[str, engine.Person] | None = None,
    blocked: set[tuple[str, str]] | None = None,
    context: engine.Context | None = None,
) -> dict[str, engine.Person]:
    """The one check behind every way a group is formed or changed: forming one by hand,
    adding a member, moving or swapping people in a draft round, and matching.

    - Nobody reads a group by placing themselves in it: whoever runs the program (its leads,
      the organisation's admins) is placed in one of its groups (`placing`) only by another
      admin (`by`; None for the system itself, e.g. the demo data).
    - `groups` (lists of person ids, as they would be after the change) keep the program's hard
      rules, the same ones matching keeps (`engine.violation_reasons` with `options_for`),
      participants' private "rather not with" lists included (`blocked`, else read here): such
      a refusal says "a private preference", never whose. `context`: the engine's indexed view
      of `people` and `blocked` when it exists already (matching: the one it planned on).

    Raises ValidationError with a translated sentence naming the people and the rule. Returns
    the engine's view of the people in `groups`, for rescoring.
    """
    _check_placed_by(program, list(placing), by)
    if not groups:
        return people or {}
    if people is None:
        people = engine_people(program, {pk for members in groups for pk in members})
    member_lists = [[str(pk) for pk in members] for members in groups]
    if blocked is None:
        blocked = access.blocked_pairs_among(int(pid) for members in groups for pid in members)
    problems = engine.violation_reasons(
        [people[pid] for members in member_lists for pid in members if pid in people]
        if context is None
        else context.people,
        options_for(program),
        member_lists,
        blocked,
        context=context,
    )
    if problems:
        raise ValidationError(
            _("That change would break a matching rule: %(problem)s")
            % {"problem": "; ".join(render_reason(problem) for problem in problems)},
            code="hard_constraint",
        )
    return people


def program_runner_ids(program: Program) -> set[int]:
    """Who runs the program: its leads and the organisation's admins."""
    admins = Person.objects.filter(organisation_id=program.organisation_id, role=Role.ADMIN)
    return set(program.leads.values_list("pk", flat=True)) | set(
        admins.values_list("pk", flat=True)
    )


def _check_placed_by(program: Program, placing: list[Person], by: Person | None) -> None:
    if by is None or not placing:
        return
    runners = program_runner_ids(program)
    for person in placing:
        if person.pk not in runners:
            continue
        if person.pk == by.pk:
            raise ValidationError(
                _(
                    "You run this program, so you cannot place yourself in one of its groups: "
                    "ask another admin of your organisation."
                ),
                code="places_self",
            )
        if by.role != Role.ADMIN:
            raise ValidationError(
                _("%(name)s runs this program: only an admin can place them in one of its groups.")
                % {"name": person.name},
                code="places_runner",
            )


@dataclass
class ProgramHistory:
    groups: list[list[list[str]]]  # earlier rounds, each a list of groups of person ids
    roles: dict[str, dict[str, int]]

    @property
    def met_before(self) -> set[frozenset[str]]:
        met = set()
        for round_groups in self.groups:
            for members in round_groups:
                met.update(frozenset((a, b)) for a in members for b in members if a < b)
        return met


def history_for(program: Program, *, excluding: Round | None = None) -> ProgramHistory:
    """Everything grouped before in this program: published rounds and hand-formed groups."""
    memberships = GroupMember.objects.filter(group__program=program).exclude(
        group__round__status=RoundStatus.DRAFT
    )
    if excluding is not None:
        memberships = memberships.exclude(group__round=excluding)
    by_round: dict[object, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    roles: dict[str, Counter] = defaultdict(Counter)
    for group_id, round_id, person_id, role in memberships.values_list(
        "group_id", "group__round_id", "person_id", "role"
    ).order_by("group__round__number", "group_id", "pk"):
        by_round[round_id][group_id].append(str(person_id))
        roles[str(person_id)][role] += 1
    return ProgramHistory(
        groups=[list(groups.values()) for groups in by_round.values()],
        roles={person: dict(counts) for person, counts in roles.items()},
    )


def draft_round(program: Program) -> Round | None:
    return program.rounds.filter(status=RoundStatus.DRAFT).first()


def is_matching(round_: Round | None) -> bool:
    return round_ is not None and round_.matching_state in (
        MatchingState.QUEUED,
        MatchingState.RUNNING,
    )


def next_round_number(program: Program) -> int:
    return (program.rounds.aggregate(Max("number"))["number__max"] or 0) + 1


def next_round(program: Program) -> Round:
    return Round.objects.create(program=program, number=next_round_number(program))


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Building tens of thousands of short-lived objects makes Python's cycle collector walk the
    whole heap (Django's included) again and again: reading 10,000 people for the engine took
    1.0 s with it and 0.56 s without, in one run. Nothing built here forms cycles that must be
    freed before the round ends; reference counting still frees everything else."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def do_plan_round(program: Program, planned: list[list[str]] | None = None) -> Round:
    """Match the next round (or re-match the current draft, keeping its locked groups).

    `planned`: groups of person ids the round takes as they are (the program's rotation plan,
    `matching.program_plan`); the engine places only who is in none of them, and gives every
    group its roles and reasons. They stay unlocked, so the lead can still change them.

    A fixed number of queries whatever the number of people, apart from the batches bulk
    inserts need (tests/matching/test_round_queries.py): the people as bare rows, the draft's
    old groups replaced by two set-based DELETEs and bulk inserts.
    """
    with no_cycle_collection(), transaction.atomic():
        return _plan_round(program, planned or [])


def _plan_round(program: Program, planned: list[list[str]]) -> Round:
    if connection.vendor == "postgresql":
        # The engine computes inside this transaction, holding the program's lock on purpose:
        # not "left idle" for the workers' bound on that (`lib.retry.bound_network_waits`).
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL {IDLE_IN_TRANSACTION} = 0")
    Program.objects.select_for_update().get(pk=program.pk)
    round_ = draft_round(program) or next_round(program)
    locked_groups = list(round_.groups.filter(is_locked=True).prefetch_related("memberships"))
    locked = [[str(m.person_id) for m in group.memberships.all()] for group in locked_groups]
    delete_groups(round_.groups.filter(is_locked=False))

    pool = enrolled_pool(program, round_.starts_on or timezone.localdate())
    options = options_for(program)
    history = history_for(program, excluding=round_)
    # The enrolled (a subquery, however large the pool); the engine ignores who is not in it.
    blocked = access.blocked_pairs_among(
        Person.objects.filter(
            enrolments__program=program, enrolments__status=EnrolmentStatus.ACTIVE
        ).values("pk")
    )
    people = list(pool.values())
    # Indexed once: the engine plans on it and the rule check below reads the same data.
    indexed = engine.Context(people, options, blocked)
    result = engine.plan_rounds(
        people,
        options,
        rounds=1,
        history=history.groups,
        role_history=history.roles,
        locked=locked + planned,
        blocked=blocked,
        seed=program.pk * 1000 + round_.number,
        context=indexed,
    )[0]
    locked_sets = {frozenset(members) for members in locked}
    fresh = [m for m in result.groups if frozenset(m.members) not in locked_sets]
    # The engine keeps the rules by construction; the one check confirms it pair by pair (on its
    # index, no queries), so matching can never form what a hand edit would be refused.
    check_group_change(
        program,
        [[int(pid) for pid in m.members] for m in fresh],
        people=pool,
        blocked=blocked,
        context=indexed,
    )
    for matched in result.groups:
        if frozenset(matched.members) in locked_sets:
            _update_locked_group(locked_groups, matched)
    names = _fresh_group_names(round_, {group.name for group in locked_groups}, len(fresh))
    insert_groups(program, round_, names, fresh)
    round_groups = [(group.name, locked[n]) for n, group in enumerate(locked_groups)] + [
        (name, matched.members) for name, matched in zip(names, fresh, strict=True)
    ]
    round_.unplaced = [
        {
            "person": int(u.person_id),
            **reason_to_json(u.reason),
            **(
                unplaced_reasons.explain(u.person_id, people, options, round_groups, blocked)
                if u.reason.code != "unavailable" and number < EXPLAIN_AT_MOST
                else {}
            ),
        }
        for number, u in enumerate(result.unplaced)
    ]
    round_.repeats = result.repeats
    rotation = engine.rotation_limit(people, options)
    if rotation and rotation["person"]:
        rotation["person"] = int(rotation["person"])  # the page shows their current name
    round_.quality = {
        "pair_weight": result.pair_weight,
        "upper_bound": result.upper_bound,
        **({"rotation": rotation} if rotation else {}),
    }
    round_.matched_at = timezone.now()
    round_.save(update_fields=["unplaced", "repeats", "quality", "matched_at"])
    return round_


# Explaining one unplaced person looks at every enrolled person once; enough for any real round.
EXPLAIN_AT_MOST = 200


def _fresh_group_names(round_: Round, taken: set[str], count: int) -> list[str]:
    """Numbered names for new groups that skip the names of groups kept locked."""
    names: list[str] = []
    number = 0
    pattern = _("Round %(round)s, group %(number)s")  # translated once, not once a group
    while len(names) < count:
        number += 1
        name = pattern % {"round": round_.number, "number": number}
        if name not in taken:
            names.append(name)
    return names


def _update_locked_group(locked_groups: list[Group], matched: engine.MatchedGroup) -> None:
    for group in locked_groups:
        if {str(m.person_id) for m in group.memberships.all()} == set(matched.members):
            group.score = round(matched.score, 3)
            group.reasons = reasons_of(matched)
            group.save(update_fields=["score", "reasons"])


def require_draft(round_: Round | None) -> None:
    if round_ is None or round_.status != RoundStatus.DRAFT:
        raise ValidationError(_("This round is published and can no longer change."))
