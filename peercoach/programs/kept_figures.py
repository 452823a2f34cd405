"""Counts over all of a program's sessions, kept between requests until something changes them.

The lead's dashboard and the program report count every session, attendance and action item of
a program: about 135,000 sessions at 10,000 people, on every request. Those counts change only
when someone writes, so each app process keeps them per program under the program's version
(its `FiguresChange` rows: the newest id and how many), and every write that changes them adds
such a row, here in one place: the receivers below for single saves, `changed()` for the bulk
writes that send no signal (each caller of `bulk_create`, `update` or a queryset's `delete` on
these tables calls it). The version is read from the database with the page, so several app
processes need no shared cache: each computes a program's figures once per version. A kept copy
also expires after `KEEP_SECONDS`, the bound should a write ever reach these tables another way
(SQL typed by hand); the clock moves them too (a group turns idle, an action item overdue),
which the day in the callers' keys and that bound cover.

Only counts are kept, never a model instance or anything a member wrote, and who may see them
is still decided by the caller through `peercoach/access/`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from django.apps import apps
from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.signals import post_delete, post_save

from peercoach.programs.models import Enrolment, FiguresChange, Group

KEEP_SECONDS = 300
KEEP_AT_MOST = 512  # programs × kinds × days per process; the oldest go first

T = TypeVar("T")
_kept: dict[tuple, tuple[float, object]] = {}


def kept(
    kind: str,
    program_ids: Sequence[int],
    context: tuple,
    compute: Callable[[list[int]], dict[int, T]],
) -> dict[int, T]:
    """`compute(ids)`'s value per program, computed only for programs whose figures changed
    (or were never computed here) since; `context` holds what else the value depends on (the
    day, the minimum group size). Reads the versions first: a write that lands while computing
    leaves newer figures under the older version, which no later request asks for. A version
    is the newest change's id *and* the number of changes: ids are handed out before their
    transactions commit, and a smaller one can commit after a larger one (then only the number
    tells the versions apart)."""
    now = time.monotonic()
    versions = {
        row["program_id"]: (row["newest"], row["n"])
        for row in FiguresChange.objects.filter(program_id__in=program_ids)
        .values("program_id")
        .annotate(newest=Max("id"), n=Count("id"))
        .order_by()
    }
    found: dict[int, T] = {}
    missing = []
    for pk in program_ids:
        hit = _kept.get((kind, pk, versions.get(pk, 0), context))
        if hit is not None and now - hit[0] < KEEP_SECONDS:
            found[pk] = hit[1]  # type: ignore[assignment]
        else:
            missing.append(pk)
    if missing:
        computed = compute(missing)
        for pk in missing:
            _kept.pop((kind, pk, versions.get(pk, 0), context), None)
            _kept[(kind, pk, versions.get(pk, 0), context)] = (now, computed[pk])
            found[pk] = computed[pk]
        while len(_kept) > KEEP_AT_MOST:
            del _kept[next(iter(_kept))]
    return found


def forget_all() -> None:
    """Drop what this process keeps (tests: a new test database reuses the programs' ids)."""
    _kept.clear()


def changed(
    *,
    programs: Iterable[int] = (),
    groups: Iterable[int] = (),
    sessions: Iterable[int] = (),
    people: Iterable[int] = (),
) -> None:
    """A new version for every program these belong to, in the caller's transaction (so the new
    version and the new rows become visible together)."""
    ids = set(programs)
    if groups := list(groups):
        ids.update(Group.objects.filter(pk__in=groups).values_list("program_id", flat=True))
    if sessions := list(sessions):
        session_model = apps.get_model("coaching", "CoachingSession")
        ids.update(
            session_model.objects.filter(pk__in=sessions).values_list(
                "group__program_id", flat=True
            )
        )
    if people := list(people):
        ids.update(
            Enrolment.objects.filter(person_id__in=people).values_list("program_id", flat=True)
        )
    if not ids:
        return
    FiguresChange.objects.bulk_create([FiguresChange(program_id=pk) for pk in sorted(ids)])


def prune(now=None) -> int:
    """The daily sweep: all but each program's newest change, which is its version."""
    newest = FiguresChange.objects.filter(program=OuterRef("program")).order_by("-id")
    removed, _ = FiguresChange.objects.filter(id__lt=Subquery(newest.values("id")[:1])).delete()
    return removed


def _program_saved(instance, **kwargs) -> None:
    changed(programs=[instance.pk])


def _of_program(instance, **kwargs) -> None:
    changed(programs=[instance.program_id])


def _of_group(instance, **kwargs) -> None:
    changed(groups=[instance.group_id])


def _of_session(instance, **kwargs) -> None:
    changed(sessions=[instance.session_id])


def _of_person(instance, created: bool, **kwargs) -> None:
    if not created:  # a new person is in no program yet
        changed(people=[instance.pk])


def connect() -> None:
    """Single saves that change what is counted. No receiver on deleting a membership, group or
    attendance: Django would then load every row a set-based delete removes (a round's draft
    has 10,000 members); those deletes call `changed()` themselves."""
    post_save.connect(_program_saved, sender="programs.Program", weak=False)
    for model in ("programs.Enrolment", "programs.Group", "programs.Round"):
        post_save.connect(_of_program, sender=model, weak=False)
    post_save.connect(_of_group, sender="programs.GroupMember", weak=False)
    post_save.connect(_of_group, sender="coaching.CoachingSession", weak=False)
    for model in ("coaching.Attendance", "coaching.ActionItem", "health.Pulse"):
        post_save.connect(_of_session, sender=model, weak=False)
    post_delete.connect(_of_session, sender="coaching.ActionItem", weak=False)
    post_save.connect(_of_person, sender="organisations.Person", weak=False)
