"""Erasing a person (AVG/GDPR article 17): one transaction, nothing half-done.

What goes, always: their profile and membership of the organisation, their account (when it has
no other organisation) and every sign-in session, their goals, journal, feedback they received,
feedback requests, attendance and session roles, reactions, self-assessment answers, notes on
learning-path steps, calendar feed links, the emails queued for them, and every stored email
subject or address that names them. Unsubscribe and e-mail-change links are signed with their
person id, which is never given out again, so those links open nothing any more.

What they wrote in their groups (session entries, action items, contributions, insights, wins,
library items and comments, feedback they gave) follows the organisation's policy
(`PrivacySettings.group_content_on_erasure`): it stays, written by "former participant" — one
person without an account per organisation — or it goes. Either way the group, its sessions and
what the other members wrote stay; where someone else's record only pointed at the erased person
(an action item they added for a partner, a follow-up decision), it now points at the former
participant.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from peercoach import access
from peercoach.audit.log import Action, acting_person, record
from peercoach.organisations.actions import check_keeps_an_admin
from peercoach.organisations.models import Person, Role
from peercoach.organisations.sessions import end_sessions_of
from peercoach.privacy.models import GroupContentOnErasure, PrivacySettings
from peercoach.programs import kept_figures

FORMER_PARTICIPANT_EMAIL = "former-participant@erased.invalid"


@dataclass(frozen=True)
class ErasurePlan:
    """What an erasure will do, for the confirmation page (counts, never contents)."""

    keeps_group_content: bool
    group_content: dict[str, int]
    personal: dict[str, int]
    groups: int
    has_account: bool
    account_elsewhere: bool


def _group_content(person: Person) -> dict:
    """What the person wrote where others read it, by kind (querysets)."""
    from peercoach.coaching.models import ActionItem, Entry
    from peercoach.growth.models import Feedback, LibraryComment, LibraryItem, Win
    from peercoach.methods.models import Contribution, Insight

    return {
        "session_entries": (Entry.objects.filter(author=person), "author"),
        "action_items": (ActionItem.objects.filter(owner=person), "owner"),
        "contributions": (Contribution.objects.filter(author=person), "author"),
        "insights": (Insight.objects.filter(author=person), "author"),
        "wins": (Win.objects.filter(author=person), "author"),
        "library_items": (LibraryItem.objects.filter(shared_by=person), "shared_by"),
        "library_comments": (LibraryComment.objects.filter(author=person), "author"),
        "feedback_given": (Feedback.objects.filter(giver=person), "giver"),
    }


def _personal(person: Person) -> dict:
    from peercoach.assessments.models import Response
    from peercoach.growth.models import Feedback, FeedbackRequest, Goal, JournalEntry
    from peercoach.paths.models import StepCompletion

    return {
        "goals": Goal.objects.filter(owner=person),
        "journal": JournalEntry.objects.filter(author=person),
        "feedback_received": Feedback.objects.filter(receiver=person),
        "feedback_requests": FeedbackRequest.objects.filter(
            Q(requester=person) | Q(recipient=person)
        ),
        "assessment_answers": Response.objects.filter(person=person),
        "path_notes": StepCompletion.objects.filter(person=person),
    }


def plan_erasure(person: Person) -> ErasurePlan:
    settings = PrivacySettings.of(person.organisation)
    user = person.user
    return ErasurePlan(
        keeps_group_content=settings.group_content_on_erasure == GroupContentOnErasure.KEEP,
        group_content={name: qs.count() for name, (qs, _field) in _group_content(person).items()},
        personal={name: qs.count() for name, qs in _personal(person).items()},
        groups=person.group_memberships.count(),
        has_account=user is not None,
        account_elsewhere=user is not None and user.people.exclude(pk=person.pk).exists(),
    )


def check_erasure(person: Person) -> None:
    """Erasing the only active admin would leave the organisation without one."""
    check_keeps_an_admin(person, role=Role.PARTICIPANT, is_active=False)


def former_participant(settings: PrivacySettings) -> Person:
    """The organisation's "former participant" (created on first use, named in its language)."""
    if settings.former_participant_id is None:
        organisation = settings.organisation
        with translation.override(organisation.default_language):
            name = _("Former participant")
        person, _created = Person.objects.get_or_create(
            organisation=organisation,
            email=FORMER_PARTICIPANT_EMAIL,
            defaults={"name": name, "is_active": False},
        )
        settings.former_participant = person
        settings.save(update_fields=["former_participant"])
    return settings.former_participant


def _delete_files_on_commit(names: list[str]) -> None:
    """Uploaded files of deleted library items leave the disk too, once the erasure is done."""
    from django.core.files.storage import default_storage

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(delete)


def _revoke_links(person: Person) -> None:
    """Links that work without signing in stop at once; the person's delete then removes them."""
    from peercoach.notifications.actions import revoke_capabilities_of

    revoke_capabilities_of(person)
    person.feed_tokens.all().delete()


