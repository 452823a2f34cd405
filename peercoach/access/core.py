"""The core rules: who runs which programs, who is in which groups, who reads which sessions.

Structure (programs, groups, who is in them, when sessions are) is visible to the group's members
and to whoever runs the program (its leads and the organisation's admins). Content (what members
write into sessions: entries and action items) is visible to the members of that session's group
and to nobody else: not leads, not admins, not managers. Someone who joined a group later reads
its sessions from then on; someone who left reads none of them.
"""

from __future__ import annotations

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import Http404

from peercoach.coaching.models import ActionItem, CoachingSession, Entry
from peercoach.lib.compiled import CompiledQuery
from peercoach.methods.models import Contribution, Insight
from peercoach.organisations.models import Person, Role
from peercoach.programs.models import PUBLISHED as GROUP_PUBLISHED
from peercoach.programs.models import (
    Group,
    GroupMember,
    Program,
    Round,
    published_through,
)


def get_or_404(queryset: QuerySet, pk: int):
    """The row `pk` of `queryset` (already narrowed to what the person may see), else Http404."""
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


_get_or_404 = get_or_404


def _member_of(group_field: str, person: Person) -> Exists:
    return Exists(GroupMember.objects.filter(group_id=OuterRef(group_field), person_id=person.pk))


def programs_run_by(person: Person) -> QuerySet[Program]:
    programs = Program.objects.filter(organisation_id=person.organisation_id)
    if person.role == Role.ADMIN:
        return programs
    if person.role == Role.LEAD:
        return programs.filter(leads=person)
    return programs.none()


def get_program_to_run(person: Person, pk: int, *, related: tuple[str, ...] = ()) -> Program:
    """A program the person runs, with `related` (select_related paths) read along."""
    if not person.can_run_programs:
        raise Http404
    if _is_id(pk):
        program = _first_or_404(_program_to_run(*_who(person), pk, shape=(person.role, related)))
    else:
        program = _get_or_404(programs_run_by(person).select_related(*related), pk)
    program.checked_run_by = person.pk  # `runs` answers from this, for this person
    return program


def _is_id(pk) -> bool:
    """An id the compiled queries can take as it is: anything else (text, a number past any
    primary key) goes through the ORM, which answers it with 404 as before."""
    return type(pk) is int and -(2**63) <= pk < 2**63


def _who(person: Person) -> tuple[int, int]:
    return person.pk, person.organisation_id


def _stand_in(person_id: int, organisation_id: int, role: str) -> Person:
    """The person as the rules read them (id, organisation, role), to compile a query once
    for everyone of that role (`lib.compiled`)."""
    return Person(pk=person_id, organisation_id=organisation_id, role=role)


def _first_or_404(found: list):
    if not found:
        raise Http404
    return found[0]


def _build_program_to_run(person_id: int, organisation_id: int, pk: int, *, shape):
    role, related = shape
    person = _stand_in(person_id, organisation_id, role)
    return programs_run_by(person).select_related(*related).filter(pk=pk)


# The pages that read one object through these rules do so on every request: compiled once.
_program_to_run = CompiledQuery(_build_program_to_run)


def runs(person: Person, program: Program) -> bool:
    """Whether the person runs `program`; no query for one read by `get_program_to_run`."""
    if getattr(program, "checked_run_by", None) == person.pk:
        return True
    return programs_run_by(person).filter(pk=program.pk).exists()


def groups_openable(person: Person, program: Program, ids: list[int]) -> set[int]:
    """Which of `ids` (groups of `program`) the person may open, to link them: all of them for
    whoever runs the program (as `groups_visible_to` says), else those they are a member of.
    The group page checks again (`get_group_for`): a link is never the only guard."""
    if runs(person, program):
        return set(ids)
    return set(groups_visible_to(person).filter(pk__in=ids).values_list("pk", flat=True))


def require_program_runner(person: Person) -> Person:
    """The person, if they may run programs (admins, program leads); else Http404."""
    if not person.can_run_programs:
        raise Http404
    return person


