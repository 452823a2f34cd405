"""Sign-in accounts, and how they come to belong to people.

An account (Django's `User`) is an email address and a password; its username is that address,
lower-cased. A `Person` is a membership of one organisation, and an admin or lead types its
email address. The two meet only where the account's owner proves they hold the address:

- **A link sent to the account's own address.** The first invitation of someone without an
  account creates one (no password) and mails its choose-a-password link to that address; the
  link carries which membership it came with, and using it attaches that membership and no
  other. Credential links are only ever mailed to an account's own address, never to the
  editable address of a membership.
- **A sign-in.** Any other membership with the account's address (another organisation added
  it, or the person was added again) is *pending*: the account holder sees it after signing in
  and accepts or declines it. Until then it gives nobody anything.

An account, once attached, stays attached: changing the email of someone with an account mails
a confirmation link to the new address and a notice to the old one, and the change happens only
when the account holder opens that link while signed in (`peercoach.organisations.actions`).

"Forgot your password?" (`sign_in_links`) creates nothing: the worker sending it decides where it
goes (`sign_in_link_for`), and for an address that only memberships have the link creates the
account once a password is chosen there (`new_account_path`).

Links are Django's password-reset tokens: they expire (PASSWORD_RESET_TIMEOUT) and stop working
once the password is set or the person has signed in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from peercoach.organisations.models import Person

JOIN_SALT = "peercoach.organisations.join"
JOIN_SESSION_KEY = "join_membership"


def username_for(email: str) -> str:
    return email.strip().lower()


def account_with_address(email: str) -> AbstractBaseUser | None:
    return get_user_model().objects.filter(username=username_for(email)).first()


def _new_account(email: str) -> AbstractBaseUser:
    """An account for `email` with no password and no membership: nobody owns it yet."""
    address = username_for(email)
    user, created = get_user_model().objects.get_or_create(
        username=address, defaults={"email": address}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def new_account(email: str) -> AbstractBaseUser:
    """The account of `email`, made now for someone whose address was just proven (SSO)."""
    return _new_account(email)


def needs_password(user: AbstractBaseUser) -> bool:
    return not user.has_usable_password()


def is_own_address(user: AbstractBaseUser, email: str) -> bool:
    return bool(user.email) and username_for(user.email) == username_for(email)


def set_password_path(user: AbstractBaseUser, *, join: Person | None = None) -> str:
    """The path of a one-time link where `user` chooses a (new) password.

    With `join`, using the link also attaches that membership, if it still has the account's
    address and no account.
    """
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    if join is None:
        return path
    token = signing.dumps([join.pk, join.email], salt=JOIN_SALT)
    return f"{path}?{urlencode({'join': token})}"


@dataclass
class Welcome:
    """What a program invitation offers: a credential link, or to accept after signing in."""

    set_password_url: str = ""
    pending: bool = False


def welcome_for(person: Person) -> Welcome:
    """How the person gets in, for an invitation mailed to `person.email`."""
    if person.user_id is not None:
        user = person.user
        if needs_password(user) and is_own_address(user, person.email):
            return Welcome(set_password_url=set_password_path(user))
        return Welcome()
    user = account_with_address(person.email) or _new_account(person.email)
    if not user.is_active or not is_own_address(user, person.email):
        return Welcome()
    if needs_password(user) and user.last_login is None:
        # Nobody has proven this address yet: the link goes to it and joins this membership.
        return Welcome(set_password_url=set_password_path(user, join=person))
    return Welcome(pending=True)


def join_with_link(user: AbstractBaseUser, token: str | None) -> Person | None:
    """Attach the membership an invitation link came with, now that `user` proved the address."""
    if not token:
        return None
    try:
        person_pk, email = signing.loads(
            token, salt=JOIN_SALT, max_age=settings.PASSWORD_RESET_TIMEOUT
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not is_own_address(user, email):
        return None
    person = pending_memberships(user).filter(pk=person_pk, email=username_for(email)).first()
    if person is None or not attach(person, user):
        return None
    return person


def pending_memberships(user: AbstractBaseUser) -> QuerySet[Person]:
    """Memberships with the account's address that its holder has not accepted or declined.

    Not in an organisation where the account already has a membership: one each.
    """
    if not user.is_authenticated or not user.email:
        return Person.objects.none()
    return (
        Person.objects.filter(
            email=username_for(user.email),
            user__isnull=True,
            is_active=True,
            account_declined_at__isnull=True,
        )
        .exclude(organisation__people__user=user)
        .select_related("organisation")
    )


def attach(person: Person, user: AbstractBaseUser) -> bool:
    """Give `person` to `user`; only a membership without an account (a conditional update)."""
    attached = Person.objects.filter(pk=person.pk, user__isnull=True).update(user=user)
    if attached:
        person.user = user
        from peercoach.audit.log import Action, record

        record(Action.MEMBERSHIP_ATTACHED, actor=person, user=user, target=person)
    return bool(attached)


def decline(person: Person) -> None:
    declined = Person.objects.filter(pk=person.pk, user__isnull=True).update(
        account_declined_at=timezone.now()
    )
    if declined:
        from peercoach.audit.log import Action, record

        # The account holder said no: nobody in that organisation acted, so no actor there.
        record(Action.MEMBERSHIP_DECLINED, actor=None, target=person, detail="declined")


def sign_in_link_for(email: str) -> tuple[Person, str] | None:
    """Where a 'send me a link' for `email` goes, and the link: only to the account with that
    address, or to an address only memberships have. Decided by the worker that sends it.

    An address that only memberships have (imported, never invited) gets no account now: its
    link creates one when it is used (`new_account_path`), and the memberships then wait for
    the holder to accept them. Returns the membership the email speaks to (its language).
    """
    address = username_for(email)
    user = account_with_address(address)
    if user is not None:
        if not user.is_active or not is_own_address(user, address):
            return None
        person = (
            user.people.filter(is_active=True).order_by("pk").first()
            or Person.objects.filter(email=address, is_active=True).order_by("pk").first()
        )
        return (person, set_password_path(user)) if person is not None else None
    person = Person.objects.filter(email=address, is_active=True).order_by("pk").first()
    if person is None:
        return None
    return person, new_account_path(address)


NEW_ACCOUNT_SALT = "peercoach.organisations.new-account"


def new_account_path(address: str) -> str:
    """A link that proves `address` and creates its account with the password chosen there."""
    token = signing.dumps(username_for(address), salt=NEW_ACCOUNT_SALT)
    return reverse("password_new", kwargs={"address_token": token})


def address_of_new_account_link(token: str) -> str | None:
    """The address a `new_account_path` link proves, while it is valid: fourteen days, and only
    until that address has an account someone signed in to or chose a password for (once)."""
    try:
        address = signing.loads(
            token, salt=NEW_ACCOUNT_SALT, max_age=settings.PASSWORD_RESET_TIMEOUT
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(address, str):
        return None
    user = account_with_address(address)
    if user is not None and not (needs_password(user) and user.last_login is None):
        return None
    if user is None and not Person.objects.filter(email=address, is_active=True).exists():
        return None
    return address


def create_account_from_link(address: str, password: str) -> AbstractBaseUser:
    """The link was used: the account exists from now on, with the chosen password."""
    user = account_with_address(address) or _new_account(address)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user
