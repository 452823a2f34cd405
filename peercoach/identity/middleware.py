from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from peercoach.identity.policy import must_set_up_mfa
from peercoach.organisations.current import person_of

# What someone who must set up two-step verification may still open.
ALLOWED_URL_NAMES = {
    "mfa_security",
    "mfa_totp_setup",
    "mfa_key_add",
    "logout",
    "set_language",
    "healthz",
}


class RequireMfaMiddleware:
    """Admins and leads of an organisation that requires it set up an authenticator first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        person = person_of(request)  # set by CurrentPersonMiddleware, or absent
        if person is None or request.resolver_match.url_name in ALLOWED_URL_NAMES:
            return None
        if not must_set_up_mfa(person, request.session):
            return None
        messages.info(
            request,
            _("Your organisation asks admins and program leads to set up two-step verification."),
        )
        return redirect("mfa_totp_setup")
