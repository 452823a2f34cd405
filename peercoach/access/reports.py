"""Reports. Whoever runs a program sees its figures (counts, never what members wrote) through
`get_program_to_run`. A manager sees only aggregate figures about the people reporting to them,
directly or indirectly, and only when enough of them take part that no one can be singled out."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from peercoach.coaching.models import Attendance, CoachingSession, SessionStatus
from peercoach.organisations.models import Person
from peercoach.programs.models import (
    Enrolment,
    GroupMember,
    Program,
    published_through,
)


def people_reporting_to(person: Person) -> QuerySet[Person]:
    """The active people of the person's organisation who report to them, directly or not."""
    table = Person._meta.db_table
    # One query however deep the tree; UNION (not UNION ALL) also ends a cycle of managers.
    chain = RawSQL(
        f"WITH RECURSIVE chain(id) AS (SELECT id FROM {table} WHERE manager_id = %s"
        f" UNION SELECT p.id FROM {table} p JOIN chain ON p.manager_id = chain.id)"
        " SELECT id FROM chain",
        (person.pk,),
    )
    return Person.objects.filter(
        pk__in=chain, organisation_id=person.organisation_id, is_active=True
    ).exclude(pk=person.pk)


def manages_people(person: Person) -> bool:
    # Nobody reports to them indirectly unless someone reports to them directly: the index on
    # the manager answers this for most people without walking the tree.
    if not Person.objects.filter(manager_id=person.pk).exists():
        return False
    return people_reporting_to(person).exists()


def may_open_reports(person: Person) -> bool:
    """Whether the header links to the reports: for whoever runs programs or has direct reports."""
    return person.can_run_programs or person.direct_reports.exists()


def require_manager(person: Person) -> Person:
    """The person, if someone reports to them; else Http404 (the team view does not exist)."""
    if not manages_people(person):
        raise Http404
    return person


def minimum_group_size() -> int:
    """Fewest people an aggregate figure may be about (program and team reports, learning-path
    completions, goal statuses, self-assessment means)."""
    return settings.REPORTS_MINIMUM_GROUP


def memberships_taking_part() -> QuerySet[GroupMember]:
    """The one rule for whom a figure counts: people who actually take part.

    A person takes part in a group when they are active, still enrolled in its program, the
    group is published, and the group held at least one session at which they were not
    recorded absent. Enrolling people, or placing them in a group that never meets, does not
    make them count: a figure cannot be padded to pass the minimum.
    """
    held_and_there = CoachingSession.objects.filter(
        group_id=OuterRef("group_id"), status=SessionStatus.HELD
    ).exclude(
        Exists(
            Attendance.objects.filter(
                session_id=OuterRef("pk"), person_id=OuterRef(OuterRef("person_id")), present=False
            )
        )
    )
    still_enrolled = Enrolment.objects.active().filter(
        program_id=OuterRef("group__program_id"), person_id=OuterRef("person_id")
    )
    return GroupMember.objects.filter(
        published_through("group__"),
        Exists(held_and_there),
        Exists(still_enrolled),
        person__is_active=True,
    )


def people_taking_part(program: Program) -> int:
    """How many people take part in the program (`memberships_taking_part`); one query."""
    return (
        memberships_taking_part()
        .filter(group__program=program)
        .values("person_id")
        .distinct()
        .count()
    )


def may_show_figures(people: int) -> bool:
    """A figure about `people` people only when there are enough that none can be singled out."""
    return people >= minimum_group_size()


def may_show_count(count: int) -> bool:
    """A count of people (who completed a step, whose goal has a status) is shown when it is
    none, or enough that none of them can be singled out; 1 or 2 would point at someone."""
    return count == 0 or count >= minimum_group_size()


def may_show_team_figures(people_taking_part: int) -> bool:
    """Team figures only when enough people take part that none of them can be singled out."""
    return may_show_figures(people_taking_part)
