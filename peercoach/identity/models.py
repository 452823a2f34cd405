"""How an organisation's people sign in: single sign-on and two-step verification.

One `SignInPolicy` per organisation, kept by its admin on the organisation's settings page. It
feeds django-allauth an OpenID Connect app (`peercoach.identity.adapter`); nothing about it lives
in allauth's own tables.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from peercoach.organisations.models import Organisation

PROVIDER_PREFIX = "org-"


class Protocol(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")


class OidcPreset(models.TextChoices):
    GENERIC = "generic", _("Any OpenID Connect provider")
    ENTRA = "entra", _("Microsoft Entra ID")
    GOOGLE = "google", _("Google Workspace")


# Discovery URLs of the presets; Entra's names the organisation's tenant.
GOOGLE_DISCOVERY_URL = "https://accounts.google.com/.well-known/openid-configuration"
ENTRA_DISCOVERY_URL = (
    "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration"
)


class SignInPolicy(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="sign_in_policy"
    )
    sso_enabled = models.BooleanField(_("sign in with single sign-on"), default=False)
    protocol = models.CharField(
        _("protocol"), max_length=8, choices=Protocol.choices, default=Protocol.OIDC
    )
    preset = models.CharField(
        _("identity provider"),
        max_length=16,
        choices=OidcPreset.choices,
        default=OidcPreset.GENERIC,
    )
    discovery_url = models.URLField(_("discovery URL"), max_length=500, blank=True)
    client_id = models.CharField(_("client ID"), max_length=255, blank=True)
    client_secret = models.CharField(_("client secret"), max_length=500, blank=True)
    saml_entity_id = models.CharField(
        _("SAML entity ID of the provider"), max_length=500, blank=True
    )
    saml_sso_url = models.URLField(_("SAML sign-in URL"), max_length=500, blank=True)
    saml_certificate = models.TextField(_("SAML signing certificate"), blank=True)
    require_sso = models.BooleanField(_("require single sign-on for everyone"), default=False)
    require_mfa_for_runners = models.BooleanField(
        _("require two-step verification for admins and program leads"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sign-in policy")
        verbose_name_plural = _("sign-in policies")

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def provider_id(self) -> str:
        """The id allauth knows this organisation's provider by (in the callback URL)."""
        return f"{PROVIDER_PREFIX}{self.organisation_id}"

    @property
    def sso_ready(self) -> bool:
        if self.protocol == Protocol.SAML:
            return self.sso_enabled and bool(
                self.saml_entity_id and self.saml_sso_url and self.saml_certificate
            )
        return self.sso_enabled and bool(self.discovery_url and self.client_id)
