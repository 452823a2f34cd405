"""The confidentiality rules, in one place.

Structure (programs, groups, who is in them, when sessions are) is visible to the group's members
and to whoever runs the program (its leads and the organisation's admins). Content (what members
write into sessions: entries and action items) is visible to the members of that session's group
and to nobody else: not leads, not admins, not managers. Someone who joined a group later reads
its sessions from then on; someone who left reads none of them.

Apps with content of their own (methods: contributions and insights; growth: goals, feedback,
journal, library; notifications: the calendar feed) build their rules on these functions, in
`peercoach/methods/views.py` (through `get_session_with_content_for`),
`peercoach/growth/visibility.py` and the notification actions.

Every view reaches objects through these functions. Objects a person may not see do not exist for
them: the `get_*` helpers raise Http404, never 403, so nothing leaks about other organisations.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from peercoach.assessments.models import Answer as AssessmentAnswer
from peercoach.assessments.models import Response as AssessmentResponse
from peercoach.coaching.models import (
    ActionItem,
    Attendance,
    CoachingSession,
    Entry,
    SessionStatus,
)
from peercoach.methods.models import Contribution, Insight
from peercoach.organisations.models import Person, Role
from peercoach.paths.models import StepCompletion
from peercoach.programs.models import (
    Enrolment,
    EnrolmentStatus,
    Group,
    GroupMember,
    Program,
    Round,
    RoundStatus,
)


def _member_of(group_field: str, person: Person) -> Exists:
    return Exists(GroupMember.objects.filter(group_id=OuterRef(group_field), person_id=person.pk))


def programs_run_by(person: Person | None) -> QuerySet[Program]:
    if person is None:
        return Program.objects.none()
    programs = Program.objects.filter(organisation_id=person.organisation_id)
    if person.role == Role.ADMIN:
        return programs
    if person.role == Role.LEAD:
        return programs.filter(leads=person)
    return programs.none()


def get_program_to_run(person: Person | None, pk: int) -> Program:
    return _get_or_404(programs_run_by(person), pk)


def require_program_runner(person: Person | None) -> Person:
    """The person, if they may run programs (admins, program leads); else Http404."""
    if person is None or not person.can_run_programs:
        raise Http404
    return person


def require_organisation_admin(person: Person | None) -> Person:
    """The person, if they administer their organisation; else Http404."""
    if person is None or not person.is_admin:
        raise Http404
    return person


def get_group_to_run(person: Person | None, pk: int) -> Group:
    """A group in a program the person runs: its membership is theirs to manage."""
    groups = Group.objects.filter(program__in=programs_run_by(person)).select_related("program")
    return _get_or_404(groups, pk)


def get_round_to_run(person: Person | None, pk: int) -> Round:
    return _get_or_404(Round.objects.filter(program__in=programs_run_by(person)), pk)


def get_matched_group_to_run(person: Person | None, pk: int) -> Group:
    """A group formed by matching (it belongs to a round) in a program the person runs."""
    groups = Group.objects.filter(program__in=programs_run_by(person), round__isnull=False)
    return _get_or_404(groups, pk)


def people_managed_by(person: Person | None) -> QuerySet[Person]:
    """The organisation's people, for admins and program leads (structure, not content)."""
    if person is None or not person.can_run_programs:
        return Person.objects.none()
    return Person.objects.filter(organisation_id=person.organisation_id)


def people_editable_by(person: Person | None) -> QuerySet[Person]:
    """Whose records the person may edit: admins everyone's, program leads participants' only.

    A lead never edits another lead's or an admin's record (nor their own: that is `/me/`), so
    no lead changes the email an admin signs in with.
    """
    people = people_managed_by(person)
    if person is None or person.is_admin:
        return people
    return people.filter(role=Role.PARTICIPANT)


def get_person_to_manage(person: Person | None, pk: int) -> Person:
    return _get_or_404(people_editable_by(person), pk)


# Groups of a round still being matched are the lead's draft: members don't see them yet.
PUBLISHED = Q(round__isnull=True) | Q(round__status=RoundStatus.PUBLISHED)


def groups_of(person: Person | None) -> QuerySet[Group]:
    """The groups a person is a member of (published ones only)."""
    if person is None:
        return Group.objects.none()
    return Group.objects.filter(PUBLISHED, _member_of("pk", person))


def groups_visible_to(person: Person | None) -> QuerySet[Group]:
    if person is None:
        return Group.objects.none()
    run = programs_run_by(person).values("pk")
    return Group.objects.filter(program__organisation_id=person.organisation_id).filter(
        Q(program__in=run) | (PUBLISHED & _member_of("pk", person))
    )


def get_group_for(person: Person | None, pk: int) -> Group:
    return _get_or_404(groups_visible_to(person), pk)


