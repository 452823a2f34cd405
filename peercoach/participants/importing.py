"""Import a checked participant file into an organisation: plan (what changes), then apply.

People are matched by email, case-insensitively, within the organisation. An import only changes
the fields the file has a column for, so a file without `department` leaves departments alone.
Exclusions are only ever added: an `exclude` pair protects someone, and an HR export that forgets
it must not silently lift it (removing one is a deliberate edit on the person).

All or nothing, in a short transaction. The changed people's new values are first written to a
staging table (`StagedChange`); one transaction then inserts the new people and applies the
staged values with one UPDATE per field. A large import (`IMPORT_BACKGROUND_FROM` rows on) runs
in the task worker: it reads, plans and stages in many short transactions (SQLite has one writer
at a time, so other people's saves wait only for one batch), and only the final apply changes
people, all of it or nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Subquery

from peercoach.organisations.models import Organisation, Person, Role
from peercoach.participants.models import StagedChange
from peercoach.participants.reader import FIELDS, ParticipantRecord, ReadResult, read_participants

BATCH_SIZE = 500
# Staged rows written per transaction by a background import (and per progress step).
STAGE_BATCH_SIZE = 1_000

# File column -> Person field, for the plain fields copied as they are.
_PLAIN_FIELDS = {
    "name": "name",
    "department": "department",
    "job_title": "job_title",
    "languages": "languages",
    "skills_offered": "skills_offered",
    "skills_wanted": "skills_wanted",
    "experience_years": "experience_years",
    "role_preference": "role_preference",
}


@dataclass(frozen=True)
class PersonChange:
    record: ParticipantRecord
    person_id: int
    fields: tuple[str, ...]  # column names, in file-format order


@dataclass(frozen=True)
class ImportPlan:
    added: tuple[ParticipantRecord, ...]
    changed: tuple[PersonChange, ...]
    unchanged: int
    new_exclusions: tuple[tuple[str, str], ...]
    read: ReadResult

    @property
    def problems(self):
        return self.read.problems

    @property
    def ignored_columns(self) -> tuple[str, ...]:
        return self.read.ignored_columns

    @property
    def ok(self) -> bool:
        return self.read.ok

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.new_exclusions)


@dataclass(frozen=True)
class ImportOutcome:
    added: int
    changed: int


def read_for_organisation(organisation: Organisation, data: bytes, filename: str) -> ReadResult:
    """Read a file with the organisation's defaults, checked against the people it already has."""
    known = dict(
        Person.objects.in_organisation(organisation).values_list("email", "manager__email")
    )
    return read_participants(
        data,
        filename,
        default_language=organisation.default_language,
        default_time_zone=organisation.time_zone,
        known_emails={email.lower(): (manager or "") for email, manager in known.items()},
    )


def plan_import(organisation: Organisation, read_result: ReadResult) -> ImportPlan:
    """Who would be added and who changed (and which fields); nothing is written."""
    existing = {
        row["email"].lower(): row
        for row in Person.objects.in_organisation(organisation).values(
            "id", "email", "manager__email", "time_zone", *_PLAIN_FIELDS.values()
        )
    }
    columns = set(read_result.columns)
    new_pairs = _new_exclusions(organisation, read_result, existing)
    excluded_anew = {email for pair in new_pairs for email in pair}

    added: list[ParticipantRecord] = []
    changed: list[PersonChange] = []
    unchanged = 0
    seen: set[str] = set()
    for record in read_result.records:
        if not record.email or record.email in seen:
            continue
        seen.add(record.email)
        current = existing.get(record.email)
        if current is None:
            added.append(record)
            continue
        fields = [
            name
            for name in FIELDS
            if name in columns
            and _differs(name, record, current, organisation, record.email in excluded_anew)
        ]
        if fields:
            changed.append(PersonChange(record, current["id"], tuple(fields)))
        else:
            unchanged += 1
    return ImportPlan(
        added=tuple(added),
        changed=tuple(changed),
        unchanged=unchanged,
        new_exclusions=tuple(sorted(new_pairs)),
        read=read_result,
    )


