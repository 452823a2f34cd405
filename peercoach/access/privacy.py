"""Personal data export (AVG/GDPR articles 15 and 20; peercoach/privacy). A person takes out what
is theirs in the organisation they act in: what they wrote, what is recorded about them, and
what was written *to* them (feedback received and requests for their feedback, with the
giver's name and words, as the app shows it to them). Never what other people wrote in their
groups: a partner's entries, contributions or insights, nor the receiver's reply to feedback
the person gave, are not theirs to take.

Erasure (article 17; peercoach/privacy/erasure.py): an admin of the person's organisation may
erase them, and the person themselves where the organisation allows it; nobody erases the
organisation's "former participant", who holds what erased people left in their groups."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from peercoach.access.assessments import assessment_answers_of
from peercoach.access.core import groups_of
from peercoach.access.health import absences_of, match_fits_of, pulses_of
from peercoach.access.paths import step_completions_of
from peercoach.coaching.models import ActionItem, Attendance, Entry
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
from peercoach.organisations.models import Person
from peercoach.privacy.models import PrivacySettings
from peercoach.programs.models import Enrolment, GroupMember


def personal_data_of(person: Person) -> dict[str, QuerySet]:
    """The querysets of a person's export, by name; each one query, whatever the data size."""
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
        "pulses": pulses_of(person).select_related("session__group"),
        "match_fits": match_fits_of(person).select_related("group"),
        "breaks": absences_of(person).select_related("program"),
    }


def is_former_participant(person: Person) -> bool:
    return PrivacySettings.objects.filter(former_participant=person).exists()


def may_erase(actor: Person, person: Person) -> bool:
    """An admin of the person's organisation, or the person themselves where it allows that."""
    if actor.organisation_id != person.organisation_id or is_former_participant(person):
        return False
    if actor.is_admin:
        return True
    return actor.pk == person.pk and PrivacySettings.of(person.organisation).self_erasure


def get_person_to_erase(actor: Person, pk: int) -> Person:
    """The person `actor` may erase, else 404 (also for people of other organisations)."""
    person = Person.objects.filter(organisation_id=actor.organisation_id, pk=pk).first()
    if person is None or not may_erase(actor, person):
        raise Http404
    return person
