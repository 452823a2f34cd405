"""The audit log (`peercoach.audit`) for an organisation's admins: read, filter (action, person,
dates), export.

Access: `access.audit_entries_for` (404 for everyone but the organisation's admins). Reads:
`filtered`, bounded by a page (`AUDIT_PAGE_SIZE`) or, for the CSV, by `EXPORT_MAX_ROWS`.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peercoach import access
from peercoach.audit.log import record
from peercoach.audit.models import Action, AuditEntry
from peercoach.lib import forms as lib_forms
from peercoach.lib.spreadsheets import csv_download, csv_table, safe_cell
from peercoach.organisations.accounts import username_for
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.organisations.models import Organisation, Person

EXPORT_MAX_ROWS = 100_000


class AuditFilterForm(lib_forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("What"),
        required=False,
        choices=[("", gettext_lazy("Everything"))] + list(Action.choices),
    )
    person = forms.EmailField(
        label=gettext_lazy("Person (email address)"), required=False, max_length=254
    )
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def filtered(
    entries: QuerySet[AuditEntry], organisation: Organisation, filters: dict
) -> QuerySet[AuditEntry]:
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("person"):
        ids = list(
            Person.objects.in_organisation(organisation)
            .filter(email=username_for(filters["person"]))
            .values_list("pk", flat=True)
        )
        entries = entries.filter(
            Q(actor_person_id__in=ids) | Q(target_type="person", target_id__in=ids)
        )
    zone = timezone.get_current_timezone()
    if filters.get("since"):
        entries = entries.filter(at__gte=datetime.combine(filters["since"], time.min, zone))
    if filters.get("until"):
        end = datetime.combine(filters["until"] + timedelta(days=1), time.min, zone)
        entries = entries.filter(at__lt=end)
    return entries.order_by("-at", "-pk")


def _names(organisation: Organisation, entries: list[AuditEntry]) -> dict[int, str]:
    ids = {e.actor_person_id for e in entries if e.actor_person_id}
    ids |= {e.target_id for e in entries if e.target_type == "person" and e.target_id}
    return dict(
        Person.objects.in_organisation(organisation).filter(pk__in=ids).values_list("pk", "name")
    )


def _rows(entries: list[AuditEntry], names: dict[int, str]) -> list[dict]:
    gone = _("former participant")
    rows = []
    for entry in entries:
        if entry.actor_person_id:
            actor = names.get(entry.actor_person_id, gone)
        elif entry.actor_user_id:
            actor = _("an account outside this organisation")
        else:
            actor = ""
        if entry.target_type == "person":
            target = names.get(entry.target_id, gone)
        else:
            target = entry.target_label
        rows.append(
            {
                "entry": entry,
                "action": entry.get_action_display(),
                "actor": actor,
                "target": target,
            }
        )
    return rows


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, dict]:
    form = AuditFilterForm(request.GET or None)
    return form, (form.cleaned_data if form.is_bound and form.is_valid() else {})


@person_required
def audit_log(request: PersonRequest) -> HttpResponse:
    entries = access.audit_entries_for(request.person)
    organisation = request.person.organisation
    form, filters = _filters(request)
    entries = filtered(entries, organisation, filters)
    page = Paginator(entries, settings.AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    listed = list(page.object_list)
    return render(
        request,
        "organisations/audit_log.html",
        {"form": form, "page": page, "rows": _rows(listed, _names(organisation, listed))},
    )


@person_required
def audit_export(request: PersonRequest) -> HttpResponse:
    entries = access.audit_entries_for(request.person)
    organisation = request.person.organisation
    filters = _filters(request)[1]
    entries = list(filtered(entries, organisation, filters)[:EXPORT_MAX_ROWS])
    rows = _rows(entries, _names(organisation, entries))
    record(Action.AUDIT_EXPORTED, detail=f"{len(rows)} entries")
    zone = timezone.get_current_timezone()
    table = csv_table(
        [_("Time"), _("What"), _("Who"), _("Type"), _("About"), _("Detail"), _("Address")],
        (
            [
                safe_cell(value)
                for value in (
                    row["entry"].at.astimezone(zone).isoformat(timespec="seconds"),
                    row["action"],
                    row["actor"],
                    row["entry"].target_type,
                    row["target"],
                    row["entry"].detail,
                    row["entry"].ip or "",
                )
            ]
            for row in rows
        ),
    )
    return csv_download(table, f"audit-{timezone.localdate().isoformat()}.csv")
