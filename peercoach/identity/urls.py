from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.urls import path

from peercoach.identity import views

# Only the allauth view we need: the return from an organisation's OpenID Connect provider.
urlpatterns = [
    path("signin/code/", views.mfa_authenticate, name="mfa_authenticate"),
    path("signin/sso/", views.sso_choose, name="sso_choose"),
    path("signin/sso/<slug:org_slug>/", views.sso_begin, name="sso_begin"),
    path(
        "signin/sso/oidc/<str:provider_id>/callback/",
        oidc_views.callback,
        name="openid_connect_callback",
    ),
    path("organisation/settings/sign-in/", views.sign_in_policy, name="sign_in_policy"),
    path("me/security/", views.security, name="mfa_security"),
    path("me/security/totp/", views.totp_setup, name="mfa_totp_setup"),
    path("me/security/totp/remove/", views.totp_remove, name="mfa_totp_remove"),
    path("me/security/recovery-codes/", views.recovery_codes, name="mfa_recovery_codes"),
]
