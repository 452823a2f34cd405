"""A cast for the health tests: a groups program of three led by `lead`, with an admin, the
member's manager, another group and an outsider of another organisation."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client
from django.urls import reverse

from peercoach.coaching.models import SessionStatus
from peercoach.organisations.models import Role
from peercoach.programs.models import Format, ProgramStatus
from tests import factories

SCORES = {"forward": 1, "freely": 5, "listened": 2}


@dataclass
class Cast:
    org: object
    program: object
    group: object
    other_group: object
    session: object
    member: object
    fellow: object
    third: object
    other: object
    lead: object
    admin: object
    manager: object
    outsider: object


def make_cast(org, *, size: int = 3) -> Cast:
    lead = factories.make_person(org, "Lena Lead", role=Role.LEAD)
    admin = factories.make_person(org, "Adam Admin", role=Role.ADMIN)
    manager = factories.make_person(org, "Maja Manager")
    member = factories.make_person(org, "Mila Member", manager=manager)
    fellow = factories.make_person(org, "Floor Fellow")
    third = factories.make_person(org, "Tom Third")
    other = factories.make_person(org, "Otis Other")
    other2 = factories.make_person(org, "Olly Other")
    other3 = factories.make_person(org, "Oona Other")
    outsider_org = factories.make_organisation("Elsewhere", default_language="en")
    outsider = factories.make_person(outsider_org, "Oscar Outsider", role=Role.ADMIN)
    fmt = Format.PAIRS if size == 2 else Format.GROUPS
    program = factories.make_program(
        org,
        leads=[lead],
        format=fmt,
        group_size=size if size > 2 else 3,
        status=ProgramStatus.RUNNING,
    )
    group = factories.make_group(program, [member, fellow, third][:size], name="Group 7")
    other_group = factories.make_group(program, [other, other2, other3][:size], name="Group 8")
    session = factories.make_session(group, days_from_now=-1, status=SessionStatus.HELD)
    return Cast(
        org,
        program,
        group,
        other_group,
        session,
        member,
        fellow,
        third,
        other,
        lead,
        admin,
        manager,
        outsider,
    )


def client(person) -> Client:
    c = Client()
    c.force_login(person.user)
    return c


def answer_pulse(person, session, note: str = "", **scores) -> None:
    data = {**SCORES, **scores, "note": note}
    response = client(person).post(reverse("health:pulse", args=[session.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
