"""The privacy page (public) and a person's data export (their own, signed in).

What the export holds is `access.personal_data_of`; its shape is `export.py`; what the privacy
page says comes from the settings through `statement.py`.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache

from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.privacy import export, statement


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/privacy.html", {"facts": statement.facts()})


def _attachment(content: str, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"peercoach-my-data-{timezone.localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _own_export(request: PersonRequest) -> dict:
    return export.build_export(request.person)


@person_required
@never_cache
def export_json(request: PersonRequest) -> HttpResponse:
    data = _own_export(request)
    content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return _attachment(content, "application/json; charset=utf-8", "json")


@person_required
@never_cache
def export_html(request: PersonRequest) -> HttpResponse:
    data = _own_export(request)
    content = render_to_string(
        "privacy/export.html",
        {"data": data, "sections": export.sections(data)},
        request=request,
    )
    return _attachment(content, "text/html; charset=utf-8", "html")
