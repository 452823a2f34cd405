from allauth.socialaccount.providers.openid_connect import views as oidc_views
from allauth.socialaccount.providers.saml import views as saml_views
from django.urls import path

from peercoach.identity import key_views, views

# Only the allauth view we need: the return from an organisation's OpenID Connect provider.
urlpatterns = [
    path("signin/code/", views.mfa_authenticate, name="mfa_authenticate"),
    path("signin/sso/", views.sso_choose, name="sso_choose"),
    path("signin/sso-confirm/", views.sso_reauth, name="sso_reauth"),
    path("signin/sso/<slug:org_slug>/", views.sso_begin, name="sso_begin"),
    path(
        "signin/sso/oidc/<str:provider_id>/callback/",
        oidc_views.callback,
        name="openid_connect_callback",
    ),
    # SAML 2.0: the assertion consumer (it hands over to `finish` across the cross-site POST),
    # the service provider's metadata for the organisation's IdP, and single logout.
    path("signin/sso/saml/<str:organization_slug>/acs/", views.saml_acs, name="saml_acs"),
    path(
        "signin/sso/saml/<str:organization_slug>/acs/finish/",
        views.saml_finish_acs,
        name="saml_finish_acs",
    ),
    path("signin/sso/saml/<str:organization_slug>/sls/", saml_views.sls, name="saml_sls"),
    path(
        "signin/sso/saml/<str:organization_slug>/metadata/",
        saml_views.metadata,
        name="saml_metadata",
    ),
    path("organisation/settings/sign-in/", views.sign_in_policy, name="sign_in_policy"),
    path("me/security/", views.security, name="mfa_security"),
    path("me/security/totp/", views.totp_setup, name="mfa_totp_setup"),
    path("me/security/totp/remove/", views.totp_remove, name="mfa_totp_remove"),
    path("me/security/keys/", key_views.key_add, name="mfa_key_add"),
    path("me/security/keys/<str:key_pk>/remove/", key_views.key_remove, name="mfa_key_remove"),
    path("me/security/recovery-codes/", views.recovery_codes, name="mfa_recovery_codes"),
]
