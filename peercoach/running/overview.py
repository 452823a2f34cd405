"""What the program page counts of a program, kept between views until a write changes it."""

from __future__ import annotations

from django.db.models import Count

from peercoach.programs import kept_figures
from peercoach.programs.models import Enrolment, Group, Program


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
