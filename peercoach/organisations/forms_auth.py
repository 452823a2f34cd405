from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from peercoach.lib import links
from peercoach.organisations.accounts import accounts_for_email


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("That email address and password do not match. Please try again."),
        "inactive": _("This account is inactive."),
    }


class SignInLinkForm(PasswordResetForm):
    """'Forgot your password?' that also serves people who never chose one.

    Django's form only writes to accounts with a usable password; people who were imported or
    whose invitation expired have none, and they are the ones who most need the link.
    """

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email):
        return accounts_for_email(email)

    def save(self, *args, **kwargs):
        # The link is built from SITE_URL like every other link in an email, not from the Host
        # header of whoever asked for it.
        kwargs["extra_email_context"] = {
            **(kwargs.get("extra_email_context") or {}),
            "site_url": links.site_url(),
        }
        return super().save(*args, **kwargs)