def _mentions(value, needles: list[str]) -> bool:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text.lower()
    return any(needle in text for needle in needles)


def _scrub_stored_mail(person: Person, needles: list[str]) -> None:
    """Emails already sent to others keep their subject a while (retention sweep); one that
    names the erased person loses it now, and a message still waiting is not sent."""
    from peercoach.notifications.models import OutgoingMessage, Status

    candidates = OutgoingMessage.objects.filter(
        Q(person__organisation_id=person.organisation_id) | Q(person__isnull=True)
    )
    for message in candidates.only("pk", "subject", "to_email", "context", "last_error"):
        fields = [message.subject, message.to_email, message.context, message.last_error]
        if any(_mentions(value, needles) for value in fields if value):
            OutgoingMessage.objects.filter(pk=message.pk).update(
                subject="", to_email="", context={}, last_error=""
            )
            OutgoingMessage.objects.filter(pk=message.pk, status=Status.PENDING).update(
                status=Status.SKIPPED, skip_reason="erased"
            )


def _scrub_admin_log(person: Person, user, needles: list[str]) -> None:
    entries = LogEntry.objects.all()
    for entry in entries.only("pk", "object_repr", "change_message"):
        if _mentions(entry.object_repr, needles) or _mentions(entry.change_message, needles):
            entry.delete()


@transaction.atomic
def do_erase_person(person: Person) -> None:
    """Erase `person` as the module says; ValidationError (and nothing changed) if not allowed."""
    from peercoach.coaching.models import ActionItem
    from peercoach.methods.models import FollowUpDecision
    from peercoach.participants.models import ImportUpload, StagedChange

    person = Person.objects.select_for_update().get(pk=person.pk)
    if access.is_former_participant(person):
        raise ValidationError(_("This is not a person whose data can be erased."))
    check_erasure(person)
    settings = PrivacySettings.objects.select_for_update().get(
        pk=PrivacySettings.of(person.organisation).pk
    )
    placeholder = former_participant(settings)
    user = person.user
    needles = [value.lower() for value in (person.name, person.email) if value]
    if user is not None:
        needles += [value.lower() for value in (user.email, user.username) if value]

    # Someone else's record that only points at the erased person points at nobody in person.
    ActionItem.objects.filter(created_by=person).exclude(owner=person).update(created_by=None)
    FollowUpDecision.objects.filter(decided_by=person).exclude(item__owner=person).update(
        decided_by=placeholder
    )
    keep = settings.group_content_on_erasure == GroupContentOnErasure.KEEP
    for name, (queryset, field) in _group_content(person).items():
        if keep:
            queryset.update(**{field: placeholder})
            continue
        if name == "library_items":
            _delete_files_on_commit(list(queryset.exclude(file="").values_list("file", flat=True)))
        queryset.delete()
    if keep:
        # What stays was written by the former participant, also the action items they added.
        FollowUpDecision.objects.filter(decided_by=person).update(decided_by=placeholder)
        ActionItem.objects.filter(created_by=person).update(created_by=placeholder)

    _revoke_links(person)
    _scrub_stored_mail(person, needles)
    StagedChange.objects.filter(person_id=person.pk).delete()
    # A participant file waiting for confirmation may list them: it would bring them back.
    ImportUpload.objects.pending().filter(organisation_id=person.organisation_id).delete()
    _scrub_admin_log(person, user, needles)
    groups = list(person.group_memberships.values_list("group_id", flat=True))
    pk = person.pk
    organisation_id = person.organisation_id
    acting = acting_person()
    erased_self = acting is not None and acting.pk == person.pk
    kept_figures.changed(people=[pk])  # before: afterwards nothing says where they were
    person.delete()  # cascades to everything personal (see the module docstring)
    # Recorded without the erased data: only that someone (by a number nothing points to now) was
    # erased, and by whom unless they erased themselves.
    record(
        Action.ERASURE,
        organisation=organisation_id,
        anonymous=erased_self,
        detail=f"#{pk}",
    )

    if user is not None:
        end_sessions_of(user)
        if not user.people.exists():
            get_user_model().objects.filter(pk=user.pk).delete()

    _update_calendars(pk, groups)


def _update_calendars(person_pk: int, group_ids: list[int]) -> None:
    """The other members' invitations no longer list them; no cancellation is sent to the
    erased person (there is nobody to send it to)."""
    from peercoach.notifications.actions import sync_group_calendars
    from peercoach.notifications.models import SessionCalendar

    for state in SessionCalendar.objects.filter(session__group_id__in=group_ids):
        if person_pk in state.attendee_ids:
            state.attendee_ids = [pk for pk in state.attendee_ids if pk != person_pk]
            state.save(update_fields=["attendee_ids"])
    for group_id in group_ids:
        sync_group_calendars(group_id)
