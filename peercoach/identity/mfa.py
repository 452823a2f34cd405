"""Two-step verification with allauth.mfa's authenticators (TOTP and recovery codes; security
keys are in `keys`).

allauth keeps the secrets (encrypted) and checks codes, a TOTP code only once; we decide when a
code is asked: after a correct password, before the session is signed in.
"""

from __future__ import annotations

import base64
import time

from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, validate_totp_code
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction

PENDING_SESSION_KEY = "mfa_pending"
SECRET_SESSION_KEY = "mfa_new_secret"
# How long after a correct password the code may be given.
PENDING_SECONDS = 300


def totp_of(user: AbstractBaseUser) -> TOTP | None:
    found = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return TOTP(found) if found else None


def recovery_codes_of(user: AbstractBaseUser) -> RecoveryCodes | None:
    found = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    return RecoveryCodes(found) if found else None


def verify(user: AbstractBaseUser, code: str) -> bool:
    """A current TOTP code (each accepted once) or an unused recovery code (then used up)."""
    totp = totp_of(user)
    if totp is not None and code.isdigit() and totp.validate_code(code):
        totp.instance.record_usage()
        return True
    codes = recovery_codes_of(user)
    return codes is not None and codes.validate_code(code)


# Wrong codes at sign-in an account may give before it must wait: six digits are guessable.
CODE_ATTEMPTS = 5
CODE_ATTEMPTS_SECONDS = 15 * 60


def _failures_key(user: AbstractBaseUser) -> str:
    return f"mfa-code-failures:{user.pk}"


def verify_at_sign_in(user: AbstractBaseUser, code: str) -> bool | None:
    """`verify`, with at most CODE_ATTEMPTS wrong codes per account a while; None: wait."""
    failures = cache.get(_failures_key(user), 0)
    if failures >= CODE_ATTEMPTS:
        return None
    if verify(user, code):
        cache.delete(_failures_key(user))
        return True
    cache.set(_failures_key(user), failures + 1, CODE_ATTEMPTS_SECONDS)
    return False


def new_secret(session) -> str:
    """The secret being set up, kept in the session until a code from it is given."""
    secret = session.get(SECRET_SESSION_KEY) or generate_totp_secret()
    session[SECRET_SESSION_KEY] = secret
    return secret


def qr_code_data_uri(user: AbstractBaseUser, secret: str) -> str:
    adapter = get_adapter()
    svg = adapter.build_totp_svg(adapter.build_totp_url(user, secret))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@transaction.atomic
def do_activate_totp(user: AbstractBaseUser, session, code: str) -> list[str] | None:
    """Switch TOTP on when `code` comes from the secret shown; returns the recovery codes."""
    secret = session.get(SECRET_SESSION_KEY)
    if not secret or totp_of(user) is not None or not validate_totp_code(secret, code):
        return None
    TOTP.activate(user, secret)
    session.pop(SECRET_SESSION_KEY, None)
    Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).delete()
    return RecoveryCodes.activate(user).get_unused_codes()


@transaction.atomic
def do_deactivate(user: AbstractBaseUser) -> None:
    """Switch the authenticator app off; the recovery codes go too unless a security key stays."""
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists():
        Authenticator.objects.filter(user=user).delete()


@transaction.atomic
def do_new_recovery_codes(user: AbstractBaseUser) -> list[str]:
    Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).delete()
    return RecoveryCodes.activate(user).get_unused_codes()


def remember_pending(session, user: AbstractBaseUser, backend: str, next_url: str) -> None:
    session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": backend,
        "next": next_url,
        "at": time.time(),
    }


def pending_user(session) -> tuple[AbstractBaseUser, dict] | None:
    pending = session.get(PENDING_SESSION_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    return (user, pending) if user is not None else None
