"""Changing people: who may change what, and how an email address changes.

Only an organisation admin changes roles and (de)activates people, and an organisation always
keeps one active admin. The email of someone with an account changes only when the account
holder confirms the new address (see `peercoach/organisations/accounts.py` for why).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peercoach.organisations.accounts import username_for
from peercoach.organisations.models import Person, Role
from peercoach.organisations.sessions import end_sessions_of
from peercoach.programs.models import GroupMember

EMAIL_CHANGE_SALT = "peercoach.organisations.email-change"
EMAIL_CHANGE_SECONDS = 3 * 24 * 3600


def check_keeps_an_admin(person: Person, *, role: str, is_active: bool) -> None:
    """Refuse to leave the organisation without an active admin."""
    if not (person.pk and person.role == Role.ADMIN and person.is_active):
        return
    if role == Role.ADMIN and is_active:
        return
    # Lock every admin row of the organisation: two admins demoting each other at once queue
    # up here, and the second sees the first one's change.
    admins = Person.objects.active_admins().filter(organisation_id=person.organisation_id)
    if not [
        pk for pk in admins.select_for_update().values_list("pk", flat=True) if pk != person.pk
    ]:
        raise ValidationError(
            _(
                "%(name)s is the last active admin of this organisation. Make someone else "
                "admin first."
            ),
            params={"name": person.name},
            code="last_admin",
        )


@transaction.atomic
def do_save_person(person: Person, *, editor: Person, old: Person | None) -> str:
    """Save `person` as changed in a form by `editor`; `old` is the stored state (None: new).

    Returns the new email address waiting for confirmation, or "" when none is.
    """
    from peercoach.audit.log import Action, record

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
    from peercoach.notifications.actions import queue_email_change

    queue_email_change(person, new_email, email_change_token(person, new_email), editor)
    record(Action.EMAIL_CHANGE_REQUESTED, actor=editor, target=person)
    return new_email


def revoke_links_of(person: Person) -> None:
    """Every link that works without signing in for `person` (calendar feed, unsubscribe) stops."""
    from peercoach.notifications.actions import revoke_capabilities_of

    revoke_capabilities_of(person)


def email_change_token(person: Person, new_email: str) -> str:
    return signing.dumps([person.pk, person.email, new_email], salt=EMAIL_CHANGE_SALT)


def read_email_change(token: str, user: AbstractBaseUser) -> tuple[Person, str] | None:
    """The membership of `user` and its new address, if the link is theirs and still valid.

    It stops working once the address changed (either way) and after three days.
    """
    try:
        person_pk, old_email, new_email = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_SECONDS
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    person = Person.objects.filter(
        pk=person_pk, user_id=user.pk, email=old_email, is_active=True
    ).first()
    if person is None:
        return None
    return person, new_email


@transaction.atomic
def do_confirm_email_change(person: Person, new_email: str) -> None:
    """The account holder confirmed `new_email` (the link reached it, they are signed in)."""
    if Person.objects.filter(organisation_id=person.organisation_id, email=new_email).exists():
        raise ValidationError(
            _("Someone in this organisation already has this email address."),
            code="duplicate_email",
        )
    person.email = new_email
    person.save(update_fields=["email"])
    from peercoach.audit.log import Action, record

    record(Action.EMAIL_CHANGED, actor=person, target=person, detail="confirmed")
    user = person.user
    if not get_user_model().objects.filter(username=new_email).exclude(pk=user.pk).exists():
        # The holder proved both: the account and the new address. Links go there from now on.
        user.username = user.email = new_email
        user.save(update_fields=["username", "email"])