def sessions_visible_to(person: Person | None) -> QuerySet[CoachingSession]:
    """Sessions whose structure (date, place, status, counts) the person may see."""
    if person is None:
        return CoachingSession.objects.none()
    return CoachingSession.objects.filter(group__in=groups_visible_to(person).values("pk"))


def get_session_for(person: Person | None, pk: int) -> CoachingSession:
    return _get_or_404(sessions_visible_to(person).select_related("group__program"), pk)


def sessions_with_content_for(person: Person | None) -> QuerySet[CoachingSession]:
    """Sessions whose content the person may read and write: those of their own groups.

    Someone who joined a group later sees its sessions from the moment they joined, not what the
    group wrote before they were part of it.
    """
    if person is None:
        return CoachingSession.objects.none()
    membership_at_the_time = GroupMember.objects.filter(
        Q(joined_at__isnull=True) | Q(joined_at__lte=OuterRef("starts_at")),
        group_id=OuterRef("group_id"),
        person_id=person.pk,
    )
    return CoachingSession.objects.filter(
        Exists(membership_at_the_time),
        Q(group__round__isnull=True) | Q(group__round__status=RoundStatus.PUBLISHED),
    )


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
            Q(group__round__isnull=True) | Q(group__round__status=RoundStatus.PUBLISHED),
            group__program_id=OuterRef(program),
            person_id=person.pk,
        )
    )


def get_session_with_content_for(person: Person | None, pk: int) -> CoachingSession:
    return _get_or_404(sessions_with_content_for(person).select_related("group__program"), pk)


def can_read_content(person: Person | None, session: CoachingSession) -> bool:
    return sessions_with_content_for(person).filter(pk=session.pk).exists()


def entries_visible_to(person: Person | None) -> QuerySet[Entry]:
    if person is None:
        return Entry.objects.none()
    return Entry.objects.filter(
        written_while_member(person, group="session__group_id"),
        session__in=sessions_with_content_for(person).values("pk"),
    )


def action_items_visible_to(person: Person | None) -> QuerySet[ActionItem]:
    if person is None:
        return ActionItem.objects.none()
    return ActionItem.objects.filter(
        written_while_member(person, group="session__group_id"),
        session__in=sessions_with_content_for(person).values("pk"),
    )


def contributions_visible_to(person: Person | None) -> QuerySet[Contribution]:
    """Questions, advice and observations said in a method's phases: session content."""
    if person is None:
        return Contribution.objects.none()
    return Contribution.objects.filter(
        written_while_member(person, group="session__group_id"),
        session__in=sessions_with_content_for(person).values("pk"),
    )


def insights_visible_to(person: Person | None) -> QuerySet[Insight]:
    if person is None:
        return Insight.objects.none()
    return Insight.objects.filter(
        written_while_member(person, group="session__group_id"),
        session__in=sessions_with_content_for(person).values("pk"),
    )


def get_action_item_for(person: Person | None, pk: int) -> ActionItem:
    return _get_or_404(action_items_visible_to(person).select_related("session"), pk)


# Reports. Whoever runs a program sees its figures (counts, never what members wrote) through
# `get_program_to_run`. A manager sees only aggregate figures about the people reporting to them,
# directly or indirectly, and only when enough of them take part that no one can be singled out.


def people_reporting_to(person: Person | None) -> QuerySet[Person]:
    """The active people of the person's organisation who report to them, directly or not."""
    if person is None:
        return Person.objects.none()
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


def manages_people(person: Person | None) -> bool:
    return people_reporting_to(person).exists()


