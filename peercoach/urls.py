from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from peercoach.home import views as home_views
from peercoach.identity import passwords as identity_passwords
from peercoach.identity import views as identity_views
from peercoach.lib.views import healthz
from peercoach.organisations import sign_in_links
from peercoach.organisations import views as organisation_views
from peercoach.people import sign_in
from peercoach.running import join_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("groups/<int:group_pk>/message/", home_views.group_message, name="group_message"),
    path("healthz", healthz, name="healthz"),
    # Our sign-in page; with two-step verification on, a code follows the password.
    path("signin/", identity_views.SignInView.as_view(), name="login"),
    path("signout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", sign_in.ask_for_link, name="password_reset"),
    path("password/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/new/<str:address_token>/",
        sign_in_links.new_account_link,
        name="password_new",
    ),
    path(
        "password/<uidb64>/<token>/",
        identity_passwords.PasswordLinkView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("language/", organisation_views.set_language, name="set_language"),
    path("organisation/", organisation_views.switch_organisation, name="switch_organisation"),
    path(
        "organisation/settings/",
        organisation_views.organisation_settings,
        name="organisation_settings",
    ),
    path("organisation/audit/", include("peercoach.organisations.audit_urls")),
    path("me/", organisation_views.profile, name="profile"),
    path("account/memberships/", organisation_views.memberships, name="memberships"),
    path(
        "account/memberships/<int:person_pk>/accept/",
        organisation_views.membership_answer,
        {"answer": "accept"},
        name="membership_accept",
    ),
    path(
        "account/memberships/<int:person_pk>/decline/",
        organisation_views.membership_answer,
        {"answer": "decline"},
        name="membership_decline",
    ),
    path(
        "account/email/<str:email_token>/",
        organisation_views.confirm_email,
        name="confirm_email",
    ),
    path("people/", include("peercoach.people.urls")),
    path("join/<str:join_token>/", join_views.join, name="join"),
    path("join/confirm/<str:confirm_token>/", join_views.join_confirm, name="join_confirm"),
    path("programs/", include("peercoach.running.urls")),
    path("", include("peercoach.coaching.urls")),
    path("import/", include("peercoach.participants.urls")),
    path("matching/", include("peercoach.matching.urls")),
    path("methods/", include("peercoach.methods.urls")),
    path("growth/", include("peercoach.growth.urls")),
    path("notifications/", include("peercoach.notifications.urls")),
    path("reports/", include("peercoach.reports.urls")),
    path("paths/", include("peercoach.paths.urls")),
    path("assessments/", include("peercoach.assessments.urls")),
    path("health/", include("peercoach.health.urls")),
    path("privacy/", include("peercoach.privacy.urls")),
    path("", include("peercoach.identity.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "peercoach.lib.errors.bad_request"
handler403 = "peercoach.lib.errors.permission_denied"
handler404 = "peercoach.lib.errors.page_not_found"
handler500 = "peercoach.lib.errors.server_error"
