"""django-allauth, fed from our own sign-in policies.

allauth runs the OpenID Connect protocol (discovery, the redirect with state and PKCE, the code
exchange, the ID token's issuer, audience and expiry). What happens then is ours
(`peercoach.identity.sso.complete`): allauth never creates an account, connects one or shows a
page of its own.
"""

from __future__ import annotations

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp

from peercoach.identity import sso
from peercoach.identity.policy import policy_for_provider, saml_of


def saml_app_for(policy) -> SocialApp:
    """allauth's SAML app of an organisation: signed assertions only, no IdP-initiated sign-in."""
    return SocialApp(
        provider="saml",
        provider_id="saml",
        name=policy.organisation.name,
        client_id=policy.organisation.slug,
        settings={
            "idp": {
                "entity_id": policy.saml_entity_id,
                "sso_url": policy.saml_sso_url,
                "x509cert": policy.saml_certificate,
            },
            "attribute_mapping": {
                "uid": ["urn:oasis:names:tc:SAML:attribute:subject-id"],
                "email": [
                    "urn:oid:0.9.2342.19200300.100.1.3",
                    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
                    "email",
                ],
                "email_verified": ["email_verified"],
            },
            "advanced": {
                "strict": True,
                "want_assertion_signed": True,
                "reject_idp_initiated_sso": True,
                "allow_single_label_domains": True,
            },
        },
    )


def app_for(policy) -> SocialApp:
    return SocialApp(
        provider="openid_connect",
        provider_id=policy.provider_id,
        name=policy.organisation.name,
        client_id=policy.client_id,
        secret=policy.client_secret,
        settings={
            "server_url": policy.discovery_url,
            # The claims come from the ID token, whose audience and expiry are checked.
            "fetch_userinfo": False,
            "oauth_pkce_enabled": True,
        },
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None) -> list[SocialApp]:
        if provider == "saml":
            found = saml_of(client_id)
            return [saml_app_for(found)] if found is not None else []
        policy = policy_for_provider(provider)
        if policy is None or (client_id and client_id != policy.client_id):
            return []
        return [app_for(policy)]

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        raise ImmediateHttpResponse(sso.complete(request, sociallogin))

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        raise ImmediateHttpResponse(sso.refused(request, sso.Refusal.FAILED))
