from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.audit.log import Action, record
from peercoach.lib.ids import parse_id
from peercoach.organisations import accounts, actions, reauth, settings_page
from peercoach.organisations.current import (
    BOUND_TO_KEY,
    choose,
    memberships_for,
    person_of,
)
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.organisations.forms import OrganisationSettingsForm, ProfileForm

LANGUAGE_COOKIE = "django_language"


@person_required
def profile(request: PersonRequest) -> HttpResponse:
    """The signed-in person's own profile: the languages, skills and wishes matching uses."""
    person = request.person
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        person.profile_confirmed_at = timezone.now()
        person.save()
        with translation.override(person.interface_language):
            messages.success(request, _("Your profile is saved."))
        return redirect("home")
    return render(request, "organisations/profile.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Remember the chosen interface language: on the profile when signed in, else a cookie."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    # Not redirect(): it would look up any other text as a view name (NoReverseMatch, a 500).
    response = HttpResponseRedirect(next_url)
    if language not in {"nl", "en"}:
        return response
    person = person_of(request)
    if person is not None:
        person.preferred_language = language
        person.save(update_fields=["preferred_language"])
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@login_required
@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    """Act in another organisation the signed-in user belongs to."""
    wanted = parse_id(request.POST.get("person"))
    chosen = memberships_for(request).filter(pk=wanted).first() if wanted else None
    if chosen is None:
        messages.error(request, _("Choose one of your own organisations."))
        return redirect("home")
    choose(request, chosen)
    # The next page speaks the language of the membership chosen; so does this message.
    with translation.override(chosen.interface_language):
        messages.success(
            request,
            _("You are now working in %(organisation)s.") % {"organisation": chosen.organisation},
        )
    return redirect("home")


class PasswordLinkView(auth_views.PasswordResetConfirmView):
    """Choose a password through a link from an email; it signs the person in.

    Like every capability link here, it is 404 to someone signed in as another person: a link
    forwarded to a colleague does not let them take over the account from their own session.
    An invitation's link also names the membership it came with: choosing the password proves
    the address, and that membership (no other) becomes the account's.
    """

    post_reset_login = True
    post_reset_login_backend = "peercoach.organisations.auth.EmailBackend"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        owner = self.get_user(kwargs["uidb64"])
        if request.user.is_authenticated and (owner is None or owner.pk != request.user.pk):
            raise Http404
        if "join" in request.GET:
            request.session[accounts.JOIN_SESSION_KEY] = request.GET["join"]
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        join = self.request.session.pop(accounts.JOIN_SESSION_KEY, None)
        response = super().form_valid(form)
        joined = accounts.join_with_link(self.user, join)
        if joined is not None:
            choose(self.request, joined)
        return response


@login_required
def memberships(request: HttpRequest) -> HttpResponse:
    """Organisations that added the account's address, for its holder to accept or decline."""
    return render(
        request,
        "organisations/memberships.html",
        {"pending": accounts.pending_memberships(request.user)},
    )


@login_required
@require_POST
def membership_answer(request: HttpRequest, person_pk: int, answer: str) -> HttpResponse:
    found = accounts.pending_memberships(request.user).filter(pk=person_pk).first()
    bound = request.session.get(BOUND_TO_KEY)
    if found is None or (bound and found.organisation_id != bound):
        raise Http404  # a single sign-on session speaks for its organisation only
    if answer == "decline":
        accounts.decline(found)
        messages.success(
            request, _("You declined %(organisation)s.") % {"organisation": found.organisation}
        )
        return redirect("memberships")
    if not accounts.attach(found, request.user):
        raise Http404  # someone else's meanwhile
    choose(request, found)
    with translation.override(found.interface_language):
        messages.success(
            request,
            _("You are now working in %(organisation)s.") % {"organisation": found.organisation},
        )
    return redirect("home")


@login_required
@reauth.reauth_required(when=reauth.always)
def confirm_email(request: HttpRequest, email_token: str) -> HttpResponse:
    """The account holder, signed in, confirms the new address a link was sent to."""
    found = actions.read_email_change(email_token, request.user)
    if found is None:
        return render(request, "organisations/email_link_invalid.html", status=404)
    person, new_email = found
    error = ""
    if request.method == "POST":
        try:
            actions.do_confirm_email_change(person, new_email)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(
                request, _("Your email address is now %(email)s.") % {"email": new_email}
            )
            return redirect("home")
    return render(
        request,
        "organisations/confirm_email.html",
        {"changing": person, "new_email": new_email, "error": error},
    )


@person_required
@reauth.reauth_required(when=reauth.changes_organisation_settings)
def organisation_settings(request: PersonRequest) -> HttpResponse:
    person = access.require_organisation_admin(request.person)
    form = OrganisationSettingsForm(request.POST or None, instance=person.organisation)
    # The parts other apps add (peercoach.privacy: erasure and retention), saved with the rest.
    sections = settings_page.sections(person.organisation, request.POST or None)
    if request.method == "POST" and all([form.is_valid(), *(s.is_valid() for s in sections)]):
        form.save()
        for section in sections:
            section.save()
        record(Action.ORGANISATION_SETTINGS, detail=", ".join(form.changed_data)[:200])
        messages.success(request, _("The organisation's settings were saved."))
        return redirect("organisation_settings")
    return render(request, "organisations/settings.html", {"form": form, "sections": sections})
