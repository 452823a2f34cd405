"""Email preferences, one-click unsubscribe, the calendar feed, and a program's email settings.

The unsubscribe and feed URLs work without signing in: the random key in the URL is the
permission (`peercoach.notifications.capabilities`). A key link opened while signed in as someone
else answers 404, like any object that isn't yours; an expired, revoked or old-format link gets a
translated page saying so (410), an unknown one 404 (`access.unsubscribe_link`, `access.feed_link`).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.lib import links
from peercoach.notifications import actions, calendar, capabilities, scheduling
from peercoach.notifications.forms import PreferencesForm, ProgramKindsForm
from peercoach.notifications.models import Kind, ProgramNotificationSettings
from peercoach.organisations.decorators import PersonRequest, person_required


@person_required
def preferences(request: PersonRequest) -> HttpResponse:
    person = request.person
    preference = actions.preference_for(person)
    initial = {
        "wanted": [k for k in Kind.values if preference.wants(k)],
        "digest": preference.digest,
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_preferences(
            person, wanted=form.cleaned_data["wanted"], digest=form.cleaned_data["digest"]
        )
        messages.success(request, _("Your email preferences were saved."))
        return redirect("notifications:preferences")
    # Someone who turned their calendar link off gets none until they ask for one; everyone else
    # sees theirs (renewed: they are here) or a new one.
    turned_off = person.feed_tokens.exists() and not person.feed_tokens.active().exists()
    token = None if turned_off else actions.feed_token_for(person)
    feed_url = (
        links.site_url(reverse("notifications:feed", kwargs={"feed_token": token.token}))
        if token
        else ""
    )
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "feed_url": feed_url,
            "feed_expires_at": token.expires_at if token else None,
            "capability_days": capabilities.lifetime().days,
        },
    )


@person_required
@require_POST
def feed_rotate(request: PersonRequest) -> HttpResponse:
    actions.rotate_feed_token(request.person)
    messages.success(request, _("Your calendar link was replaced. The old one no longer works."))
    return redirect("notifications:preferences")


@person_required
@require_POST
def feed_revoke(request: PersonRequest) -> HttpResponse:
    capabilities.revoke_feed_of(request.person)
    messages.success(request, _("Your calendar link was turned off. It no longer works."))
    return redirect("notifications:preferences")


@person_required
@require_POST
def unsubscribe_links_revoke(request: PersonRequest) -> HttpResponse:
    capabilities.revoke_unsubscribe_links(request.person)
    messages.success(
        request,
        _(
            "The unsubscribe links in the emails you received so far no longer work. "
            "New emails carry new ones."
        ),
    )
    return redirect("notifications:preferences")


def _link_gone(request: HttpRequest, link: access.Link) -> HttpResponse:
    """A capability link that expired, was revoked or has the old format: say so (410 Gone)."""
    language = link.person.interface_language if link.person else None
    context = {"state": link.state.value, "days": capabilities.lifetime().days}
    with translation.override(language or translation.get_language()):
        return render(request, "notifications/link_gone.html", context, status=410)


@csrf_exempt  # RFC 8058 one-click: mail providers POST without a CSRF token; the key is random.
def unsubscribe(request: HttpRequest, unsubscribe_token: str) -> HttpResponse:
    link = access.unsubscribe_link(request, unsubscribe_token)
    if link.state is not access.LinkState.VALID:
        return _link_gone(request, link)
    person, kind = link.person, Kind(link.kind)
    with translation.override(person.interface_language):
        if request.method == "POST":
            actions.unsubscribe(person, kind)
            return render(request, "notifications/unsubscribed.html", {"kind": kind, "done": True})
        return render(
            request, "notifications/unsubscribed.html", {"kind": kind, "token": unsubscribe_token}
        )


def feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    link = access.feed_link(request, feed_token)
    if link.state is not access.LinkState.VALID:
        return _link_gone(request, link)
    response = HttpResponse(calendar.person_feed(link.person), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="peercoach.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@person_required
def program_settings(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    state = ProgramNotificationSettings.objects.filter(program=program).first()
    enabled = [k for k in Kind.values if state is None or state.is_enabled(k)]
    initial = {"enabled": enabled, "reminders": scheduling.reminder_minutes(state)}
    form = ProgramKindsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_program_kinds(
            program, form.cleaned_data["enabled"], reminder_minutes=form.cleaned_data["reminders"]
        )
        messages.success(request, _("The program's email settings were saved."))
        return redirect("notifications:program_settings", program_pk=program.pk)
    return render(
        request, "notifications/program_settings.html", {"form": form, "program": program}
    )
