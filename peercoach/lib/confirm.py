"""A confirmation step for actions that send email: a page with one button, no JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, ngettext


def confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == "yes"


def ask(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    recipients: int,
    confirm_label: str,
    back_url: str,
) -> HttpResponse:
    """The page that says how many people will get an email and asks to go ahead."""
    if recipients:
        emails = ngettext(
            "%(count)d person will get an email.", "%(count)d people will get an email.", recipients
        ) % {"count": recipients}
    else:
        emails = gettext("Nobody will get an email.")
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "question": question,
            "emails": emails,
            "action": request.path,
            "confirm_label": confirm_label,
            "back_url": back_url,
        },
    )
