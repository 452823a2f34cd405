"""Single sign-on: who an identity provider's answer signs in, or why nobody.

The provider's ID token names an email address. It signs in the person of *that* organisation
with that address, and only when the provider says the address is verified: the account they
already have, or (someone imported who never signed in) the account of that address, which the
provider's word proves, as a set-password link would. Never a second account, never a person of
another organisation, never an address the organisation does not know, never an account another
organisation uses (whoever runs the provider could assert any address), and the session acts in
the provider's organisation only (`current.BOUND_TO_KEY`).

Re-authentication asks the provider to sign the person in anew (SAML `ForceAuthn`, OpenID
Connect `prompt=login` and `max_age=0`) and counts only the answer to that very request (what it
must match travels with the request's state), for the same organisation, the same person (and
SAML NameID), whose sign-in at the provider happened after the request (SAML `AuthnInstant`,
OpenID Connect `auth_time` where the provider states it): not one the provider gave from an
older session of its own. A sign-in, too, counts as a fresh confirmation only from the moment
the provider says it signed the person in.
"""

from __future__ import annotations

import secrets
import time

from allauth.core.internal.datakit import parse_bool_safely
from allauth.socialaccount.providers.base.constants import AuthProcess
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from peercoach.identity import saml
from peercoach.identity.models import OidcPreset, Protocol, SignInPolicy
from peercoach.identity.policy import (
    SIGNED_IN_WITH_KEY,
    SIGNED_IN_WITH_SSO,
    policy_for_provider,
    saml_of,
)
from peercoach.organisations import accounts, reauth
from peercoach.organisations.current import BOUND_TO_KEY, choose, person_of
from peercoach.organisations.models import Person

NONCE_SESSION_KEY = "sso_nonce"
BACKEND = "peercoach.organisations.auth.EmailBackend"
# Whom the organisation's SAML provider named at sign-in (NameID format and value).
SAML_SUBJECT_KEY = "sso_saml_subject"
# How far a provider's clock may be behind ours when it says when it signed someone in.
CLOCK_DRIFT_SECONDS = 60


class Refusal:
    FAILED = _(
        "Your organisation's sign-in service did not confirm who you are. Please try again; "
        "if it keeps happening, ask your organisation's admin."
    )
    UNVERIFIED = _(
        "Your organisation's sign-in service did not confirm your email address, so we cannot "
        "tell who you are here. Ask your organisation's admin."
    )
    UNKNOWN = _(
        "Your organisation has not added your email address to peercoach. Ask a program lead or "
        "admin of your organisation to add you."
    )
    ACCOUNT_ELSEWHERE = _(
        "Your email address already has a peercoach account with another organisation. Sign in "
        "to it as you do there, and accept this organisation under “Your organisations”."
    )
    OTHER_ORGANISATION = _(
        "Your email address belongs to another organisation in peercoach. Sign in through that "
        "organisation instead."
    )
    INACTIVE = _("This account is inactive.")
    NOT_YOU = _(
        "Your organisation's sign-in service named someone else, so the change was not saved. "
        "Sign in there as yourself and try again."
    )
    NOT_AGAIN = _(
        "Your organisation's sign-in service did not have you sign in again, so the change was "
        "not saved. Please try again; if it keeps happening, ask your organisation's admin."
    )


def refused(request: HttpRequest, reason) -> HttpResponse:
    request.session.pop(NONCE_SESSION_KEY, None)
    return render(request, "identity/sso_refused.html", {"reason": reason}, status=403)


