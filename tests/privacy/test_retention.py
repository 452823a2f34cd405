"""A closed program keeps its session notes for a period after the day it was closed (the
organisation's, or the program's own); the daily sweep deletes them then; the lead sees the date,
and the privacy page and the settings state the same period."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import dateformat

from peercoach.coaching.models import ActionItem, CoachingSession, Entry
from peercoach.growth.models import JournalEntry
from peercoach.methods.models import Insight
from peercoach.notifications import retention as operational
from peercoach.privacy.models import PrivacySettings, ProgramRetention
from peercoach.privacy.retention import add_months
from peercoach.programs.models import ProgramStatus
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(cast):
    """The cast's organisation; each program with notes is built around the cast."""
    return cast.organisation


@pytest.fixture
def lead(cast):
    return cast.lead


def _program_with_notes(
    org, lead, *, ends_on: date, status=ProgramStatus.CLOSED, closed_on: date | None = None
):
    if status == ProgramStatus.CLOSED and closed_on is None:
        closed_on = ends_on
    program = factories.make_program(
        org,
        leads=[lead],
        starts_on=date(2025, 1, 1),
        ends_on=ends_on,
        status=status,
        closed_on=closed_on,
    )
    a, b = factories.make_person(org), factories.make_person(org)
    group = factories.make_group(program, [a, b])
    session = factories.make_session(group, days_from_now=-400)
    factories.make_entry(session, a, "What Anna said")
    factories.make_action_item(session, b, "Call the client")
    Insight.objects.create(session=session, author=a, text="An insight")
    JournalEntry.objects.create(author=a, text="My own reflection", shared_in=session)
    return program


def test_the_daily_sweep_deletes_session_notes_of_closed_programs_after_the_period(org, lead):
    today = date.today()
    expired = _program_with_notes(org, lead, ends_on=date(today.year - 2, 1, 10))
    recent = _program_with_notes(org, lead, ends_on=today.replace(day=1))
    still_running = _program_with_notes(
        org, lead, ends_on=date(today.year - 2, 1, 10), status=ProgramStatus.RUNNING
    )
    longer = _program_with_notes(org, lead, ends_on=date(today.year - 2, 1, 10))
    ProgramRetention.objects.create(program=longer, session_content_months=60)

    result = operational.sweep()

    assert result["session_content_removed"] == 3
    assert not Entry.objects.filter(session__group__program=expired).exists()
    assert not ActionItem.objects.filter(session__group__program=expired).exists()
    assert not Insight.objects.filter(session__group__program=expired).exists()
    assert CoachingSession.objects.filter(group__program=expired).exists()  # structure stays
    # The author's journal entry shared into an expired session stays theirs, unshared.
    assert JournalEntry.objects.filter(shared_in__isnull=True).count() == 1
    for kept in (recent, still_running, longer):
        assert Entry.objects.filter(session__group__program=kept).exists()
    assert operational.sweep()["session_content_removed"] == 0


def test_the_lead_sees_when_the_session_notes_are_deleted(cast, org, lead):
    program = _program_with_notes(org, lead, ends_on=date(2026, 3, 3))
    client = signed_in_client(lead)
    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert "Session notes of this program are deleted on 3 March 2027, 12 months after it" in page

    response = client.post(
        reverse("privacy:program_retention", args=[program.pk]), {"session_content_months": "18"}
    )
    assert response.status_code == 302
    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert "deleted on 3 September 2027, 18 months after it closed." in page
    url = reverse("privacy:program_retention", args=[program.pk])
    assert signed_in_client(cast.outsider).get(url).status_code == 404
    assert (
        signed_in_client(cast.member).post(url, {"session_content_months": "1"}).status_code == 404
    )
    assert ProgramRetention.objects.get(program=program).session_content_months == 18


