"""The people and objects of the authorization test, around the shared cast (tests/cast.py).

Organisation A runs a pairs program led by `lead`. `member` and `fellow` form the pair whose
session holds sentinel content in every field members can write. `other_member` is in another
group of the same program, `manager` is the member's manager, `admin` administers A.
`outsider` is the admin of organisation B, who also added the member's address (a membership
the member has not accepted, so it gives B nothing). `escalating_lead` leads nothing and has
tried to make themselves admin. `former_member` was in the member's pair and was deactivated
while signed in; `superuser` is a staff account with no membership at all. `anonymous` is not
signed in.

`newcomer` joins the member's group after all of it was written (tests/authorization/newcomer.py):
a member, but one who may read nothing written before the join.

Apps that add content extend the world with a module `tests/authorization/world_<app>.py`
defining `extend(world: World) -> dict[str, int]`: it creates its sentinel content for
`world.member` (inside `world.session`/`world.group` where that applies) and returns the values
of the URL kwargs its views take (e.g. {"goal_pk": goal.pk}). It may also define
`CONTENT_MODELS`, a list of models whose rows the "nothing written" checks snapshot.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.test import Client

from peercoach.coaching.models import ActionItem, Entry, Section
from peercoach.organisations.accounts import set_password_path
from peercoach.organisations.actions import email_change_token
from peercoach.organisations.models import Person, Role
from peercoach.programs.models import Round
from tests import factories
from tests.cast import build_cast

SENTINEL = "SENTINEL-c0nf1dential-7f3a"

ROLES = [
    "member",
    "fellow",
    "other_member",
    "lead",
    "admin",
    "manager",
    "outsider",
    "escalating_lead",
    "former_member",
    "superuser",
    "anonymous",
    "newcomer",
]
CONTENT_ROLES = {"member", "fellow"}
# Signed in without an active membership: a clear page, never a 500 and never content.
NO_MEMBERSHIP_ROLES = {"former_member", "superuser"}
# Members who joined after the content was written: they may write, but read nothing older.
JOINER_ROLES = {"newcomer"}

BASE_CONTENT_MODELS = [Entry, ActionItem]


@dataclass
class World:
    people: dict = field(default_factory=dict)
    kwargs: dict[str, int] = field(default_factory=dict)
    content_models: list = field(default_factory=lambda: list(BASE_CONTENT_MODELS))

    def __getattr__(self, name):
        if name.startswith("__") or name == "people":  # copy/pickle probe before __init__ ran
            raise AttributeError(name)
        try:
            return self.people[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    world = World()
    cast = build_cast()
    org, other_org = cast.organisation, cast.other_organisation
    admin, lead, manager, outsider = cast.admin, cast.lead, cast.manager, cast.outsider
    member, fellow, former_member = cast.member, cast.fellow, cast.former_member
    other_member, other_partner = cast.other_member, cast.other_partner
    program, group, other_group = cast.program, cast.group, cast.other_group
    factories.make_person(other_org, "Mia Copy", email=member.email, with_user=False)
    escalating_lead = factories.make_person(org, "Eli Escalate", role=Role.LEAD)
    superuser = get_user_model().objects.create_superuser(
        "root@example.com", "root@example.com", factories.PASSWORD
    )

    past = factories.make_session(group, days_from_now=-7)
    session = factories.make_session(group, days_from_now=3)
    for target in (past, session):
        for section in Section.values:
            factories.make_entry(target, member, f"{SENTINEL} {section}", section=section)
        factories.make_action_item(target, member, f"{SENTINEL} action")
    item = session.action_items.get()
    factories.make_session(other_group, days_from_now=2)
    draft = Round.objects.create(program=program, number=1)
    draft_group = factories.make_group(program, [member, other_partner], name="Draft pair")
    draft_group.round = draft
    draft_group.save()

    world.people.update(
        member=member,
        fellow=fellow,
        other_member=other_member,
        lead=lead,
        admin=admin,
        manager=manager,
        outsider=outsider,
        escalating_lead=escalating_lead,
        former_member=former_member,
        superuser=superuser,
        anonymous=None,
        org=org,
        program=program,
        group=group,
        session=session,
        item=item,
    )
    world.kwargs.update(
        program_pk=program.pk,
        group_pk=group.pk,
        session_pk=session.pk,
        item_pk=item.pk,
        round_pk=draft.pk,
        person_pk=member.pk,
        # A live link to choose a password: it must open nothing beyond that form.
        uidb64=set_password_path(member.user).split("/")[-3],
        token=set_password_path(member.user).split("/")[-2],
        # A live link for the member to confirm a new address: nobody else's to open.
        email_token=email_change_token(member, "mia.new@example.com"),
    )
    for module in extension_modules():
        world.kwargs.update(module.extend(world))
        world.content_models.extend(getattr(module, "CONTENT_MODELS", []))
    from tests.authorization.newcomer import add_newcomer

    add_newcomer(world)
    return world


def client_for(world: World, role: str) -> Client:
    """A client signed in as `role` (a person's account, or the superuser's)."""
    client = Client()
    signed_in = world.people[role]
    if signed_in is not None:
        client.force_login(signed_in if role == "superuser" else signed_in.user)
    return client


RANK = {Role.PARTICIPANT: 0, Role.LEAD: 1, Role.ADMIN: 2}


def accounts_and_roles() -> dict[int, tuple[int | None, str]]:
    return {pk: (user, role) for pk, user, role in Person.objects.values_list("pk", "user", "role")}


def assert_nobody_gained(before: dict, *, proven: dict[int, int] | None = None) -> None:
    """The property every scenario keeps: no membership changed account or rose in role, and a
    membership got an account only where that account proved its address.

    `proven` maps person pk to the account that proved the person's address in the scenario.
    """
    proven = proven or {}
    for pk, (user_id, role) in accounts_and_roles().items():
        old_user, old_role = before.get(pk, (None, Role.PARTICIPANT))
        if old_user is not None:
            assert user_id == old_user, f"the account of person {pk} changed owner"
        elif user_id is not None:
            assert proven.get(pk) == user_id, f"person {pk} got an account nobody proved"
        if pk in before:
            assert RANK[role] <= RANK[old_role], f"person {pk} rose from {old_role} to {role}"


def extension_modules() -> list:
    import tests.authorization as package

    return [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
        if info.name.startswith("world_")
    ]
