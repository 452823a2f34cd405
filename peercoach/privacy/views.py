"""The privacy page (public), a person's data export (their own, signed in), erasing a person
(an admin, or the person where the organisation allows it: `access.may_erase`), a program's
retention period and deactivating a participant file's leavers (`leavers.py`).

What the export holds is `access.personal_data_of`; its shape is `export.py`; what the privacy
page says comes from the settings through `statement.py`; erasure is `erasure.py`, retention
`retention.py`.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.audit.log import Action, record
from peercoach.organisations.current import person_of
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.participants import uploads
from peercoach.participants.forms import LeaversForm
from peercoach.privacy import erasure, export, leavers, retention, statement
from peercoach.privacy.forms import EraseForm, ProgramRetentionForm
from peercoach.privacy.models import ProgramRetention


def privacy(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    organisation = person.organisation if person is not None else None
    return render(request, "privacy/privacy.html", {"facts": statement.facts(organisation)})


def _attachment(content: str, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"peercoach-my-data-{timezone.localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _own_export(request: PersonRequest, kind: str) -> dict:
    record(Action.DATA_EXPORTED, target=request.person, detail=kind)
    return export.build_export(request.person)


@person_required
@never_cache
def export_json(request: PersonRequest) -> HttpResponse:
    data = _own_export(request, "json")
    content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return _attachment(content, "application/json; charset=utf-8", "json")


@person_required
@never_cache
def export_html(request: PersonRequest) -> HttpResponse:
    data = _own_export(request, "html")
    content = render_to_string(
        "privacy/export.html",
        {"data": data, "sections": export.sections(data)},
        request=request,
    )
    return _attachment(content, "text/html; charset=utf-8", "html")


@person_required
@never_cache
def erase(request: PersonRequest, person_pk: int) -> HttpResponse:
    actor = request.person
    person = access.get_person_to_erase(actor, person_pk)
    own = person.pk == actor.pk
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure.do_erase_person(person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("privacy:erase", person_pk=person.pk)
        if own:
            return redirect("privacy:page")
        messages.success(request, _("The person's data was erased."))
        return redirect("people:list")
    context = {"person": person, "own": own, "plan": erasure.plan_erasure(person), "form": form}
    return render(request, "privacy/erase.html", context)


@person_required
def program_retention(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    own = ProgramRetention.objects.filter(program=program).first() or ProgramRetention(
        program=program
    )
    form = ProgramRetentionForm(request.POST or None, instance=own)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The program's retention period was saved."))
        return redirect("programs:detail", program_pk=program.pk)
    context = {
        "program": program,
        "form": form,
        "deleted_on": retention.content_deleted_on(program),
        "closed_on": retention.closed_on(program),
        "months": retention.months_for(program),
        "organisation_months": statement.organisation_months(program.organisation),
    }
    return render(request, "privacy/program_retention.html", context)


@person_required
@require_POST
def deactivate_leavers(request: PersonRequest) -> HttpResponse:
    """An admin deactivates, in one step, the people the file's preview listed as leavers."""
    person = access.require_organisation_admin(request.person)
    pending = uploads.pending_upload_for(person)
    form = LeaversForm(request.POST)
    if pending is None or not form.is_valid() or form.cleaned_data["upload"] != pending.pk:
        messages.error(request, _("That preview is no longer current; check this one."))
        return redirect("participants:preview" if pending else "participants:upload")
    try:
        count = leavers.do_deactivate_leavers(
            pending, uploads.plan_upload(pending), form.cleaned_data["people"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("participants:preview")
    messages.success(
        request,
        ngettext(
            "%(count)d person was deactivated; their groups are told.",
            "%(count)d people were deactivated; their groups are told.",
            count,
        )
        % {"count": count},
    )
    return redirect("participants:preview")
