"""Password sign-in and password links, refused where the organisation requires single sign-on.

The sign-in form, "forgot your password" and the set-password link are organisations' own; these
subclasses add the one rule of a sign-in policy they must follow (the project's urls use them),
so `organisations` knows nothing of single sign-on.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from peercoach.identity.policy import organisation_requiring_sso
from peercoach.organisations import forms_auth
from peercoach.organisations import views as organisation_views


class SignInForm(forms_auth.SignInForm):
    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        organisation = organisation_requiring_sso(user)
        if organisation is not None:
            raise forms.ValidationError(
                _(
                    "%(organisation)s signs you in with single sign-on, not with a password. "
                    "Choose “Sign in with single sign-on” below."
                ),
                code="sso_required",
                params={"organisation": organisation},
            )


class PasswordLinkView(organisation_views.PasswordLinkView):
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        owner = self.get_user(kwargs["uidb64"])
        if owner is not None and organisation_requiring_sso(owner) is not None:
            raise Http404  # their organisation signs them in with single sign-on only
        return super().dispatch(request, *args, **kwargs)
