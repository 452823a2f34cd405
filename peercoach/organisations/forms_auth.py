from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("That email address and password do not match. Please try again."),
        "inactive": _("This account is inactive."),
    }


class SignInLinkForm(forms.Form):
    """'Forgot your password?' that also serves people who never chose one.

    It only validates the address: what happens with it is decided by the worker that sends the
    link (`peercoach.organisations.sign_in_links`), so the answer never depends on it.
    """

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