def _differs(
    name: str, record: ParticipantRecord, current: dict, organisation: Organisation, excluded: bool
) -> bool:
    if name == "email":
        return False
    if name == "manager_email":
        return (current["manager__email"] or "").lower() != record.manager_email
    if name == "time_zone":
        return (current["time_zone"] or organisation.time_zone) != record.time_zone
    if name == "exclude":
        return excluded
    if name in ("skills_offered", "skills_wanted"):
        old = [str(skill).lower() for skill in current[name] or []]
        return old != [skill.lower() for skill in getattr(record, name)]
    if name == "languages":
        return list(current["languages"] or []) != list(record.languages)
    return current[_PLAIN_FIELDS[name]] != getattr(record, name)


def _new_exclusions(
    organisation: Organisation, read_result: ReadResult, existing: dict[str, dict]
) -> set[tuple[str, str]]:
    if "exclude" not in read_result.columns:
        return set()
    named = {
        tuple(sorted((record.email, other)))
        for record in read_result.records
        if record.email
        for other in record.exclude
    }
    if not named:
        return set()
    email_of = {row["id"]: email for email, row in existing.items()}
    through = Person.excluded.through
    stored = {
        tuple(sorted((email_of[a], email_of[b])))
        for a, b in through.objects.filter(from_person__organisation=organisation).values_list(
            "from_person_id", "to_person_id"
        )
        if a in email_of and b in email_of
    }
    return named - stored


def apply_import(
    organisation: Organisation, plan: ImportPlan, *, staged: uuid.UUID | None = None
) -> ImportOutcome:
    """Store the plan, all of it or nothing. Refuses a plan with problems.

    `staged` is the batch `stage_changes` already wrote the plan's changes to; without it they
    are staged here, inside the same transaction.
    """
    if not plan.ok:
        raise ValueError("A participant file with problems cannot be imported.")
    with transaction.atomic():
        id_of = {
            email.lower(): pk
            for email, pk in Person.objects.in_organisation(organisation).values_list("email", "id")
        }
        if staged is None:
            staged = stage_changes(organisation, plan, id_of=id_of)
        # Managers first, layer by layer, so everyone is inserted with their manager already set
        # (a bulk update afterwards costs far more than a few extra inserts).
        for layer in _layers_by_manager(plan.added):
            created = Person.objects.bulk_create(
                [
                    _new_person(organisation, record, id_of.get(record.manager_email), staged)
                    for record in layer
                ],
                batch_size=BATCH_SIZE,
            )
            if any(person.pk is None for person in created):  # a database that returns no ids
                created = Person.objects.in_organisation(organisation).filter(
                    email__in=[record.email for record in layer]
                )
            id_of.update((person.email, person.pk) for person in created)

        if plan.changed:
            _apply_staged(staged, {name for change in plan.changed for name in change.fields})
        # A changed person whose new manager is new in this file: their id is known only now.
        added = {record.email for record in plan.added}
        by_manager: dict[int, list[int]] = {}
        for change in plan.changed:
            manager = change.record.manager_email
            if "manager_email" in change.fields and manager in added:
                by_manager.setdefault(id_of[manager], []).append(change.person_id)
        for manager_id, person_ids in by_manager.items():
            for start in range(0, len(person_ids), BATCH_SIZE):
                Person.objects.filter(pk__in=person_ids[start : start + BATCH_SIZE]).update(
                    manager_id=manager_id
                )

        through = Person.excluded.through
        through.objects.bulk_create(
            [
                through(from_person_id=id_of[a], to_person_id=id_of[b])
                for pair in plan.new_exclusions
                for a, b in (pair, pair[::-1])
            ],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )
        if plan.changed:
            StagedChange.objects.filter(batch=staged).delete()
        from peercoach.audit.log import Action, record

        record(
            Action.IMPORT_APPLIED,
            organisation=organisation,
            detail=f"{len(plan.added)} added, {len(plan.changed)} changed",
        )
    return ImportOutcome(added=len(plan.added), changed=len(plan.changed))


# Person fields an import changes, as StagedChange stores them (`manager` as `manager_id`).
_STAGED_FIELDS = (*_PLAIN_FIELDS.values(), "time_zone", "manager")


