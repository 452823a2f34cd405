"""Small factories for tests: plain functions with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from peercoach.assessments.actions import questionnaire_of
from peercoach.coaching.models import ActionItem, CoachingSession, Entry, Section
from peercoach.notifications.actions import sync_session_calendar
from peercoach.organisations.models import Organisation, Person, Role
from peercoach.programs.models import Enrolment, Format, Group, GroupMember, MemberRole, Program

PASSWORD = "test-password-1"
_counter = itertools.count(1)


def make_organisation(name: str = "Acme", **fields) -> Organisation:
    number = next(_counter)
    fields.setdefault("slug", f"org-{number}")
    return Organisation.objects.create(name=name, **fields)


def make_person(
    organisation: Organisation,
    name: str | None = None,
    *,
    role: str = Role.PARTICIPANT,
    with_user: bool = True,
    **fields,
) -> Person:
    number = next(_counter)
    name = name or f"Person {number}"
    email = fields.pop("email", None) or f"{name.lower().replace(' ', '.')}.{number}@example.com"
    user = None
    if with_user:
        user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
    fields.setdefault("languages", ["nl", "en"])
    return Person.objects.create(
        organisation=organisation, user=user, email=email, name=name, role=role, **fields
    )


def make_program(organisation: Organisation, *, leads=(), **fields) -> Program:
    fields.setdefault("name", f"Program {next(_counter)}")
    fields.setdefault("format", Format.PAIRS)
    fields.setdefault("group_size", 2 if fields["format"] == Format.PAIRS else 5)
    fields.setdefault("starts_on", date.today() - timedelta(days=30))
    fields.setdefault("ends_on", date.today() + timedelta(days=120))
    program = Program.objects.create(organisation=organisation, **fields)
    program.leads.add(*leads)
    questionnaire_of(program)  # as `running.actions.do_create_program` does
    return program


def make_group(program: Program, members, name: str | None = None) -> Group:
    group = Group.objects.create(program=program, name=name or f"Group {next(_counter)}")
    for member in members:
        Enrolment.objects.get_or_create(program=program, person=member)
        GroupMember.objects.create(group=group, person=member, role=MemberRole.MEMBER)
    return group


def make_session(group: Group, *, days_from_now: int = 1, **fields) -> CoachingSession:
    fields.setdefault("starts_at", timezone.now() + timedelta(days=days_from_now))
    session = CoachingSession.objects.create(group=group, **fields)
    sync_session_calendar(session)  # as coaching.actions.do_schedule_series does
    return session


def make_entry(session: CoachingSession, author: Person, text: str, section=Section.NOTE) -> Entry:
    return Entry.objects.create(session=session, author=author, section=section, text=text)


def make_action_item(session: CoachingSession, owner: Person, text: str, **fields) -> ActionItem:
    return ActionItem.objects.create(
        session=session, owner=owner, created_by=owner, text=text, **fields
    )