def start(
    request: HttpRequest, policy: SignInPolicy, reauth_for: int | None = None
) -> HttpResponse:
    """Send the browser to the organisation's provider, with a nonce the ID token must carry.

    With `reauth_for` (the signed-in account), the answer only confirms it is them again; the
    provider is asked to have them sign in again, and the request's state carries what its
    answer must match (`_confirms`)."""
    confirming = None
    if reauth_for is not None:
        confirming = {
            "account": reauth_for,
            "organisation": policy.organisation_id,
            "started": time.time(),
        }
    if policy.protocol == Protocol.SAML:
        return saml.provider_for(request, policy).redirect(
            request,
            AuthProcess.LOGIN,
            force_authn=confirming is not None,
            organisation=policy.organisation_id,
            confirming=confirming,
        )
    from allauth.socialaccount.adapter import get_adapter

    provider = get_adapter(request).get_provider(request, provider=policy.provider_id)
    nonce = secrets.token_urlsafe(24)
    request.session[NONCE_SESSION_KEY] = nonce
    return provider.redirect(
        request,
        AuthProcess.LOGIN,
        next_url=None,
        # max_age=0 asks for a new sign-in too, and obliges the provider to say when (auth_time).
        auth_params={
            "nonce": nonce,
            **({"prompt": "login", "max_age": "0"} if confirming else {}),
        },
        scope=provider.get_scope(),
        confirming=confirming,
    )


def _email_verified(policy: SignInPolicy, claims: dict) -> bool:
    if parse_bool_safely(claims.get("email_verified")):
        return True
    # Entra ID states a verified domain-owner address in its own optional claim.
    return policy.preset == OidcPreset.ENTRA and parse_bool_safely(claims.get("xms_edov"))


def _oidc_answer(request: HttpRequest, sociallogin) -> tuple[SignInPolicy | None, str, bool]:
    policy = policy_for_provider(sociallogin.provider.app.provider_id)
    claims = (sociallogin.account.extra_data or {}).get("id_token") or {}
    nonce = request.session.pop(NONCE_SESSION_KEY, None)
    if (
        policy is None
        or not nonce
        or not secrets.compare_digest(str(claims.get("nonce", "")), nonce)
    ):
        return None, "", False
    return policy, str(claims.get("email") or ""), _email_verified(policy, claims)


def _saml_answer(sociallogin) -> tuple[SignInPolicy | None, str, bool]:
    """allauth checked the signature, audience, times and InResponseTo of a request of ours.
    The organisation's own provider signed the address; only an explicit "not verified" counts
    against it."""
    policy = saml_of(sociallogin.provider.app.client_id)
    if policy is not None and sociallogin.state.get("organisation") != policy.organisation_id:
        policy = None  # an answer to a request we sent another organisation's provider
    attributes = sociallogin.account.extra_data or {}
    flag = str((attributes.get("email_verified") or [""])[0]).strip().lower()
    return policy, sociallogin.user.email or "", flag not in {"false", "0", "no"}


def _elsewhere(user, policy: SignInPolicy) -> bool:
    return (
        Person.objects.filter(user=user, is_active=True)
        .exclude(organisation=policy.organisation)
        .exists()
    )


def _signed_in_at(sociallogin) -> tuple[float | None, bool]:
    """When the provider says it signed the person in, and whether it had to say so: SAML
    always does (AuthnInstant); an OpenID Connect provider only may (`auth_time`)."""
    if sociallogin.provider.id == "saml":
        authn = saml.authn_of(sociallogin)
        return (authn.instant if authn is not None else None), True
    claims = (sociallogin.account.extra_data or {}).get("id_token") or {}
    auth_time = claims.get("auth_time")
    if isinstance(auth_time, bool) or not isinstance(auth_time, int | float):
        return None, False
    return float(auth_time), False


def _confirms(request: HttpRequest, sociallogin, person: Person, confirming: dict):
    """Why an answer to a re-authentication request does not count, or None if it does."""
    authn = saml.authn_of(sociallogin)
    subject = request.session.get(SAML_SUBJECT_KEY)
    acting = person_of(request)
    if (
        confirming.get("organisation") != person.organisation_id
        or acting is None
        or acting.pk != person.pk
        or (
            subject is not None
            and (authn is None or list(subject) != [authn.name_id_format, authn.name_id])
        )
    ):
        return Refusal.NOT_YOU
    started = float(confirming.get("started") or 0)
    at, required = _signed_in_at(sociallogin)
    if at is None and not required:
        return None  # the provider was asked to sign them in again and does not say when
    if at is None or not (started - CLOCK_DRIFT_SECONDS <= at <= time.time() + CLOCK_DRIFT_SECONDS):
        return Refusal.NOT_AGAIN
    return None


