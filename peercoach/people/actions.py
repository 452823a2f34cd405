"""Saving someone's record as an admin or lead changed it: the roles, the audit log, and what
follows across apps (their group seats move with a new address, their links stop when they are
deactivated, a changed address of an account holder is confirmed by email through the outbox).

The rules that need only organisations stay there (`organisations.actions.check_keeps_an_admin`,
the email-change link); this module sits above notifications in the layering, so it calls them.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from peercoach.audit.log import Action, record
from peercoach.notifications.actions import queue_email_change, revoke_capabilities_of
from peercoach.organisations.accounts import username_for
from peercoach.organisations.actions import check_keeps_an_admin, email_change_token
from peercoach.organisations.models import Person
from peercoach.organisations.sessions import end_sessions_of
from peercoach.programs.models import GroupMember


@transaction.atomic
def do_save_person(person: Person, *, editor: Person, old: Person | None) -> str:
    """Save `person` as changed in a form by `editor`; `old` is the stored state (None: new).

    Returns the new email address waiting for confirmation, or "" when none is.
    """
    if old is None:
        person.save()
        record(Action.PERSON_ADDED, actor=editor, target=person, detail=person.role)
        return ""
    if not editor.is_admin:
        person.role, person.is_active = old.role, old.is_active  # whatever was posted
    check_keeps_an_admin(old, role=person.role, is_active=person.is_active)
    if person.role != old.role:
        record(
            Action.ROLE_CHANGED, actor=editor, target=person, detail=f"{old.role} → {person.role}"
        )
    if person.is_active != old.is_active:
        active = Action.PERSON_REACTIVATED if person.is_active else Action.PERSON_DEACTIVATED
        record(active, actor=editor, target=person)
    if old.is_active and not person.is_active and old.user_id is not None:
        end_sessions_of(old.user)  # they lose access at once, not when their cookie expires
    if old.is_active and not person.is_active:
        revoke_links_of(person)  # nor through a calendar or unsubscribe link
    new_email = username_for(person.email)
    if old.user_id is None or new_email == old.email:
        if new_email != username_for(old.email):
            person.account_declined_at = None  # a new address: its holder has not said no
            # Whoever proves the new address takes this seat: they read their groups from now
            # on, like a newcomer, never what was written before someone typed their address.
            GroupMember.objects.filter(person_id=person.pk).update(joined_at=timezone.now())
            record(Action.EMAIL_CHANGED, actor=editor, target=person)
        person.save()
        return ""
    person.email = old.email
    person.save()
    queue_email_change(person, new_email, email_change_token(person, new_email), editor)
    record(Action.EMAIL_CHANGE_REQUESTED, actor=editor, target=person)
    return new_email


def revoke_links_of(person: Person) -> None:
    """Every link that works without signing in for `person` (calendar feed, unsubscribe) stops."""
    revoke_capabilities_of(person)
