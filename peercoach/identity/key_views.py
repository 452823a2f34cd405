"""The person's security keys and passkeys: adding one (a WebAuthn ceremony) and removing one.

The page's script (static/identity/webauthn.js, a static file for the content security policy)
hands the options to the browser and posts its answer back in a hidden field.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercoach.audit.log import Action, record
from peercoach.identity import keys, policy
from peercoach.identity.forms import KeyForm
from peercoach.lib.ids import parse_id
from peercoach.organisations import reauth
from peercoach.organisations.decorators import PersonRequest, person_required


@person_required
def key_add(request: PersonRequest) -> HttpResponse:
    user = request.user
    form = KeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = keys.do_add_key(user, form.cleaned_data["name"], form.cleaned_data["credential"])
        if codes is not None:
            record(Action.MFA_SETTINGS, target=request.person, detail="key added")
            messages.success(request, _("Your security key was added."))
            if codes:
                return render(request, "identity/recovery_codes.html", {"codes": codes})
            return redirect("mfa_security")
        form.add_error(None, _("Your security key was not added. Please try again."))
    return render(
        request,
        "identity/key_add.html",
        {"form": form, "options": keys.registration_options(user)},
        status=400 if form.errors else 200,
    )


def _own_key(request: PersonRequest, key_pk: str) -> bool:
    """Someone else's key (or none) is a 404, before the password is asked."""
    if keys.key_of(request.user, parse_id(key_pk)) is None:
        raise Http404
    return True


@person_required
@require_POST
@reauth.reauth_required(when=_own_key)
def key_remove(request: PersonRequest, key_pk: str) -> HttpResponse:
    """Remove one key; not the last second step where the organisation requires one."""
    user = request.user
    key = keys.key_of(user, parse_id(key_pk))
    if key is None:
        raise Http404
    others = [other for other in keys.keys_of(user) if other.pk != key.pk]
    if policy.second_step_required(request.person) and not (others or policy.has_totp(user)):
        messages.error(request, _("Your organisation requires two-step verification for you."))
    elif keys.do_remove_key(user, key.pk):
        record(Action.MFA_SETTINGS, target=request.person, detail="key removed")
        messages.success(request, _("The security key was removed."))
    return redirect("mfa_security")