def require_organisation_admin(person: Person) -> Person:
    """The person, if they administer their organisation; else Http404."""
    if not person.is_admin:
        raise Http404
    return person


def get_group_to_run(person: Person, pk: int) -> Group:
    """A group in a program the person runs: its membership is theirs to manage."""
    groups = Group.objects.filter(program__in=programs_run_by(person)).select_related("program")
    return _get_or_404(groups, pk)


def get_round_to_run(person: Person, pk: int) -> Round:
    return _get_or_404(Round.objects.filter(program__in=programs_run_by(person)), pk)


def get_matched_group_to_run(person: Person, pk: int) -> Group:
    """A group formed by matching (it belongs to a round) in a program the person runs."""
    groups = Group.objects.filter(program__in=programs_run_by(person), round__isnull=False)
    return _get_or_404(groups, pk)


def people_managed_by(person: Person) -> QuerySet[Person]:
    """The organisation's people, for admins and program leads (structure, not content)."""
    if not person.can_run_programs:
        return Person.objects.none()
    return Person.objects.filter(organisation_id=person.organisation_id)


def people_editable_by(person: Person) -> QuerySet[Person]:
    """Whose records the person may edit: admins everyone's, program leads participants' only.

    A lead never edits another lead's or an admin's record (nor their own: that is `/me/`), so
    no lead changes the email an admin signs in with.
    """
    people = people_managed_by(person)
    if person.is_admin:
        return people
    return people.filter(role=Role.PARTICIPANT)


def get_person_to_manage(person: Person, pk: int) -> Person:
    return _get_or_404(people_editable_by(person), pk)


PUBLISHED = GROUP_PUBLISHED  # groups of a round still being matched are the lead's draft


def groups_of(person: Person) -> QuerySet[Group]:
    """The groups a person is a member of (published ones only)."""
    return Group.objects.filter(PUBLISHED, _member_of("pk", person))


def ever_in_a_group(person: Person) -> bool:
    """Whether the person was ever a member of a group (most leads never are): without that,
    they have no sessions, actions or answers of their own to show."""
    return GroupMember.objects.filter(person_id=person.pk).exists()


def get_own_group(person: Person, pk: int) -> Group:
    """A group the person is a member of (not one they merely run); else Http404. What only
    members do, such as writing to the whole group, goes through this."""
    return _get_or_404(groups_of(person), pk)


def groups_visible_to(person: Person) -> QuerySet[Group]:
    run = programs_run_by(person).values("pk")
    return Group.objects.filter(program__organisation_id=person.organisation_id).filter(
        Q(program__in=run) | (PUBLISHED & _member_of("pk", person))
    )


def get_group_for(person: Person, pk: int, *, standing: bool = False) -> Group:
    """A group the person may see, with its program; with `standing`, read along with whether
    they run its program (`runs_program`) and are one of its members (`is_member`)."""
    if _is_id(pk):
        return _first_or_404(_group_for(*_who(person), pk, shape=(person.role, standing)))
    return _get_or_404(_groups_for(person, standing), pk)


def _groups_for(person: Person, standing: bool) -> QuerySet[Group]:
    groups = groups_visible_to(person).select_related("program")
    if standing:
        run = programs_run_by(person).filter(pk=OuterRef("program_id"))
        groups = groups.annotate(
            runs_program=Exists(run) if person.can_run_programs else Value(False),
            is_member=Case(When(PUBLISHED & _member_of("pk", person), then=True), default=False),
        )
    return groups


def _build_group_for(person_id: int, organisation_id: int, pk: int, *, shape):
    role, standing = shape
    return _groups_for(_stand_in(person_id, organisation_id, role), standing).filter(pk=pk)


_group_for = CompiledQuery(_build_group_for)


def sessions_visible_to(person: Person) -> QuerySet[CoachingSession]:
    """Sessions whose structure (date, place, status, counts) the person may see."""
    return CoachingSession.objects.filter(group__in=groups_visible_to(person).values("pk"))


