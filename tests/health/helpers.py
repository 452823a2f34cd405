"""The health tests' view of the shared cast (tests/cast.py): its program running, in groups of
three unless a test asks for pairs, with a session of the member's group held yesterday and
the former member out of the group."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client
from django.urls import reverse

from peercoach.coaching.models import CoachingSession, SessionStatus
from peercoach.organisations.models import Organisation, Person
from peercoach.programs.models import (
    Enrolment,
    Format,
    Group,
    GroupMember,
    MemberRole,
    Program,
    ProgramStatus,
)
from tests import factories
from tests.cast import Cast as SharedCast
from tests.cast import build_cast

SCORES = {"forward": 1, "freely": 5, "listened": 2}


@dataclass(frozen=True)
class Cast:
    """The shared cast under the health tests' names, with a held session of the member's group."""

    people: SharedCast
    org: Organisation
    program: Program
    group: Group
    other_group: Group
    session: CoachingSession
    member: Person
    fellow: Person
    third: Person | None
    other: Person
    lead: Person
    admin: Person
    manager: Person
    outsider: Person


def make_cast(*, size: int = 3) -> Cast:
    """The shared cast's program, running; with `size=3` it is a program of groups of three:
    `third` joins the member's group and one more person the other group."""
    people = build_cast()
    # Health counts who is in a group (present at a session, moved by a re-match) from its
    # memberships, and the cast's deactivated former member still holds one: here they left
    # the group as a withdrawal leaves it (`health.actions.do_withdraw`).
    GroupMember.objects.filter(person=people.former_member).delete()
    program = people.program
    program.status = ProgramStatus.RUNNING
    third = None
    if size > 2:
        program.format, program.group_size = Format.GROUPS, size
        third = factories.make_person(people.organisation, "Tom Third")
        more = factories.make_person(people.organisation, "Olly Other")
        for group, newcomers in ((people.group, [third]), (people.other_group, [more])):
            for person in newcomers:
                Enrolment.objects.create(program=program, person=person)
                GroupMember.objects.create(group=group, person=person, role=MemberRole.MEMBER)
    program.save()
    session = factories.make_session(people.group, days_from_now=-1, status=SessionStatus.HELD)
    return Cast(
        people=people,
        org=people.organisation,
        program=program,
        group=people.group,
        other_group=people.other_group,
        session=session,
        member=people.member,
        fellow=people.fellow,
        third=third,
        other=people.other_member,
        lead=people.lead,
        admin=people.admin,
        manager=people.manager,
        outsider=people.outsider,
    )


def client(person) -> Client:
    c = Client()
    c.force_login(person.user)
    return c


def answer_pulse(person, session, note: str = "", **scores) -> None:
    data = {**SCORES, **scores, "note": note}
    response = client(person).post(reverse("health:pulse", args=[session.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
