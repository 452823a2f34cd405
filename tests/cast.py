"""One cast of named people for the tests, built by `tests/factories.py`.

Organisation A ("Org A") runs a pairs program led by `lead`; `admin` administers A. `member` and
`fellow` form the pair `group`; `other_member` and `other_partner` form `other_group` in the same
program. `manager` is the member's manager. `outsider` is the admin of organisation B ("Org B").
`former_member` was in the member's pair and is deactivated.

The cast is frozen: a test adds what it needs around it (sessions, content, rounds) but does not
swap people in or out, so every module speaks of the same people by the same names.
"""

from __future__ import annotations

from dataclasses import dataclass

from peercoach.organisations.models import Organisation, Person, Role
from peercoach.programs.models import Group, GroupMember, Program
from tests import factories


@dataclass(frozen=True)
class Cast:
    organisation: Organisation
    other_organisation: Organisation
    admin: Person
    lead: Person
    manager: Person
    member: Person
    fellow: Person
    other_member: Person
    other_partner: Person
    outsider: Person
    former_member: Person
    program: Program
    group: Group
    other_group: Group


def build_cast(*, language: str = "en") -> Cast:
    org = factories.make_organisation("Org A", default_language=language)
    other_org = factories.make_organisation("Org B", default_language=language)
    admin = factories.make_person(org, "Ada Admin", role=Role.ADMIN)
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    manager = factories.make_person(org, "Max Manager")
    member = factories.make_person(org, "Mia Member", manager=manager)
    fellow = factories.make_person(org, "Finn Fellow")
    other_member = factories.make_person(org, "Olga Other")
    other_partner = factories.make_person(org, "Otto Partner")
    outsider = factories.make_person(other_org, "Oscar Outsider", role=Role.ADMIN)
    former_member = factories.make_person(org, "Fred Former")
    program = factories.make_program(org, leads=[lead])
    group = factories.make_group(program, [member, fellow], name="Pair M")
    other_group = factories.make_group(program, [other_member, other_partner], name="Pair O")
    GroupMember.objects.create(group=group, person=former_member)
    former_member.is_active = False
    former_member.save()
    return Cast(
        organisation=org,
        other_organisation=other_org,
        admin=admin,
        lead=lead,
        manager=manager,
        member=member,
        fellow=fellow,
        other_member=other_member,
        other_partner=other_partner,
        outsider=outsider,
        former_member=former_member,
        program=program,
        group=group,
        other_group=other_group,
    )


def speaking(person: Person, language: str) -> Person:
    """`person`, who reads pages and emails in `language` from now on (saved)."""
    person.preferred_language = language
    person.save()
    return person
