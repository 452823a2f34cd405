"""Single sign-on and two-step verification in the authorization world.

Organisation A has no single sign-on: its sign-in button (`sso_begin`) and the provider's return
(`openid_connect_callback`) are 404 for everyone, and nothing can sign in through them. The
sign-in pages are public; the MFA and sign-in settings pages act only on the signed-in account or
(admins) their own organisation; a security key is removed only by its owner.
"""

from __future__ import annotations

PUBLIC_URLS = {
    "sso_choose",
    "sso_begin",
    "openid_connect_callback",
    "mfa_authenticate",
    "saml_acs",
    "saml_finish_acs",
    "saml_sls",
    "saml_metadata",
}
CONTENT_MODELS: list = []


def extend(world) -> dict:
    from allauth.mfa.models import Authenticator

    from tests.mfa.authenticator import RP_ID, SoftwareKey

    # A member's security key: removing it is a 404 for everyone else.
    options = {"publicKey": {"rp": {"id": RP_ID}, "challenge": "c2VudGluZWw"}}
    key = Authenticator.objects.create(
        user=world.member.user,
        type=Authenticator.Type.WEBAUTHN,
        data={"name": "Member's key", "credential": SoftwareKey().create(options)},
    )
    return {
        "key_pk": str(key.pk),
        "org_slug": world.org.slug,
        "organization_slug": world.org.slug,
        "provider_id": f"org-{world.org.pk}",
    }
