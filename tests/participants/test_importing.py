"""Importing a participant file into an organisation: plan, apply, all or nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peercoach.organisations.models import Person, Role
from peercoach.participants.importing import apply_import, plan_import, read_for_organisation
from tests import factories

pytestmark = pytest.mark.django_db

FILE = (
    "email,name,department,manager_email,languages,skills_offered,exclude\n"
    "boss@x.nl,Bea Boss,Board,,nl|en,strategy,\n"
    "anna@x.nl,Anna,Sales,boss@x.nl,nl,presenting|Excel,bram@x.nl\n"
    "bram@x.nl,Bram,Finance,boss@x.nl,en,,\n"
)


def run_import(org, text: str):
    plan = plan_import(org, read_for_organisation(org, text.encode(), "people.csv"))
    return plan, (apply_import(org, plan) if plan.ok else None)


def test_it_adds_people_with_managers_and_symmetric_exclusions(org):
    plan, outcome = run_import(org, FILE)
    assert [r.email for r in plan.added] == ["boss@x.nl", "anna@x.nl", "bram@x.nl"]
    assert outcome.added == 3
    people = {p.email: p for p in Person.objects.in_organisation(org)}
    anna, bram, boss = people["anna@x.nl"], people["bram@x.nl"], people["boss@x.nl"]
    assert anna.manager == boss and bram.manager == boss and boss.manager is None
    assert anna.role == Role.PARTICIPANT
    assert anna.languages == ["nl"]
    assert anna.skills_offered == ["presenting", "Excel"]
    assert anna.time_zone == ""  # the organisation's
    assert list(anna.excluded.all()) == [bram]
    assert list(bram.excluded.all()) == [anna]


def test_it_updates_people_matched_by_email_and_reports_which_fields(org):
    run_import(org, FILE)
    corrected = FILE.replace("Anna,Sales", "Anna Jansen,Marketing").replace(
        "bram@x.nl,Bram", "BRAM@X.NL,Bram"
    ) + ("cas@x.nl,Cas,Sales,anna@x.nl,nl,,\n")
    plan, outcome = run_import(org, corrected)
    assert [r.email for r in plan.added] == ["cas@x.nl"]
    assert [(c.record.email, c.fields) for c in plan.changed] == [
        ("anna@x.nl", ("name", "department"))
    ]
    assert plan.unchanged == 2
    assert (outcome.added, outcome.changed) == (1, 1)
    anna = Person.objects.get(organisation=org, email="anna@x.nl")
    assert (anna.name, anna.department) == ("Anna Jansen", "Marketing")
    assert Person.objects.get(email="cas@x.nl").manager == anna
    assert Person.objects.in_organisation(org).count() == 4


def test_it_only_changes_the_columns_the_file_has(org):
    run_import(org, FILE)
    plan, _ = run_import(org, "email,name\nanna@x.nl,Anna\n")
    assert plan.changed == () and plan.unchanged == 1
    anna = Person.objects.get(email="anna@x.nl")
    assert anna.department == "Sales" and anna.manager.email == "boss@x.nl"


def test_it_links_to_managers_already_in_the_organisation(org):
    boss = factories.make_person(org, "Existing Boss", email="big.boss@x.nl", role=Role.ADMIN)
    plan, _ = run_import(org, "email,name,manager_email\nnew@x.nl,New,Big.Boss@x.nl\n")
    assert plan.ok
    assert Person.objects.get(email="new@x.nl").manager == boss
    assert Person.objects.get(pk=boss.pk).role == Role.ADMIN


def test_it_matches_people_of_its_own_organisation_only(org):
    other = factories.make_organisation("Other")
    factories.make_person(other, "Anna Elsewhere", email="anna@x.nl")
    plan, _ = run_import(org, FILE)
    assert len(plan.added) == 3
    assert Person.objects.get(organisation=other).name == "Anna Elsewhere"
    # A manager known only to another organisation is unknown here.
    plan, _ = run_import(
        factories.make_organisation("Third"), "email,name,manager_email\nz@x.nl,Z,anna@x.nl\n"
    )
    assert [p.code for p in plan.problems] == ["manager_unknown"]


def test_it_stores_nothing_from_a_file_with_any_problem(org):
    run_import(org, FILE)
    before = list(Person.objects.order_by("pk").values())
    broken = FILE.replace("Anna,Sales", "Anna Jansen,Marketing") + "new@x.nl,New,Sales,,xx,,\n"
    plan, outcome = run_import(org, broken)
    assert outcome is None
    assert [p.code for p in plan.problems] == ["language_unknown"]
    assert list(Person.objects.order_by("pk").values()) == before
    with pytest.raises(ValueError):
        apply_import(org, plan)
    assert list(Person.objects.order_by("pk").values()) == before


def test_it_catches_a_loop_made_with_people_already_stored(org):
    run_import(org, FILE)
    plan, outcome = run_import(org, "email,name,manager_email\nboss@x.nl,Bea Boss,anna@x.nl\n")
    assert outcome is None
    assert [p.code for p in plan.problems] == ["reporting_loop"]


def test_it_adds_exclusions_but_never_lifts_them(org):
    run_import(org, FILE)
    plan, _ = run_import(org, FILE.replace("bram@x.nl\n", "\n", 1))
    assert plan.changed == ()
    assert Person.objects.get(email="anna@x.nl").excluded.get().email == "bram@x.nl"
    plan, _ = run_import(org, FILE.replace("boss@x.nl,en,,", "boss@x.nl,en,,boss@x.nl"))
    assert [(c.record.email, c.fields) for c in plan.changed] == [
        ("boss@x.nl", ("exclude",)),
        ("bram@x.nl", ("exclude",)),
    ]
    assert Person.objects.get(email="boss@x.nl").excluded.get().email == "bram@x.nl"


def test_it_imports_many_people_with_a_bounded_number_of_queries(org):
    rows = ["email,name,department,manager_email,exclude"]
    for i in range(1200):
        manager = f"p{i // 10}@x.nl" if i else ""
        exclude = f"p{i - 1}@x.nl" if i % 7 == 3 else ""
        rows.append(f"p{i}@x.nl,P {i},D{i % 9},{manager},{exclude}")
    text = "\n".join(rows)
    with CaptureQueriesContext(connection) as queries:
        plan, outcome = run_import(org, text)
    assert outcome.added == 1200
    assert len(queries) < 40
    assert Person.objects.get(email="p55@x.nl").manager.email == "p5@x.nl"

    changed = text.replace(",D", ",E")
    with CaptureQueriesContext(connection) as queries:
        plan, outcome = run_import(org, changed)
    assert outcome.changed == 1200
    assert len(queries) < 40
    assert not Person.objects.filter(organisation=org, department__startswith="D").exists()


def test_the_command_imports_and_dry_runs(org, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_text(FILE)
    call_command("import_participants", org.slug, str(path), "--dry-run", "--lang", "en")
    assert "3 to add, 0 to change" in capsys.readouterr().out
    assert not Person.objects.in_organisation(org).exists()
    call_command("import_participants", org.slug, str(path), "--lang", "en")
    assert "3 added" in capsys.readouterr().out
    assert Person.objects.in_organisation(org).count() == 3


def test_the_command_prints_problems_and_fails(org, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_text("email,name,manager_email\na@x.nl,A,nobody@x.nl\n")
    with pytest.raises(CommandError):
        call_command("import_participants", org.slug, str(path), "--lang", "nl")
    err = capsys.readouterr().err
    assert "rij 2, kolom manager_email:" in err
    assert not Person.objects.in_organisation(org).exists()
