"""The audit log: what changes who sees or decides what is recorded, never content; only the
organisation's admins read it, filter it and export it; entries cannot be changed or removed."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from peercoach.audit.log import record
from peercoach.audit.models import Action, AppendOnly, AuditEntry
from peercoach.matching import rounds
from peercoach.organisations.models import Role
from peercoach.programs.models import ProgramStatus, Round
from peercoach.running import actions as program_actions
from tests import factories
from tests.conftest import signed_in_client
from tests.factories import PASSWORD


@pytest.fixture
def org(cast):
    """This module's organisation is the shared cast's (Org A, in English)."""
    return cast.organisation


@pytest.fixture
def admin(cast):
    return cast.admin


@pytest.fixture
def lead(cast):
    return cast.lead


@pytest.fixture
def member(cast):
    return cast.member


def person_form(person, **changes) -> dict:
    data = {
        "name": person.name,
        "email": person.email,
        "role": person.role,
        "department": person.department,
        "job_title": person.job_title,
        "manager": person.manager_id or "",
        "languages": " | ".join(person.languages),
        "preferred_language": person.preferred_language,
        "time_zone": person.time_zone,
        "experience_years": "",
        "role_preference": person.role_preference,
        "is_active": "on" if person.is_active else "",
    }
    data.update(changes)
    return data


def actions_of(org) -> list[str]:
    return list(
        AuditEntry.objects.filter(organisation=org).order_by("pk").values_list("action", flat=True)
    )


def test_it_records_role_changes_and_deactivation_with_who_and_where(org, admin, member):
    client = Client(REMOTE_ADDR="192.0.2.77")
    client.force_login(admin.user)
    url = reverse("people:edit", args=[member.pk])
    response = client.post(url, person_form(member, role=Role.LEAD))
    assert response.status_code == 302, response.content.decode()[:2000]
    member.refresh_from_db()
    client.post(url, person_form(member, is_active=""))
    role = AuditEntry.objects.get(action=Action.ROLE_CHANGED)
    assert (role.actor_person_id, role.target_type, role.target_id) == (
        admin.pk,
        "person",
        member.pk,
    )
    assert role.detail == "participant → lead" and role.ip == "192.0.2.77"
    assert role.organisation_id == org.pk
    assert AuditEntry.objects.filter(action=Action.PERSON_DEACTIVATED, target_id=member.pk).exists()
    # No names in the log itself: the page shows people's current names.
    assert member.name not in str(list(AuditEntry.objects.values()))


def test_it_records_sign_ins_and_failed_sign_ins(org, member):
    Client(REMOTE_ADDR="198.51.100.3").post(
        reverse("login"), {"username": member.email, "password": "wrong"}
    )
    Client(REMOTE_ADDR="198.51.100.3").post(
        reverse("login"), {"username": member.email, "password": PASSWORD}
    )
    failed = AuditEntry.objects.get(action=Action.SIGN_IN_FAILED)
    assert (failed.target_id, failed.ip, failed.actor_person_id) == (
        member.pk,
        "198.51.100.3",
        None,
    )
    signed = AuditEntry.objects.get(action=Action.SIGNED_IN)
    assert (signed.actor_person_id, signed.organisation_id) == (member.pk, org.pk)


def test_it_records_group_changes_and_publication(cast, org, admin, lead):
    people = [cast.member, cast.fellow, cast.other_member, cast.other_partner]
    program = factories.make_program(org, leads=[lead], status=ProgramStatus.RUNNING)
    program_actions.do_enrol(program, people)
    group = program_actions.do_form_group(program, "Blue", people[:2], by=lead)
    program_actions.do_add_member(group, people[2], by=lead)
    program_actions.do_remove_member(group, people[2])
    assert actions_of(org)[-3:] == [
        Action.GROUP_FORMED,
        Action.GROUP_MEMBER_ADDED,
        Action.GROUP_MEMBER_REMOVED,
    ]
    formed = AuditEntry.objects.get(action=Action.GROUP_FORMED)
    assert (formed.target_type, formed.target_label, formed.actor_person_id) == (
        "group",
        "Blue",
        lead.pk,
    )
    round_ = Round.objects.create(program=program, number=1)
    factories.make_group(program, people[:2], name="Red").__class__.objects.filter(
        name="Red"
    ).update(round=round_)
    rounds.do_publish(round_)
    published = AuditEntry.objects.get(action=Action.ROUND_PUBLISHED)
    assert (published.target_type, published.target_id) == ("program", program.pk)


def test_entries_are_append_only(org, admin):
    entry = record(Action.ROLE_CHANGED, actor=admin, target=admin, detail="x")
    entry.detail = "changed"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="changed")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).detail == "x"


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_database_refuses_changes_on_postgresql(org, admin):
    entry = record(Action.ROLE_CHANGED, actor=admin, target=admin, detail="x")
    for sql in (
        "UPDATE audit_auditentry SET detail = 'changed' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).detail == "x"


def test_only_admins_read_it_and_others_get_404(cast, admin, lead, member):
    other_admin = cast.outsider  # the admin of Org B
    record(Action.ROLE_CHANGED, actor=admin, target=member, detail="participant → lead")
    for url in (reverse("audit:log"), reverse("audit:export")):
        assert signed_in_client(admin).get(url).status_code == 200
        for person in (lead, member):
            assert signed_in_client(person).get(url).status_code == 404
        assert Client().get(url).status_code == 302
    # Another organisation's admin sees their own log (their sign-in), never this one's entries.
    page = signed_in_client(other_admin).get(reverse("audit:log")).content.decode()
    assert "Oscar Outsider" in page and "Mia Member" not in page and "Ada Admin" not in page


def test_admins_filter_by_action_person_and_date(org, admin, member, lead):
    record(Action.ROLE_CHANGED, actor=admin, target=member, detail="participant → lead")
    record(Action.PERSON_DEACTIVATED, actor=admin, target=lead)
    client = signed_in_client(admin)
    url = reverse("audit:log")
    body = client.get(url, {"action": Action.ROLE_CHANGED}).content.decode()
    assert "Mia Member" in body and "Lee Lead" not in body
    body = client.get(url, {"person": lead.email.upper()}).content.decode()
    assert "Lee Lead" in body and "Mia Member" not in body
    body = client.get(url, {"since": "2001-01-01", "until": "2001-01-02"}).content.decode()
    assert "No entries match." in body


def test_the_page_is_paginated_with_a_fixed_number_of_queries(org, admin, settings):
    settings.AUDIT_PAGE_SIZE = 10
    client = signed_in_client(admin)
    people = [factories.make_person(org, f"Person {n}") for n in range(3)]
    for person in people:
        record(Action.ROLE_CHANGED, actor=admin, target=person)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("audit:log"))
    more = [factories.make_person(org, f"More {n}") for n in range(30)]
    for person in more:
        record(Action.ROLE_CHANGED, actor=admin, target=person)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("audit:log"))
    assert len(many.captured_queries) == len(few.captured_queries)
    body = page.content.decode()
    assert "Page 1 of 4" in body and "More 29" in body and "Person 0" not in body
    assert "Person 0" in client.get(reverse("audit:log"), {"page": 4}).content.decode()


def test_the_csv_export_is_safe_from_formulas_and_is_itself_recorded(org, admin):
    group_owner = factories.make_program(org, name='=HYPERLINK("http://evil")')
    record(Action.REPORT_EXPORTED, actor=admin, target=group_owner, detail="x.csv")
    response = signed_in_client(admin).get(reverse("audit:export"))
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    about = [row[4] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in about
    assert not any(cell.startswith("=") for row in rows for cell in row)
    assert AuditEntry.objects.filter(
        action=Action.AUDIT_EXPORTED, actor_person_id=admin.pk
    ).exists()


def test_exports_and_data_downloads_are_recorded(org, admin, member):
    signed_in_client(member).get(reverse("privacy:export_json"))
    entry = AuditEntry.objects.get(action=Action.DATA_EXPORTED)
    assert (entry.actor_person_id, entry.target_id, entry.detail) == (member.pk, member.pk, "json")
