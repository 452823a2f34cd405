"""Import a checked participant file into an organisation: plan (what changes), then apply.

People are matched by email, case-insensitively, within the organisation. An import only changes
the fields the file has a column for, so a file without `department` leaves departments alone.
Exclusions are only ever added: an `exclude` pair protects someone, and an HR export that forgets
it must not silently lift it (removing one is a deliberate edit on the person).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from peercoach.organisations.models import Organisation, Person, Role
from peercoach.participants.models import ImportUpload
from peercoach.participants.reader import FIELDS, ParticipantRecord, ReadResult, read_participants

BATCH_SIZE = 500
# bulk_update writes one CASE per field with a branch per row; the database walks the branches
# for every row, so smaller batches are much faster than large ones.
UPDATE_BATCH_SIZE = 100

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


def apply_import(organisation: Organisation, plan: ImportPlan) -> ImportOutcome:
    """Store the plan, all of it or nothing. Refuses a plan with problems."""
    if not plan.ok:
        raise ValueError("A participant file with problems cannot be imported.")
    with transaction.atomic():
        id_of = {
            email.lower(): pk
            for email, pk in Person.objects.in_organisation(organisation).values_list("email", "id")
        }
        # Managers first, layer by layer, so everyone is inserted with their manager already set
        # (a bulk update afterwards costs far more than a few extra inserts).
        for layer in _layers_by_manager(plan.added):
            created = Person.objects.bulk_create(
                [
                    _new_person(organisation, record, id_of.get(record.manager_email))
                    for record in layer
                ],
                batch_size=BATCH_SIZE,
            )
            if any(person.pk is None for person in created):  # a database that returns no ids
                created = Person.objects.in_organisation(organisation).filter(
                    email__in=[record.email for record in layer]
                )
            id_of.update((person.email, person.pk) for person in created)

        changes = {change.person_id: change for change in plan.changed}
        people = Person.objects.in_bulk(list(changes)) if changes else {}
        updated_fields: set[str] = set()
        for pk, change in changes.items():
            person = people[pk]
            for name in change.fields:
                if name in _PLAIN_FIELDS:
                    setattr(person, _PLAIN_FIELDS[name], _value(change.record, name))
                    updated_fields.add(_PLAIN_FIELDS[name])
                elif name == "time_zone":
                    person.time_zone = _stored_time_zone(organisation, change.record)
                    updated_fields.add("time_zone")
                elif name == "manager_email":
                    person.manager_id = id_of.get(change.record.manager_email)
                    updated_fields.add("manager")
        if updated_fields:
            Person.objects.bulk_update(
                people.values(), sorted(updated_fields), batch_size=UPDATE_BATCH_SIZE
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
    return ImportOutcome(added=len(plan.added), changed=len(plan.changed))


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
    organisation: Organisation, record: ParticipantRecord, manager_id: int | None
) -> Person:
    return Person(
        organisation=organisation,
        manager_id=manager_id,
        role=Role.PARTICIPANT,
        email=record.email,
        name=record.name,
        department=record.department,
        job_title=record.job_title,
        languages=list(record.languages),
        time_zone=_stored_time_zone(organisation, record),
        skills_offered=list(record.skills_offered),
        skills_wanted=list(record.skills_wanted),
        experience_years=record.experience_years,
        role_preference=record.role_preference,
    )


# --- Uploads waiting between preview and confirm (web UI) ----------------------------------------


def start_upload(person: Person, filename: str, data: bytes) -> ImportUpload:
    """Keep a file for preview; replaces the person's earlier unconfirmed one."""
    with transaction.atomic():
        ImportUpload.objects.stale().delete()
        ImportUpload.objects.pending().filter(uploaded_by=person).delete()
        return ImportUpload.objects.create(
            organisation_id=person.organisation_id,
            uploaded_by=person,
            filename=filename[:255],
            data=data,
        )


def pending_upload_for(person: Person) -> ImportUpload | None:
    return (
        ImportUpload.objects.pending()
        .filter(uploaded_by=person, organisation_id=person.organisation_id)
        .select_related("organisation")
        .order_by("-pk")
        .first()
    )


def plan_upload(upload: ImportUpload) -> ImportPlan:
    result = read_for_organisation(upload.organisation, bytes(upload.data), upload.filename)
    return plan_import(upload.organisation, result)


def confirm_upload(upload: ImportUpload) -> tuple[ImportPlan, ImportOutcome | None]:
    """Re-read the stored file against the organisation as it is now, and import it if clean."""
    with transaction.atomic():
        plan = plan_upload(upload)
        if not plan.ok:
            return plan, None
        outcome = apply_import(upload.organisation, plan)
        upload.status = ImportUpload.Status.DONE
        upload.data = b""  # personal data is not kept once imported
        upload.added_count = outcome.added
        upload.changed_count = outcome.changed
        upload.save(update_fields=["status", "data", "added_count", "changed_count"])
    return plan, outcome