def test_the_admin_sets_the_period_and_the_privacy_page_states_it(cast, org, lead):
    client = signed_in_client(cast.admin)
    page = client.get(reverse("organisation_settings")).content.decode()
    assert 'name="privacy-session_content_months"' in page and 'value="12"' in page
    response = client.post(
        reverse("organisation_settings"),
        {
            "name": org.name,
            "default_language": "en",
            "time_zone": "Europe/Amsterdam",
            "privacy-self_erasure": "on",
            "privacy-group_content_on_erasure": "delete",
            "privacy-session_content_months": "6",
        },
    )
    assert response.status_code == 302
    settings = PrivacySettings.of(org)
    assert (settings.session_content_months, settings.self_erasure) == (6, True)
    assert settings.group_content_on_erasure == "delete"
    program = _program_with_notes(org, lead, ends_on=date(2026, 3, 3))
    page = signed_in_client(lead).get(reverse("programs:detail", args=[program.pk]))
    assert "deleted on 3 September 2026, 6 months after it closed." in page.content.decode()

    mine = client.get(reverse("privacy:page")).content.decode()
    assert "is deleted 6 months after the program is closed" in mine
    visitor = Client()
    visitor.cookies["django_language"] = "en"
    anonymous = visitor.get(reverse("privacy:page")).content.decode()
    assert "is deleted 12 months after the program is closed" in anonymous
    assert "no automatic deletion period" not in anonymous


def test_the_installation_default_is_a_setting(org, settings):
    settings.RETENTION_SESSION_CONTENT_MONTHS = 24
    other = factories.make_organisation("New")
    assert PrivacySettings.of(other).session_content_months == 24


def test_the_period_runs_from_the_day_the_lead_closed_the_program(org, lead):
    """A program closed long after its end date keeps its notes from the close, not the end."""
    from peercoach.running.actions import do_advance

    program = _program_with_notes(
        org, lead, ends_on=date(date.today().year - 2, 1, 10), status=ProgramStatus.RUNNING
    )
    client = signed_in_client(lead)
    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert "Session notes of this program are deleted 12 months after it closes." in page
    assert operational.sweep()["session_content_removed"] == 0

    do_advance(program)  # the lead closes it today, two years after its end date
    program.refresh_from_db()
    assert program.closed_on == date.today()
    assert operational.sweep()["session_content_removed"] == 0
    assert Entry.objects.filter(session__group__program=program).exists()
    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    due = dateformat.format(add_months(date.today(), 12), "j F Y")
    assert f"Session notes of this program are deleted on {due}, 12 months after it closed." in page
    retention_page = client.get(reverse("privacy:program_retention", args=[program.pk]))
    assert "was closed on" in retention_page.content.decode()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_settings_say_the_period_counts_from_the_day_the_program_is_closed(
    cast, org, lead, language
):
    """The field's label and help say what the sweep does (`Program.closed_on`), as the
    privacy page does; nothing speaks of the program's (planned) end."""
    said = {
        "en": (
            "after a program is closed",
            "from the day the program is closed, not from its planned end",
            "closed",
        ),
        "nl": (
            "nadat een programma is afgesloten",
            "vanaf de dag dat het programma is afgesloten, niet vanaf",
            "afgesloten",
        ),
    }[language]
    never = {"en": "ends", "nl": "einde"}[language]
    admin = cast.admin
    for person in (admin, lead):
        person.preferred_language = language
        person.save()
    settings_page = signed_in_client(admin).get(reverse("organisation_settings")).content.decode()
    label = re.search(
        r'<label[^>]*for="id_privacy-session_content_months"[^>]*>(.*?)</label>',
        settings_page,
        re.S,
    ).group(1)
    assert said[0] in label and never not in label
    assert said[1] in settings_page
    program = _program_with_notes(org, lead, ends_on=date(2026, 3, 3))
    own_page = (
        signed_in_client(lead)
        .get(reverse("privacy:program_retention", args=[program.pk]))
        .content.decode()
    )
    own_label = re.search(
        r'<label[^>]*for="id_session_content_months"[^>]*>(.*?)</label>', own_page, re.S
    ).group(1)
    assert said[2] in own_label and never not in own_label
    privacy_page = signed_in_client(admin).get(reverse("privacy:page")).content.decode()
    assert {
        "en": "12 months after the program is closed",
        "nl": "12 maanden nadat het programma is afgesloten",
    }[language] in privacy_page
