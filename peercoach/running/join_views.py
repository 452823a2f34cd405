"""Joining a program by link: the lead's two buttons on the program page, and the public pages.

The rules are in `running.joining`; these views parse, check who asks and render. A link that
does not work answers a page saying why (404 for what is not a link, 410 for one that ended).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.lib import links, ratelimit
from peercoach.lib.client_ip import client_ip
from peercoach.lib.messages import flash_form_errors, flash_refusal
from peercoach.organisations import accounts
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.organisations.sign_in_links import AFTER_NEW_ACCOUNT_SESSION_KEY
from peercoach.programs.models import JoinLink
from peercoach.running import joining
from peercoach.running.join_forms import IntakeForm, JoinLinkForm, JoinRequestForm

PAGE = "running/join.html"
NOTICE = "running/join_notice.html"


def _notice(request: HttpRequest, text: str, status: int, **context) -> HttpResponse:
    return render(request, NOTICE, {"text": text, **context}, status=status)


def join_link_context(program) -> dict:
    """What the program page shows of its join link (the lead's and the admins' page)."""
    link = JoinLink.objects.open().filter(program=program).select_related("program").first()
    return {
        "join_link": link,
        "join_url": links.site_url(joining.path_of(link)) if link else "",
        "join_closed": joining.closed_reason(link) if link else None,
        "join_form": JoinLinkForm(),
    }


@person_required
@require_POST
def join_link_open(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    form = JoinLinkForm(request.POST)
    if form.is_valid():
        joining.do_open_link(
            program,
            by=request.person,
            domains=form.cleaned_data["domains"],
            expires_on=form.cleaned_data["expires_on"],
        )
        messages.success(request, _("The join link is open: share it with whoever may join."))
    else:
        flash_form_errors(request, form)
    return redirect(reverse("programs:detail", kwargs={"program_pk": program.pk}) + "#join-link")


@person_required
@require_POST
def join_link_revoke(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    for link in JoinLink.objects.open().filter(program=program).select_related("program"):
        joining.do_revoke_link(link, by=request.person)
    messages.success(request, _("The join link no longer works."))
    return redirect(reverse("programs:detail", kwargs={"program_pk": program.pk}) + "#join-link")


def join(request: HttpRequest, join_token: str) -> HttpResponse:
    """The link itself: the intake for a member of the organisation, else an address to prove."""
    link = joining.link_for_token(join_token)
    if link is None:
        return _notice(request, _("This link does not work. Check that you copied all of it."), 404)
    if request.user.is_authenticated:
        return _join_signed_in(request, link)
    reason = joining.closed_reason(link)
    if reason is not None:
        return _notice(request, reason, 410, link=link)
    if joining.requires_sso(link.program.organisation):
        return render(request, PAGE, {"link": link, "sso": True})
    form = JoinRequestForm(request.POST or None, link=link)
    if request.method == "POST" and form.is_valid():
        window = timedelta(minutes=settings.PASSWORD_LINK_WINDOW_MINUTES)
        # The same budgets as "send me a link": per client, and per address (silently).
        if not ratelimit.hit(
            f"sign-in-link:client:{client_ip(request)}", settings.PASSWORD_LINK_PER_CLIENT, window
        ):
            return render(request, "registration/too_many_requests.html", status=429)
        address = form.cleaned_data["email"]
        if ratelimit.hit(
            f"sign-in-link:address:{address}", settings.PASSWORD_LINK_PER_ADDRESS, window
        ):
            joining.queue_confirmation(
                link, name=form.cleaned_data["name"], email=address, language=get_language()
            )
        return render(request, PAGE, {"link": link, "sent_to": address})
    return render(request, PAGE, {"link": link, "form": form})


def _join_signed_in(request: HttpRequest, link: JoinLink) -> HttpResponse:
    person = joining.membership_for(link, request.user)
    if person is None:
        return _notice(
            request,
            _(
                "This link is for a program of another organisation. To join with another "
                "address, sign out and open the link again."
            ),
            404,
            sign_out=True,
        )
    reason = joining.closed_reason(link)
    if reason is not None:
        return _notice(request, reason, 410, link=link)
    try:
        joining.check_domain(link, person.email)
    except ValidationError as error:
        return _notice(request, error.messages[0], 403)
    if joining.is_enrolled(link, person):
        return render(request, PAGE, {"link": link, "enrolled": True})
    form = IntakeForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            joining.do_join(link, person, form)
        except ValidationError as error:
            flash_refusal(request, error)
        else:
            messages.success(
                request, _("You are enrolled in %(program)s.") % {"program": link.program.name}
            )
        return redirect(request.path)
    return render(request, PAGE, {"link": link, "intake": form, "person": person})


def join_confirm(request: HttpRequest, confirm_token: str) -> HttpResponse:
    """The link mailed to the address: a button (mail scanners open links, people press
    buttons), then the membership and the way to sign in."""
    confirmation = joining.confirmation_for_token(confirm_token)
    if confirmation is None:
        return _notice(
            request, _("This confirmation link does not work (any more). Ask for a new one."), 404
        )
    address = accounts.username_for(confirmation.email)
    if request.user.is_authenticated and not accounts.is_own_address(request.user, address):
        return _notice(
            request,
            _("This link was sent to another address. Sign out and open it again."),
            404,
            sign_out=True,
        )
    join_path = joining.path_of(confirmation.link)
    if request.method != "POST":
        if joining.is_used(confirmation):
            return _notice(request, _("This confirmation link was already used."), 410)
        return render(request, "running/join_confirm.html", {"confirmation": confirmation})
    outcome = joining.do_confirm(confirmation)
    if outcome.refusal:
        return _notice(request, outcome.refusal, 410)
    if outcome.sso:
        return redirect(join_path)
    if request.user.is_authenticated:
        return redirect(join_path)  # their own account (checked above): the intake is next
    if outcome.new_account_path:
        request.session[AFTER_NEW_ACCOUNT_SESSION_KEY] = join_path
        return redirect(outcome.new_account_path)
    messages.info(request, _("Your address is confirmed. Sign in to finish joining."))
    return redirect(f"{reverse('login')}?{urlencode({'next': join_path})}")