def get_session_for(person: Person, pk: int) -> CoachingSession:
    """A session whose structure the person may see, read with whether they may read its
    content too (`can_read_content` answers from that, for this person, without asking again)."""
    if _is_id(pk):
        session = _first_or_404(_session_for(*_who(person), pk, shape=person.role))
    else:
        session = _get_or_404(_sessions_for(person), pk)
    session.content_readable_for = (person.pk, session.content_readable)
    return session


def _sessions_for(person: Person) -> QuerySet[CoachingSession]:
    return (
        sessions_visible_to(person)
        .select_related("group__program")
        .annotate(content_readable=Case(When(_content_readable(person), then=True), default=False))
    )


def _build_session_for(person_id: int, organisation_id: int, pk: int, *, shape):
    return _sessions_for(_stand_in(person_id, organisation_id, shape)).filter(pk=pk)


_session_for = CompiledQuery(_build_session_for)


def _content_readable(person: Person) -> Q:
    membership_at_the_time = GroupMember.objects.filter(
        Q(joined_at__isnull=True) | Q(joined_at__lte=OuterRef("starts_at")),
        group_id=OuterRef("group_id"),
        person_id=person.pk,
    )
    return Q(Exists(membership_at_the_time)) & published_through("group__")


def sessions_with_content_for(person: Person) -> QuerySet[CoachingSession]:
    """Sessions whose content the person may read and write: those of their own groups.

    Someone who joined a group later sees its sessions from the moment they joined, not what the
    group wrote before they were part of it.
    """
    return CoachingSession.objects.filter(_content_readable(person))


def written_while_member(person: Person, *, group: str, created: str = "created_at") -> Exists:
    """The person was a member of the group `group` (a field path to its id) when the row was
    written (`created`, its creation time, which nobody edits). A founding member (no
    `joined_at`) reads everything; a newcomer reads what was written from the moment they
    joined."""
    return Exists(
        GroupMember.objects.filter(
            Q(joined_at__isnull=True) | Q(joined_at__lte=OuterRef(created)),
            group_id=OuterRef(group),
            person_id=person.pk,
        )
    )


def written_while_in_program(
    person: Person, *, program: str, created: str = "created_at"
) -> Exists:
    """Like `written_while_member` for content shared with a whole program (its wall, its
    library): the person was in one of the program's published groups when it was written."""
    return Exists(
        GroupMember.objects.filter(
            Q(joined_at__isnull=True) | Q(joined_at__lte=OuterRef(created)),
            published_through("group__"),
            group__program_id=OuterRef(program),
            person_id=person.pk,
        )
    )


def get_session_with_content_for(person: Person, pk: int) -> CoachingSession:
    return _get_or_404(sessions_with_content_for(person).select_related("group__program"), pk)


def can_read_content(person: Person, session: CoachingSession) -> bool:
    known = getattr(session, "content_readable_for", None)  # set by get_session_for
    if known is not None and known[0] == person.pk:
        return known[1]
    return sessions_with_content_for(person).filter(pk=session.pk).exists()


def entries_visible_to(person: Person) -> QuerySet[Entry]:
    return Entry.objects.filter(
        written_while_member(person, group="session__group_id"),
        session__in=sessions_with_content_for(person).values("pk"),
    )


def action_items_visible_to(person: Person) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(
        written_while_member(person, group="session__group_id"),
        session__in=sessions_with_content_for(person).values("pk"),
    )


def contributions_visible_to(person: Person) -> QuerySet[Contribution]:
    """Questions, advice and observations said in a method's phases: session content."""
    return Contribution.objects.filter(
        written_while_member(person, group="session__group_id"),
        session__in=sessions_with_content_for(person).values("pk"),
    )


def insights_visible_to(person: Person) -> QuerySet[Insight]:
    return Insight.objects.filter(
        written_while_member(person, group="session__group_id"),
        session__in=sessions_with_content_for(person).values("pk"),
    )


def get_action_item_for(person: Person, pk: int) -> ActionItem:
    return _get_or_404(action_items_visible_to(person).select_related("session"), pk)