def _confirmed(request: HttpRequest, sociallogin, person: Person, confirming: dict) -> HttpResponse:
    """Re-authentication: the provider must name the signed-in account; nobody is signed in."""
    reauth_for = confirming.get("account")
    if not (
        request.user.is_authenticated
        and request.user.pk == reauth_for
        and person.user_id == reauth_for
        and person.user.is_active
    ):
        return refused(request, Refusal.NOT_YOU)
    refusal = _confirms(request, sociallogin, person, confirming)
    if refusal is not None:
        return refused(request, refusal)
    reauth.mark_fresh(request)
    return reauth.resume(request)


def _fresh_from_sign_in(request: HttpRequest, sociallogin) -> None:
    """Fresh from the moment the provider signed them in, not from now: a provider answering
    from its own older session confirms nothing more recent than that."""
    authn = saml.authn_of(sociallogin)
    request.session.pop(SAML_SUBJECT_KEY, None)
    # A transient NameID names nobody beyond this answer; the address does (`_confirms`).
    if authn is not None and authn.name_id_format != saml.TRANSIENT:
        request.session[SAML_SUBJECT_KEY] = [authn.name_id_format, authn.name_id]
    at, required = _signed_in_at(sociallogin)
    if at is not None or required:
        reauth.mark_fresh(request, at=at or 0)


def complete(request: HttpRequest, sociallogin) -> HttpResponse:
    """allauth checked the protocol; sign in the person the provider names, or refuse."""
    if sociallogin.provider.id == "saml":
        policy, email, verified = _saml_answer(sociallogin)
    else:
        policy, email, verified = _oidc_answer(request, sociallogin)
    # Only the answer to a re-authentication request confirms (its state names the account).
    confirming = sociallogin.state.get("confirming")
    if policy is None:
        return refused(request, Refusal.FAILED)
    email = accounts.username_for(email)
    if not email or not verified:
        return refused(request, Refusal.UNVERIFIED)
    person = (
        Person.objects.active()
        .filter(organisation=policy.organisation, email=email)
        .select_related("user", "organisation")
        .first()
    )
    if person is None:
        elsewhere = Person.objects.active().filter(email=email).exists()
        return refused(request, Refusal.OTHER_ORGANISATION if elsewhere else Refusal.UNKNOWN)
    if isinstance(confirming, dict):
        return _confirmed(request, sociallogin, person, confirming)
    user = person.user
    if user is None:
        existing = accounts.account_with_address(email)
        if existing is not None and _elsewhere(existing, policy):
            # This provider vouches for its organisation's people, not for an account another
            # organisation uses: whoever runs it could otherwise sign in as anyone there.
            return refused(request, Refusal.ACCOUNT_ELSEWHERE)
        user = existing or accounts.new_account(email)
        # One membership per account and organisation: an account already in this
        # organisation under another address does not take a second one here.
        in_organisation = Person.objects.filter(organisation=policy.organisation, user=user)
        if (
            not accounts.is_own_address(user, email)
            or in_organisation.exists()
            or not accounts.attach(person, user)
        ):
            return refused(request, Refusal.FAILED)
    if not user.is_active:
        return refused(request, Refusal.INACTIVE)
    login(request, user, backend=BACKEND)
    request.session[BOUND_TO_KEY] = policy.organisation_id
    choose(request, person)
    request.session[SIGNED_IN_WITH_KEY] = SIGNED_IN_WITH_SSO
    _fresh_from_sign_in(request, sociallogin)
    return redirect("home")
