"""A link that creates an account, from 'Forgot your password, or never chose one?' (asking for
the link is `peercoach.people.sign_in.ask_for_link`, which queues it in the outbox).

Someone who has memberships but no account (imported, never invited) gets a link that creates
the account when it is used (`accounts.new_account_path`); asking creates nothing.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from peercoach.organisations import accounts

NEW_ACCOUNT_SESSION_KEY = "new_account_link"
# Where to go once the password is chosen (a path on this site; joining a program by link).
AFTER_NEW_ACCOUNT_SESSION_KEY = "after_new_account"
SET_PASSWORD_TOKEN = "set-password"
BACKEND = "peercoach.organisations.auth.EmailBackend"


def new_account_link(request: HttpRequest, address_token: str) -> HttpResponse:
    """A link mailed to an address without an account: choose a password, and the account
    exists. Like Django's reset link, the token moves to the session and out of the URL."""
    if address_token != SET_PASSWORD_TOKEN:
        if request.user.is_authenticated:
            return render(request, "registration/password_reset_confirm.html", status=404)
        if accounts.address_of_new_account_link(address_token) is None:
            return render(request, "registration/password_reset_confirm.html", {"validlink": False})
        request.session[NEW_ACCOUNT_SESSION_KEY] = address_token
        return redirect("password_new", address_token=SET_PASSWORD_TOKEN)
    token = request.session.get(NEW_ACCOUNT_SESSION_KEY, "")
    address = accounts.address_of_new_account_link(token) if token else None
    if address is None or request.user.is_authenticated:
        return render(request, "registration/password_reset_confirm.html", {"validlink": False})
    unsaved = get_user_model()(username=address, email=address)
    form = SetPasswordForm(unsaved, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # Checked again inside the transaction: two tabs posting the same link make one.
            if accounts.address_of_new_account_link(token) is None:
                return render(
                    request, "registration/password_reset_confirm.html", {"validlink": False}
                )
            user = accounts.create_account_from_link(address, form.cleaned_data["new_password1"])
        del request.session[NEW_ACCOUNT_SESSION_KEY]
        after = request.session.pop(AFTER_NEW_ACCOUNT_SESSION_KEY, "")
        login(request, user, backend=BACKEND)
        if isinstance(after, str) and url_has_allowed_host_and_scheme(after, allowed_hosts=None):
            return redirect(after)
        return redirect("password_reset_complete")
    return render(
        request, "registration/password_reset_confirm.html", {"validlink": True, "form": form}
    )
