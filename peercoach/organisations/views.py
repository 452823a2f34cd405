from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
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
from peercoach.organisations.current import choose, memberships_of
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.organisations.forms import OrganisationSettingsForm, PersonForm, ProfileForm
from peercoach.organisations.people_search import PeopleSearchForm, page_of, pick

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


@person_required
def people_list(request: PersonRequest) -> HttpResponse:
    access.require_program_runner(request.person)
    everyone = access.people_managed_by(request.person)
    search = PeopleSearchForm(
        request.GET,
        people=everyone,
        programs=access.programs_run_by(request.person).values_list("pk", "name"),
    )
    page = page_of(search.filter(everyone).select_related("manager"), request.GET.get("page"))
    # Counted for this page's people only: a subquery per row over the whole list is what made
    # the page slow at thousands of people.
    counts = dict(
        access.people_managed_by(request.person)
        .filter(pk__in=[someone.pk for someone in page])
        .annotate(group_count=Count("group_memberships"))
        .values_list("pk", "group_count")
    )
    for someone in page:
        someone.group_count = counts.get(someone.pk, 0)
    return render(
        request,
        "organisations/people_list.html",
        {"page": page, "search": search, "total": everyone.count()},
    )


@person_required
@reauth.reauth_required(when=reauth.adds_a_role)
def person_add(request: PersonRequest) -> HttpResponse:
    editor = access.require_program_runner(request.person)
    searching = _finding_a_manager(request)
    form = PersonForm(
        None if searching else request.POST or None,
        initial=request.POST.dict() if searching else None,
        organisation=editor.organisation,
        editor=editor,
    )
    if request.method == "POST" and not searching and form.is_valid():
        added = form.save(commit=False)
        actions.do_save_person(added, editor=editor, old=None)
        messages.success(request, _("%(name)s was added.") % {"name": added.name})
        return redirect("people:list")
    return _person_form_page(request, form, None)


@person_required
@reauth.reauth_required(when=reauth.changes_role_or_email)
def person_edit(request: PersonRequest, person_pk: int) -> HttpResponse:
    editor = request.person
    editing = access.get_person_to_manage(editor, person_pk)
    old = copy.copy(editing)
    searching = _finding_a_manager(request)
    form = PersonForm(
        None if searching else request.POST or None,
        initial=request.POST.dict() if searching else None,
        instance=editing,
        organisation=editor.organisation,
        editor=editor,
    )
    if request.method == "POST" and not searching and form.is_valid():
        try:
            waiting = actions.do_save_person(form.save(commit=False), editor=editor, old=old)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form.save_m2m()
            messages.success(request, _("The changes were saved."))
            if waiting:
                messages.info(
                    request,
                    _(
                        "%(name)s has an account, so the email address changes once they confirm "
                        "%(email)s. We sent a link there and told their current address."
                    )
                    % {"name": editing.name, "email": waiting},
                )
            return redirect("people:list")
    return _person_form_page(request, form, editing)


def _finding_a_manager(request: HttpRequest) -> bool:
    # "Search" for a manager sends the form back as typed, unchecked and unsaved.
    return request.method == "POST" and "_find" in request.POST


def _person_form_page(request: HttpRequest, form: PersonForm, editing) -> HttpResponse:
    """The person form, whose manager is found by typing among the organisation's people."""
    text = request.POST.get("find", "") if _finding_a_manager(request) else ""
    manager = pick(
        form.fields["manager"].queryset,
        name="manager",
        text=text,
        chosen=form["manager"].value(),
    )
    return render(
        request,
        "organisations/person_form.html",
        {"form": form, "editing": editing, "manager": manager},
    )


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
    person = request.person if request.user.is_authenticated else None
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
    chosen = memberships_of(request.user).filter(pk=wanted).first() if wanted else None
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
    if found is None:
        raise Http404
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
