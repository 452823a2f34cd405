"""The journal: a person's own entries, shared into a session when they choose."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.growth.forms import (
    JournalForm,
    ShareForm,
)
from peercoach.organisations.decorators import PersonRequest, person_required


@person_required
def journal(request: PersonRequest) -> HttpResponse:
    person = request.person
    form = JournalForm(request.POST or None, prefix="journal")
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.author = person
        entry.save()
        messages.success(request, _("Saved in your journal. Only you can read it."))
        return redirect("growth:journal")
    entries = access.journal_entries_visible_to(person).filter(author=person)
    return render(
        request,
        "growth/journal.html",
        {
            "form": form,
            "entries": entries.select_related("shared_in__group"),
            "share_form": ShareForm(sessions=access.sessions_to_share_in(person)),
        },
    )


@person_required
@require_POST
def journal_share(request: PersonRequest, journal_pk: int) -> HttpResponse:
    person = request.person
    entry = access.get_own_journal_entry(person, journal_pk)
    form = ShareForm(request.POST, sessions=access.sessions_to_share_in(person))
    if form.is_valid():
        entry.shared_in = form.cleaned_data["session"]
        entry.save(update_fields=["shared_in"])
        messages.success(request, _("Shared with the group of that session."))
    return redirect("growth:journal")
