from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from peercoach.identity.models import (
    ENTRA_DISCOVERY_URL,
    GOOGLE_DISCOVERY_URL,
    OidcPreset,
    Protocol,
    SignInPolicy,
)

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class SignInPolicyForm(forms.ModelForm):
    """An organisation's single sign-on (OpenID Connect) and two-step verification rules."""

    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leave empty to keep the secret saved before."),
    )

    class Meta:
        model = SignInPolicy
        fields = [
            "sso_enabled",
            "protocol",
            "preset",
            "discovery_url",
            "client_id",
            "client_secret",
            "saml_entity_id",
            "saml_sso_url",
            "saml_certificate",
            "require_sso",
            "require_mfa_for_runners",
        ]
        widgets = {"saml_certificate": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "saml_certificate": _(
                "The identity provider's signing certificate (PEM), from its metadata. Your "
                "provider needs ours: the address of our metadata is shown above."
            ),
            "discovery_url": _(
                "The provider's OpenID configuration, e.g. "
                "https://login.microsoftonline.com/<tenant ID>/v2.0/.well-known/"
                "openid-configuration for Microsoft Entra ID. Empty for Google Workspace."
            ),
            "require_sso": _(
                "Your people can then no longer sign in with a password; they sign in through "
                "your identity provider."
            ),
            "require_mfa_for_runners": _(
                "Admins and program leads who sign in with a password must set up an "
                "authenticator app first."
            ),
        }

    def clean_client_secret(self) -> str:
        return self.cleaned_data["client_secret"] or self.instance.client_secret

    def clean(self) -> dict:
        data = super().clean()
        preset = data.get("preset")
        url = data.get("discovery_url") or ""
        if preset == OidcPreset.GOOGLE and not url:
            data["discovery_url"] = url = GOOGLE_DISCOVERY_URL
        if url:
            parts = urlsplit(url)
            if parts.scheme != "https" and parts.hostname not in LOOPBACK_HOSTS:
                self.add_error("discovery_url", _("The discovery URL must start with https://."))
        enabled = data.get("sso_enabled") or data.get("require_sso")
        if data.get("protocol") == Protocol.SAML:
            for name in ("saml_entity_id", "saml_sso_url", "saml_certificate"):
                if enabled and not data.get(name):
                    self.add_error(name, _("Enter this from your identity provider's metadata."))
            enabled = False  # the OpenID Connect fields are not needed
        if enabled and not url:
            message = (
                _("Enter your tenant's discovery URL: %(example)s.")
                % {"example": ENTRA_DISCOVERY_URL.format(tenant="<tenant ID>")}
                if preset == OidcPreset.ENTRA
                else _("Enter the discovery URL of your identity provider.")
            )
            self.add_error("discovery_url", message)
        if enabled and not data.get("client_id"):
            self.add_error("client_id", _("Enter the client ID your identity provider gave you."))
        if data.get("require_sso") and not data.get("sso_enabled"):
            self.add_error(
                "require_sso", _("Switch on single sign-on before you require it for everyone.")
            )
        return data


class OrganisationSlugForm(forms.Form):
    organisation = forms.SlugField(
        label=_("Your organisation's short name"),
        max_length=50,
        help_text=_("Your organisation's admin can tell you, e.g. acme."),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


class KeyForm(forms.Form):
    """A new security key: its name, and the browser's answer (filled in by webauthn.js)."""

    name = forms.CharField(
        label=_("Name of the key"),
        max_length=60,
        initial=_("Security key"),
        help_text=_("So you can tell your keys apart, e.g. “YubiKey” or “Laptop”."),
    )
    credential = forms.CharField(widget=forms.HiddenInput, max_length=20_000)