def stage_changes(
    organisation: Organisation,
    plan: ImportPlan,
    *,
    id_of: dict[str, int] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> uuid.UUID:
    """Write the new values of everyone the plan changes to the staging table; its batch key.

    Each batch of `STAGE_BATCH_SIZE` rows is its own transaction (inside a caller's transaction,
    a savepoint), so a background import never holds the database for long.
    """
    if id_of is None:
        id_of = {
            email.lower(): pk
            for email, pk in Person.objects.in_organisation(organisation).values_list("email", "id")
        }
    batch = uuid.uuid4()
    changes = plan.changed
    for start in range(0, len(changes), STAGE_BATCH_SIZE):
        rows = [
            _staged(batch, organisation, change, id_of)
            for change in changes[start : start + STAGE_BATCH_SIZE]
        ]
        with transaction.atomic():
            StagedChange.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        if on_progress is not None:
            on_progress(start + len(rows))
    return batch


def _staged(
    batch: uuid.UUID, organisation: Organisation, change: PersonChange, id_of: dict[str, int]
) -> StagedChange:
    record = change.record
    fields = []
    for name in change.fields:
        if name in _PLAIN_FIELDS:
            fields.append(_PLAIN_FIELDS[name])
        elif name == "time_zone":
            fields.append("time_zone")
        elif name == "manager_email" and (
            not record.manager_email or record.manager_email in id_of
        ):
            fields.append("manager")  # a manager new in this file is set after the inserts
    return StagedChange(
        batch=batch,
        person_id=change.person_id,
        fields="," + ",".join(fields) + ",",
        **_record_fields(organisation, record),
        manager_id=id_of.get(record.manager_email),
    )


def _record_fields(organisation: Organisation, record: ParticipantRecord) -> dict:
    """A file row's values as a person stores them (new people and staged changes alike)."""
    return {
        "name": record.name,
        "department": record.department,
        "job_title": record.job_title,
        "languages": list(record.languages),
        "time_zone": _stored_time_zone(organisation, record),
        "skills_offered": list(record.skills_offered),
        "skills_wanted": list(record.skills_wanted),
        "experience_years": record.experience_years,
        "role_preference": record.role_preference,
    }


def _apply_staged(batch: uuid.UUID, columns: set[str]) -> None:
    """One UPDATE per field, for the people whose staged change includes that field.

    `columns` are the file columns some change includes; fields none changes are not visited.
    """
    fields = {_PLAIN_FIELDS.get(column, column) for column in columns}
    fields = {"manager" if name == "manager_email" else name for name in fields}
    staged = StagedChange.objects.filter(batch=batch)
    for name in (name for name in _STAGED_FIELDS if name in fields):
        column = "manager_id" if name == "manager" else name
        value = staged.filter(person_id=OuterRef("pk")).values(column)[:1]
        targets = staged.filter(fields__contains=f",{name},").values("person_id")
        Person.objects.filter(pk__in=targets).update(**{column: Subquery(value)})


def _value(record: ParticipantRecord, name: str):
    value = getattr(record, name)
    return list(value) if isinstance(value, tuple) else value


def _stored_time_zone(organisation: Organisation, record: ParticipantRecord) -> str:
    # Blank means "the organisation's", so people follow if the organisation moves.
    return "" if record.time_zone == organisation.time_zone else record.time_zone


def _layers_by_manager(records: tuple[ParticipantRecord, ...]) -> list[list[ParticipantRecord]]:
    """New people grouped so that each one's manager is stored before them (no loops: checked)."""
    new = {record.email: record for record in records}
    depth: dict[str, int] = {}
    for record in records:
        chain = []
        email = record.email
        while email in new and email not in depth:
            chain.append(email)
            email = new[email].manager_email
        level = depth.get(email, -1) if email in new else -1
        for link in reversed(chain):
            level += 1
            depth[link] = level
    layers: list[list[ParticipantRecord]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for record in records:
        layers[depth[record.email]].append(record)
    return layers


def _new_person(
    organisation: Organisation, record: ParticipantRecord, manager_id: int | None, batch: uuid.UUID
) -> Person:
    return Person(
        organisation=organisation,
        added_by_import=batch,
        manager_id=manager_id,
        role=Role.PARTICIPANT,
        email=record.email,
        **_record_fields(organisation, record),
    )
