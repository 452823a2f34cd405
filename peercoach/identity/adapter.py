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

from peercoach.identity import saml, sso
from peercoach.identity.policy import policy_for_provider, saml_of


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
            return [saml.app_for(found)] if found is not None else []
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
