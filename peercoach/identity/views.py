"""Sign-in with single sign-on or a second step, and the pages that set them up.

Rules live in `policy`, the protocol in allauth (`adapter`, `sso`), codes in `mfa`; views parse,
check who asks and render.
"""

from __future__ import annotations

from allauth.socialaccount.providers.saml import views as saml_views
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.audit.log import Action, record
from peercoach.identity import keys, mfa, policy, saml, sso
from peercoach.identity.forms import CodeForm, OrganisationSlugForm, SignInPolicyForm
from peercoach.identity.models import SignInPolicy
from peercoach.identity.passwords import SignInForm
from peercoach.organisations import reauth
from peercoach.organisations.decorators import PersonRequest, person_required


class SignInView(auth_views.LoginView):
    """Our sign-in page; with an authenticator, a correct password leads to the code first."""

    template_name = "registration/login.html"
    authentication_form = SignInForm

    def form_valid(self, form):
        user = form.get_user()
        if policy.has_second_step(user):
            mfa.remember_pending(self.request.session, user, user.backend, self.get_success_url())
            return redirect("mfa_authenticate")
        return super().form_valid(form)


def mfa_authenticate(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app, a security key or a recovery code."""
    found = mfa.pending_user(request.session)
    if found is None:
        request.session.pop(mfa.PENDING_SESSION_KEY, None)
        messages.error(request, _("Please sign in again."))
        return redirect("login")
    user, pending = found
    form = CodeForm(request.POST or None)
    key_answer = request.POST.get("credential")
    if request.method == "POST" and key_answer is not None:
        if keys.verify_key(user, key_answer):
            request.session.pop(mfa.PENDING_SESSION_KEY, None)
            login(request, user, backend=pending["backend"])
            return redirect(pending["next"])
        form = CodeForm()
        messages.error(request, _("Your security key did not confirm it is you. Please try again."))
    elif request.method == "POST" and form.is_valid():
        right = mfa.verify_at_sign_in(user, form.cleaned_data["code"])
        if right:
            request.session.pop(mfa.PENDING_SESSION_KEY, None)
            login(request, user, backend=pending["backend"])
            return redirect(pending["next"])
        if right is None:
            minutes = mfa.CODE_ATTEMPTS_SECONDS // 60
            message = _("Too many wrong codes. Please wait %(minutes)s minutes and try again.")
            form.add_error("code", message % {"minutes": minutes})
        else:
            form.add_error("code", _("That code is not right. Please try again."))
    context = {
        "form": form,
        "has_totp": policy.has_totp(user),
        "key_options": keys.authentication_options(user) if keys.has_keys(user) else None,
    }
    return render(request, "identity/mfa_authenticate.html", context)


def sso_choose(request: HttpRequest) -> HttpResponse:
    form = OrganisationSlugForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        slug = form.cleaned_data["organisation"].lower()
        if policy.sso_of(slug) is not None:
            return redirect("sso_begin", org_slug=slug)
        form.add_error(
            "organisation", _("No organisation with that short name signs in with single sign-on.")
        )
    return render(request, "identity/sso_choose.html", {"form": form})


def sso_begin(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The organisation's sign-in button; posting it goes to its identity provider."""
    found = policy.sso_of(org_slug)
    if found is None:
        raise Http404
    if request.method == "POST":
        return sso.start(request, found)
    return render(request, "identity/sso_begin.html", {"organisation": found.organisation})


@person_required
@require_POST
def sso_reauth(request: PersonRequest) -> HttpResponse:
    """Confirm it is you through your organisation's provider (organisations.reauth's page)."""
    found = policy.sso_of(request.person.organisation.slug)
    if found is None or request.session.get(reauth.PENDING_KEY) is None:
        messages.error(request, _("Please make the change again."))
        return redirect("home")
    return sso.start(request, found, reauth_for=request.user.pk)


@csrf_exempt  # the IdP's form posts here from its own site; the assertion is signed
def saml_acs(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """allauth's assertion consumer, for organisations that sign in with SAML only."""
    if policy.saml_of(organization_slug) is None:
        raise Http404
    return saml_views.acs(request, organization_slug=organization_slug)


def saml_finish_acs(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """allauth checks the answer; one that answers no request of this browser is refused."""
    if policy.saml_of(organization_slug) is None:
        raise Http404
    try:
        return saml.finish_acs(request, organization_slug=organization_slug)
    except PermissionDenied:  # allauth: no sign-in of ours waits for this answer
        return sso.refused(request, sso.Refusal.FAILED)


@person_required
@require_POST
@reauth.reauth_required(when=reauth.always)
def sign_in_policy(request: PersonRequest) -> HttpResponse:
    """The sign-in part of the organisation's settings page (shown there, saved here)."""
    admin = access.require_organisation_admin(request.person)
    instance = policy.policy_of(admin.organisation)
    form = SignInPolicyForm(
        request.POST, instance=instance or SignInPolicy(organisation=admin.organisation)
    )
    if form.is_valid():
        form.save()
        # Which settings changed, never their values (a client secret among them).
        record(Action.SSO_SETTINGS, detail=", ".join(form.changed_data)[:200])
        messages.success(request, _("The sign-in settings were saved."))
        return redirect("organisation_settings")
    return render(request, "identity/sign_in_policy.html", {"form": form}, status=400)


@person_required
def security(request: PersonRequest) -> HttpResponse:
    """The person's own two-step verification: its state, setting it up or switching it off."""
    user = request.user
    codes = mfa.recovery_codes_of(user)
    return render(
        request,
        "identity/security.html",
        {
            "totp": mfa.totp_of(user),
            "keys": keys.keys_of(user),
            "codes_left": len(codes.get_unused_codes()) if codes else 0,
            "required": _is_required(request),
        },
    )


def _is_required(request: PersonRequest) -> bool:
    return policy.second_step_required(request.person)


@person_required
def totp_setup(request: PersonRequest) -> HttpResponse:
    user = request.user
    if mfa.totp_of(user) is not None:
        return redirect("mfa_security")
    form = CodeForm(request.POST or None)
    secret = mfa.new_secret(request.session)
    if request.method == "POST" and form.is_valid():
        codes = mfa.do_activate_totp(user, request.session, form.cleaned_data["code"])
        if codes is not None:
            record(Action.MFA_SETTINGS, target=request.person, detail="on")
            messages.success(request, _("Two-step verification is on."))
            return render(request, "identity/recovery_codes.html", {"codes": codes})
        form.add_error("code", _("That code is not right. Please try again."))
    return render(
        request,
        "identity/totp_setup.html",
        {"form": form, "secret": secret, "qr_code": mfa.qr_code_data_uri(user, secret)},
    )


@person_required
@require_POST
def totp_remove(request: PersonRequest) -> HttpResponse:
    """Switching it off takes a current code, and is refused where the organisation requires it."""
    form = CodeForm(request.POST)
    if _is_required(request):
        messages.error(request, _("Your organisation requires two-step verification for you."))
    elif form.is_valid() and mfa.verify(request.user, form.cleaned_data["code"]):
        mfa.do_deactivate(request.user)
        record(Action.MFA_SETTINGS, target=request.person, detail="off")
        messages.success(request, _("Two-step verification is off."))
    else:
        messages.error(request, _("That code is not right. Please try again."))
    return redirect("mfa_security")


@person_required
@require_POST
def recovery_codes(request: PersonRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), for a current code."""
    form = CodeForm(request.POST)
    if not (form.is_valid() and mfa.verify(request.user, form.cleaned_data["code"])):
        messages.error(request, _("That code is not right. Please try again."))
        return redirect("mfa_security")
    return render(
        request, "identity/recovery_codes.html", {"codes": mfa.do_new_recovery_codes(request.user)}
    )
