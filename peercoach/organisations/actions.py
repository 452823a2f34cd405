"""Rules about people that need nothing above organisations: an organisation always keeps one
active admin, and an email address changes only when the account holder confirms the new one
(see `peercoach/organisations/accounts.py` for why). Saving someone's record, which moves their
group seats and queues the confirmation, is `peercoach.people.actions.do_save_person`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peercoach.organisations.models import Person, Role

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