def require_manager(person: Person | None) -> Person:
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
    still_enrolled = Enrolment.objects.filter(
        program_id=OuterRef("group__program_id"),
        person_id=OuterRef("person_id"),
        status=EnrolmentStatus.ACTIVE,
    )
    return GroupMember.objects.filter(
        Q(group__round__isnull=True) | Q(group__round__status=RoundStatus.PUBLISHED),
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


# Learning paths (peercoach/paths). Whoever runs a program builds its path through
# `get_program_to_run` and sees only how many people completed each step, never who. A person
# follows the path of a program they are actively enrolled in; that they did a step, and their
# note on it, are theirs alone: not their group's, the lead's, an admin's or their manager's.


def programs_followed_by(person: Person | None) -> QuerySet[Program]:
    """Programs whose learning path the person follows: those they are actively enrolled in."""
    if person is None:
        return Program.objects.none()
    return Program.objects.filter(
        organisation_id=person.organisation_id,
        enrolments__person_id=person.pk,
        enrolments__status=EnrolmentStatus.ACTIVE,
    )


def get_program_followed_by(person: Person | None, pk: int) -> Program:
    return _get_or_404(programs_followed_by(person), pk)


def step_completions_of(person: Person | None) -> QuerySet[StepCompletion]:
    """The person's own completed steps with their private notes; nobody else reads them."""
    if person is None:
        return StepCompletion.objects.none()
    return StepCompletion.objects.filter(person_id=person.pk)


# Self-assessments (peercoach/assessments). A person answers the questionnaire of a program they
# follow (`get_program_followed_by`); their answers are theirs alone: not their group's, the
# lead's, an admin's or their manager's. Whoever runs the program (`get_program_to_run`) sees only
# means per statement, and only once enough people answered that no one can be singled out.


def assessment_responses_of(person: Person | None) -> QuerySet[AssessmentResponse]:
    """The person's own self-assessment responses; nobody else reads them."""
    if person is None:
        return AssessmentResponse.objects.none()
    return AssessmentResponse.objects.filter(person_id=person.pk)


def assessment_answers_of(person: Person | None) -> QuerySet[AssessmentAnswer]:
    """The person's own answers (scores per statement); nobody else reads them."""
    if person is None:
        return AssessmentAnswer.objects.none()
    return AssessmentAnswer.objects.filter(response__person_id=person.pk)


def may_show_assessment_figures(people: int, *, still_open: bool = False) -> bool:
    """A mean over a moment's answers only when enough people gave them that none is exposed,
    and only once nobody can answer that moment any more: a mean that moves with each new answer
    gives that answer away to whoever compares it before and after."""
    return not still_open and people >= minimum_group_size()


# Personal data export (AVG/GDPR articles 15 and 20; peercoach/privacy). A person takes out what
# is theirs in the organisation they act in: what they wrote, what is recorded about them, and
# what was written *to* them (feedback received and requests for their feedback, with the
# giver's name and words, as the app shows it to them). Never what other people wrote in their
# groups: a partner's entries, contributions or insights, nor the receiver's reply to feedback
# the person gave, are not theirs to take.


def personal_data_of(person: Person) -> dict[str, QuerySet]:
    """The querysets of a person's export, by name; each one query, whatever the data size."""
    from peercoach.growth.models import (
        Feedback,
        FeedbackRequest,
        Goal,
        JournalEntry,
        LibraryComment,
        LibraryItem,
        Win,
    )
    from peercoach.methods.models import Contribution, Insight, SessionRole

    me = person.pk
    return {
        "enrolments": Enrolment.objects.filter(person_id=me).select_related("program"),
        # Groups still being matched are the lead's draft, not yet the person's (PUBLISHED).
        "group_memberships": GroupMember.objects.filter(
            person_id=me, group__in=groups_of(person).values("pk")
        ).select_related("group__program"),
        "goals": Goal.objects.filter(owner_id=me)
        .select_related("group")
        .prefetch_related("milestones", "updates"),
        "journal": JournalEntry.objects.filter(author_id=me).select_related("shared_in"),
        "feedback_given": Feedback.objects.filter(giver_id=me).select_related("receiver"),
        "feedback_received": Feedback.objects.filter(receiver_id=me).select_related("giver"),
        "feedback_requests_made": FeedbackRequest.objects.filter(requester_id=me).select_related(
            "recipient"
        ),
        "feedback_requests_received": FeedbackRequest.objects.filter(
            recipient_id=me
        ).select_related("requester"),
        "session_entries": Entry.objects.filter(author_id=me).select_related("session__group"),
        "action_items": ActionItem.objects.filter(owner_id=me).select_related("session__group"),
        "attendance": Attendance.objects.filter(person_id=me).select_related("session__group"),
        "session_roles": SessionRole.objects.filter(person_id=me).select_related("session__group"),
        "contributions": Contribution.objects.filter(author_id=me).select_related("session__group"),
        "insights": Insight.objects.filter(author_id=me).select_related("session__group"),
        "wins": Win.objects.filter(author_id=me).select_related("group"),
        "library_items": LibraryItem.objects.filter(shared_by_id=me),
        "library_comments": LibraryComment.objects.filter(author_id=me).select_related("item"),
        "assessment_answers": assessment_answers_of(person).select_related(
            "response__questionnaire__program", "statement"
        ),
        "path_notes": step_completions_of(person).select_related("step__path__program"),
        # Program health (peercoach/health): a person's own pulses, match-fit answers and breaks.
        **_health_data_of(person),
    }


def _health_data_of(person: Person) -> dict[str, QuerySet]:
    from peercoach.health import rules as health_rules

    return {
        "pulses": health_rules.pulses_of(person).select_related("session__group"),
        "match_fits": health_rules.match_fits_of(person).select_related("group"),
        "breaks": health_rules.absences_of(person).select_related("program"),
    }


def _get_or_404(queryset: QuerySet, pk: int):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None
