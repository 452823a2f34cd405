"""Sign-in accounts for people.

People are added by admins or by the import without an account. The first time someone is
invited, they get one without a password and the invitation carries a link to choose it; the
same link, asked for again on the sign-in page, serves someone who forgot their password. Links
are Django's password-reset tokens: they expire (PASSWORD_RESET_TIMEOUT) and stop working once
the password is set or the person has signed in.

One account per email address: someone in two organisations signs in once and switches between
their memberships.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from peercoach.organisations.models import Person


def username_for(email: str) -> str:
    return email.strip().lower()


def account_for(person: Person) -> AbstractBaseUser:
    """The person's account, created without a password if they have none yet."""
    if person.user_id is not None:
        return person.user
    username = username_for(person.email)
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": username}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Person.objects.filter(pk=person.pk, user__isnull=True).update(user=user)
    person.user = user
    return user


def needs_password(user: AbstractBaseUser) -> bool:
    return not user.has_usable_password()


def set_password_path(user: AbstractBaseUser) -> str:
    """The path of a one-time link where `user` chooses a (new) password."""
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def accounts_for_email(email: str) -> list[AbstractBaseUser]:
    """Accounts of the active people with this address, created where they have none yet."""
    people = Person.objects.filter(email__iexact=email.strip(), is_active=True).select_related(
        "user"
    )
    accounts = {}
    for person in people:
        user = account_for(person)
        # The link goes to the account's address: only where that is the address asked for.
        if user.is_active and username_for(user.email) == username_for(email):
            accounts[user.pk] = user
    return list(accounts.values())
