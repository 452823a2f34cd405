"""Single sign-on and two-step verification in the authorization world.

Organisation A has no single sign-on: its sign-in button (`sso_begin`) and the provider's return
(`openid_connect_callback`) are 404 for everyone, and nothing can sign in through them. The
sign-in pages are public; the MFA and sign-in settings pages take no parameter and act only on
the signed-in account or (admins) their own organisation.
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
    return {
        "org_slug": world.org.slug,
        "organization_slug": world.org.slug,
        "provider_id": f"org-{world.org.pk}",
    }
