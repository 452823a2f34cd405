"""Parts of the organisation's settings page that apps above organisations add (they may not be
imported from here): `peercoach.privacy` adds its erasure and retention choices in its
`ready()`. Each part is a form with a `legend`, saved together with the rest of the page."""

from __future__ import annotations

from collections.abc import Callable

from django.forms import BaseForm
from django.http import QueryDict

from peercoach.organisations.models import Organisation

Section = Callable[[Organisation, QueryDict | None], BaseForm]
_sections: list[Section] = []


def add_section(section: Section) -> None:
    """`section(organisation, data)` returns the part's (bound or unbound) form."""
    if section not in _sections:
        _sections.append(section)


def sections(organisation: Organisation, data: QueryDict | None) -> list[BaseForm]:
    return [section(organisation, data) for section in _sections]
