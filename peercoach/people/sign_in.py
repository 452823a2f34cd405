"""'Forgot your password, or never chose one?': asking for a link.

Asking never tells whether an address is known: the request only checks the limits and queues
one outbox row, whatever the address (`notifications.actions.queue_sign_in_link`); the worker
looks the address up and sends the link or nothing. Limits: PASSWORD_LINK_PER_ADDRESS links per
address (more are dropped without a word, for known and unknown addresses alike) and
PASSWORD_LINK_PER_CLIENT requests per client address (more get a 429 page) per
PASSWORD_LINK_WINDOW_MINUTES. The link that creates an account is
`peercoach.organisations.sign_in_links`.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from peercoach.lib import ratelimit
from peercoach.lib.client_ip import client_ip
from peercoach.notifications.actions import queue_sign_in_link
from peercoach.organisations import accounts
from peercoach.organisations.forms_auth import SignInLinkForm


def _window() -> timedelta:
    return timedelta(minutes=settings.PASSWORD_LINK_WINDOW_MINUTES)


def ask_for_link(request: HttpRequest) -> HttpResponse:
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.hit(
            f"sign-in-link:client:{client_ip(request)}",
            settings.PASSWORD_LINK_PER_CLIENT,
            _window(),
        ):
            return render(request, "registration/too_many_requests.html", status=429)
        address = accounts.username_for(form.cleaned_data["email"])
        if ratelimit.hit(
            f"sign-in-link:address:{address}", settings.PASSWORD_LINK_PER_ADDRESS, _window()
        ):
            queue_sign_in_link(address)
        return redirect("password_reset_done")
    return render(request, "registration/password_reset_form.html", {"form": form})
