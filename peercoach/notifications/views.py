"""Email preferences, one-click unsubscribe, the calendar feed, and a program's email settings.

The unsubscribe and feed URLs work without signing in: the token in the URL is the key. A token
link opened while signed in as someone else answers 404, like any object that isn't yours.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.lib import links
from peercoach.notifications import actions, calendar, scheduling
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
    feed_url = links.site_url(
        reverse("notifications:feed", kwargs={"feed_token": actions.feed_token_for(person).token})
    )
    return render(request, "notifications/preferences.html", {"form": form, "feed_url": feed_url})


@person_required
@require_POST
def feed_rotate(request: PersonRequest) -> HttpResponse:
    actions.rotate_feed_token(request.person)
    messages.success(request, _("Your calendar link was replaced. The old one no longer works."))
    return redirect("notifications:preferences")


@csrf_exempt  # RFC 8058 one-click: mail providers POST without a CSRF token; the URL is signed.
def unsubscribe(request: HttpRequest, unsubscribe_token: str) -> HttpResponse:
    token = unsubscribe_token
    person, kind = access.person_to_unsubscribe(request, token)
    kind = Kind(kind)
    if request.method == "POST":
        actions.unsubscribe(person, kind)
        return render(request, "notifications/unsubscribed.html", {"kind": kind, "done": True})
    return render(request, "notifications/unsubscribed.html", {"kind": kind, "token": token})


def feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    person = access.person_of_feed(request, feed_token)
    response = HttpResponse(calendar.person_feed(person), content_type="text/calendar")
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
