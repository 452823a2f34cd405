"""What the program page counts of a program, kept between views until a write changes it."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q

from peercoach.coaching.models import SessionStatus
from peercoach.programs import kept_figures
from peercoach.programs.models import Enrolment, Group, GroupMember, Program


def counts(program: Program) -> tuple[int, int]:
    """The program's groups (to page them) and the people enrolled in it: two counts over
    thousands of rows, read once per version of the program (`programs.kept_figures`)."""
    return kept_figures.kept("program_page", [program.pk], (), _count)[program.pk]


def _count(program_ids: list[int]) -> dict[int, tuple[int, int]]:
    groups = dict(
        Group.objects.filter(program_id__in=program_ids)
        .values("program_id")
        .annotate(n=Count("pk"))
        .values_list("program_id", "n")
    )
    enrolled = dict(
        Enrolment.objects.active()
        .filter(program_id__in=program_ids)
        .values("program_id")
        .annotate(n=Count("pk"))
        .values_list("program_id", "n")
    )
    return {pk: (groups.get(pk, 0), enrolled.get(pk, 0)) for pk in program_ids}


def group_rows(group_ids: list[int]) -> list[dict]:
    """A page of the program's groups as rows (pk, name, sessions held and planned, the names
    of the members taking part), in the page's order: plain values, not model instances."""
    rows = {
        row["pk"]: row
        for row in Group.objects.filter(pk__in=group_ids)
        .annotate(
            held=Count("sessions", filter=Q(sessions__status=SessionStatus.HELD)),
            planned=Count("sessions", filter=Q(sessions__status=SessionStatus.PLANNED)),
        )
        .values("pk", "name", "held", "planned")
    }
    members = defaultdict(list)
    for group_id, name in (
        GroupMember.objects.taking_part()
        .filter(group_id__in=group_ids)
        .values_list("group_id", "person__name")
    ):
        members[group_id].append(name)
    return [{**rows[pk], "members": members[pk]} for pk in group_ids if pk in rows]
