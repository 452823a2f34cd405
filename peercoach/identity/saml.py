"""SAML 2.0 through allauth, plus what re-authentication needs of it.

allauth builds the AuthnRequest and checks the answer (signature, audience, times, and that it
answers a request of this browser). It does not ask the provider to sign the person in again,
nor tell us when the provider last did and whom it named: `Provider` adds both. Asked with
`ForceAuthn="true"`, a provider that honours it signs the person in anew, so its assertion's
`AuthnInstant` is after the request; one that ignores it answers from its own session, with
the moment of that older sign-in (`sso` refuses such an answer as a re-authentication).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from allauth.socialaccount.providers.saml.utils import build_auth
from allauth.socialaccount.providers.saml.views import FinishACSView
from django.http import HttpRequest, HttpResponseRedirect
from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from peercoach.identity.models import SignInPolicy


def app_for(policy: SignInPolicy) -> SocialApp:
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


TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"


@dataclass(frozen=True)
class Authn:
    """What the checked assertion says of the sign-in at the provider."""

    instant: int | None  # AuthnInstant, seconds since the epoch
    name_id: str
    name_id_format: str


class _Answer(OneLogin_Saml2_Response):
    def authn_instant(self) -> str | None:
        # The same query python3-saml uses for the values it checked: the signed assertion only.
        nodes = self._query_assertion("/saml:AuthnStatement[@AuthnInstant]")
        return nodes[0].get("AuthnInstant") if nodes else None


def _authn_of(auth) -> Authn:
    checked = auth.get_last_response_xml()
    instant = _Answer(auth.get_settings(), base64.b64encode(checked.encode())).authn_instant()
    try:
        seconds = OneLogin_Saml2_Utils.parse_SAML_to_time(instant) if instant else None
    except Exception:  # python3-saml raises a bare Exception for a malformed time
        seconds = None
    return Authn(seconds, auth.get_nameid() or "", auth.get_nameid_format() or "")


class Provider(SAMLProvider):
    def redirect(
        self,
        request: HttpRequest,
        process,
        next_url=None,
        data=None,
        force_authn: bool = False,
        **kwargs,
    ) -> HttpResponseRedirect:
        """allauth's redirect, asking the provider to sign the person in anew if `force_authn`.
        `kwargs` are kept with this one request (its ID), for its answer only."""
        auth = build_auth(request, self)
        url = auth.login(return_to="", force_authn=force_authn)
        self.stash_redirect_state(
            request, process, next_url, data, state_id=auth.get_last_request_id(), **kwargs
        )
        return HttpResponseRedirect(url)

    def sociallogin_from_response(self, request: HttpRequest, response):
        sociallogin = super().sociallogin_from_response(request, response)
        sociallogin.saml_authn = _authn_of(response)
        return sociallogin


def provider_for(request: HttpRequest, policy: SignInPolicy) -> Provider:
    return Provider(request, app=app_for(policy))


class FinishACS(FinishACSView):
    """allauth's check of the answer, through `Provider`."""

    def get_provider(self, organization_slug: str) -> Provider:
        return Provider(self.request, app=self.get_app(organization_slug))


finish_acs = FinishACS.as_view()


def authn_of(sociallogin) -> Authn | None:
    return getattr(sociallogin, "saml_authn", None)
