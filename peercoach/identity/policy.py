"""The rules of a sign-in policy, read where people sign in."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser

from peercoach.identity.models import PROVIDER_PREFIX, Protocol, SignInPolicy
from peercoach.lib.ids import parse_id
from peercoach.lib.relations import NOT_READ, read_along
from peercoach.organisations import reauth
from peercoach.organisations.models import Organisation, Person

# How the current session signed in; single sign-on leaves two-step verification to the
# organisation's identity provider (and re-authentication to it: organisations.reauth).
SIGNED_IN_WITH_KEY = reauth.SIGNED_IN_WITH_KEY
SIGNED_IN_WITH_SSO = reauth.SIGNED_IN_WITH_SSO


def policy_of(organisation: Organisation) -> SignInPolicy | None:
    """The organisation's policy; read with the request's memberships where it came from there
    (saving a new policy through its `organisation` sets that cache too)."""
    found = read_along(organisation, "sign_in_policy")
    if found is not NOT_READ:
        return found
    return SignInPolicy.objects.filter(organisation=organisation).first()


def policy_for_provider(provider_id: str | None) -> SignInPolicy | None:
    """The ready single sign-on of the organisation that `provider_id` names, else None."""
    if not provider_id or not provider_id.startswith(PROVIDER_PREFIX):
        return None
    organisation_pk = parse_id(provider_id.removeprefix(PROVIDER_PREFIX))
    if organisation_pk is None:
        return None
    policy = (
        SignInPolicy.objects.filter(organisation_id=organisation_pk, sso_enabled=True)
        .select_related("organisation")
        .first()
    )
    if policy is None or not policy.sso_ready or policy.protocol != Protocol.OIDC:
        return None
    return policy


def saml_of(organisation_slug: str | None) -> SignInPolicy | None:
    found = sso_of(organisation_slug or "")
    return found if found is not None and found.protocol == Protocol.SAML else None


def sso_of(organisation_slug: str) -> SignInPolicy | None:
    policy = (
        SignInPolicy.objects.filter(organisation__slug=organisation_slug, sso_enabled=True)
        .select_related("organisation")
        .first()
    )
    return policy if policy is not None and policy.sso_ready else None


def organisation_requiring_sso(user: AbstractBaseUser) -> Organisation | None:
    """An organisation of the account's active memberships that refuses password sign-in."""
    policies = (
        SignInPolicy.objects.filter(
            organisation__people__user=user,
            organisation__people__is_active=True,
            sso_enabled=True,
            require_sso=True,
        )
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return next((policy.organisation for policy in policies if policy.sso_ready), None)


def password_links_refused(person: Person) -> bool:
    """No password link for someone whose organisation (or, with an account, any of whose
    organisations) signs people in with single sign-on only."""
    if person.user_id is not None and organisation_requiring_sso(person.user) is not None:
        return True
    policy = policy_of(person.organisation)
    return bool(
        policy is not None and policy.require_sso and policy.sso_enabled and policy.sso_ready
    )


def has_totp(user: AbstractBaseUser) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def has_second_step(user: AbstractBaseUser) -> bool:
    """An authenticator app or a security key (recovery codes alone are no second step)."""
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def must_set_up_mfa(person: Person, session) -> bool:
    """An admin or lead of an organisation that requires it, signed in by password, with neither
    an authenticator app nor a security key."""
    if not person.can_run_programs or session.get(SIGNED_IN_WITH_KEY) == SIGNED_IN_WITH_SSO:
        return False
    policy = policy_of(person.organisation)
    if policy is None or not policy.require_mfa_for_runners:
        return False
    return not has_second_step(person.user)


def second_step_required(person: Person) -> bool:
    """Whether the person's organisation requires two-step verification of them."""
    policy = policy_of(person.organisation)
    return bool(policy and policy.require_mfa_for_runners and person.can_run_programs)
