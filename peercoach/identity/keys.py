"""Security keys and passkeys (WebAuthn) as a second step, with allauth.mfa's WebAuthn.

allauth (through python-fido2) builds the challenges, keeps them in the session and verifies the
browser's answer: the challenge, the origin against this site's host, the signature with the
public key saved at registration. We decide when a key is asked: like a TOTP code, after a
correct password and before the session is signed in.
"""

from __future__ import annotations

import json

from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.internal import auth as webauthn
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

MAX_CREDENTIAL_CHARS = 20_000
# What a wrong, forged or malformed answer raises inside allauth and python-fido2.
BROKEN_ANSWER = (ValidationError, ValueError, TypeError, KeyError, AttributeError)


def keys_of(user: AbstractBaseUser) -> list[Authenticator]:
    return list(
        Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).order_by("pk")
    )


def key_of(user: AbstractBaseUser, key_pk: int | None) -> Authenticator | None:
    if key_pk is None:
        return None
    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.WEBAUTHN, pk=key_pk
    ).first()


def has_keys(user: AbstractBaseUser) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()


def _parsed(posted: str) -> dict | None:
    if not posted or len(posted) > MAX_CREDENTIAL_CHARS:
        return None
    try:
        found = json.loads(posted)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def registration_options(user: AbstractBaseUser) -> dict:
    """The browser's `navigator.credentials.create` options; the challenge waits in the session."""
    return webauthn.begin_registration(user, passwordless=False)


@transaction.atomic
def do_add_key(user: AbstractBaseUser, name: str, posted: str) -> list[str] | None:
    """Save the key when the browser's answer fits the challenge; the recovery codes if new."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    credential = _parsed(posted)
    if credential is None:
        return None
    try:
        webauthn.complete_registration(credential)
    except BROKEN_ANSWER:
        return None
    webauthn.WebAuthn.add(user, name, credential)
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        return []
    return RecoveryCodes.activate(user).get_unused_codes()


def authentication_options(user: AbstractBaseUser) -> dict:
    """`navigator.credentials.get` options for the user's keys."""
    return webauthn.begin_authentication(user)


def verify_key(user: AbstractBaseUser, posted: str) -> bool:
    """Whether the browser's answer is signed by one of the user's keys for this challenge."""
    credential = _parsed(posted)
    if credential is None:
        return False
    try:
        authenticator = webauthn.complete_authentication(user, credential)
    except BROKEN_ANSWER:
        return False
    authenticator.record_usage()
    return True


@transaction.atomic
def do_remove_key(user: AbstractBaseUser, key_pk: int) -> bool:
    deleted, _ = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.WEBAUTHN, pk=key_pk
    ).delete()
    if (
        not Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    ):
        Authenticator.objects.filter(user=user).delete()
    return bool(deleted)
