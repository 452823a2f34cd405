"""Attacks that chain several allowed steps, tried as an attacker would.

Every view on its own may be right (tests/authorization/test_every_view.py) and a workflow that
strings them together can still hand someone a colleague's account. Each scenario here plays one
such chain over HTTP, with the emails going over real SMTP and every link in the attacker's mail
followed. After each, `assert_nobody_gained` (tests/authorization/world.py) checks the property
the world keeps: no account changed owner, nobody got an account attached without proving the
address, no role rose.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from peercoach.coaching.models import Section
from peercoach.notifications import outbox
from peercoach.organisations.models import Person, Role
from peercoach.programs.models import ProgramStatus
from peercoach.running import actions
from tests import factories
from tests.authorization.world import accounts_and_roles, assert_nobody_gained
from tests.conftest import signed_in_client

SECRET = "SECRET-of-the-pair-41d2"
URL = re.compile(r"https?://[^\s\"<>]+")


def proven_by(*addresses: str) -> dict[int, int]:
    """Memberships with one of these addresses attached to the account of that very address:
    whoever used a link sent there proved it (the attacker, for an address of their own)."""
    return {
        person.pk: person.user_id
        for person in Person.objects.filter(email__in=addresses, user__username__in=addresses)
        if person.user.username == person.email
    }


def links_in(messages, to: str) -> list[str]:
    found = []
    for message in messages:
        if message["To"] != to:
            continue
        for url in URL.findall(message.get_body(("plain",)).get_content()):
            found.append("/" + url.split("://", 1)[1].split("/", 1)[1])
    return found


def follow_every_link(client: Client, links: list[str], password: str) -> None:
    """What an attacker does with their mail: open each link, choose a password where asked."""
    for link in links:
        page = client.get(link, follow=True)
        if "new_password1" in page.content.decode():
            client.post(
                page.redirect_chain[-1][0] if page.redirect_chain else link,
                {"new_password1": password, "new_password2": password},
            )


def person_form_data(person: Person, **changes) -> dict:
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
        "skills_offered": "",
        "skills_wanted": "",
        "experience_years": "",
        "role_preference": person.role_preference,
        "is_active": "on" if person.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not False}


def running_program(org, **fields):
    return factories.make_program(
        org,
        status=ProgramStatus.RUNNING,
        starts_on=date.today() - timedelta(days=1),
        **fields,
    )


@pytest.fixture
def org_a(cast):
    """Organisation A is the shared cast's; its Org B is the attackers' organisation."""
    return cast.organisation


@pytest.fixture
def victim_pair(cast):
    """The cast's pair in its running program: the victim (the cast's member) and Finn, with
    something confidential written."""
    vera, finn = cast.member, cast.fellow
    cast.program.status = ProgramStatus.RUNNING
    cast.program.save()
    session = factories.make_session(cast.group, days_from_now=2)
    factories.make_entry(session, finn, SECRET, section=Section.NOTE)
    return vera, session


def session_readable_by(client: Client, session) -> bool:
    page = client.get(reverse("coaching:session", kwargs={"session_pk": session.pk}))
    return page.status_code == 200 and SECRET in page.content.decode()


def add_person_over_http(client: Client, name: str, email: str) -> Person:
    response = client.post(
        reverse("people:add"),
        {"name": name, "email": email, "role": Role.PARTICIPANT, "role_preference": "both"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Person.objects.get(name=name, email=email)


def test_an_admin_of_another_organisation_cannot_take_over_a_colleagues_account(
    cast, victim_pair, smtp
):
    vera, session = victim_pair
    vera.user.set_unusable_password()  # invited, has not chosen a password yet
    vera.user.save()
    org_b, boris = cast.other_organisation, cast.outsider  # Org B and its admin
    before = accounts_and_roles()
    attacker = signed_in_client(boris)

    copy = add_person_over_http(attacker, "Vera Copy", vera.email)
    actions.do_enrol(running_program(org_b), [copy])
    outbox.deliver_all("test")
    attacker.post(
        reverse("people:edit", args=[copy.pk]),
        person_form_data(copy, email="mine@b.example"),
    )
    actions.do_enrol(running_program(org_b), [copy])
    outbox.deliver_all("test")

    stranger = Client()
    follow_every_link(stranger, links_in(smtp.messages, "mine@b.example"), "Stolen-pass-1")
    assert not session_readable_by(stranger, session)
    vera.user.refresh_from_db()
    assert not vera.user.has_usable_password()
    assert not get_user_model().objects.filter(pk=vera.user_id, people__organisation=org_b)
    assert_nobody_gained(before, proven=proven_by("mine@b.example"))


def test_an_account_pre_created_elsewhere_is_not_adopted_by_the_real_organisation(
    cast, org_a, smtp
):
    """Organisation B adds the address first; A adds the real person later."""
    org_b, boris = cast.other_organisation, cast.outsider  # Org B and its admin
    attacker = signed_in_client(boris)
    copy = add_person_over_http(attacker, "Nina Copy", "nina@a.example")
    actions.do_enrol(running_program(org_b), [copy])
    outbox.deliver_all("test")
    attacker.post(
        reverse("people:edit", args=[copy.pk]),
        person_form_data(copy, email="mine@b.example"),
    )
    actions.do_enrol(running_program(org_b), [copy])
    outbox.deliver_all("test")

    nina = factories.make_person(org_a, "Nina New", email="nina@a.example", with_user=False)
    finn = cast.fellow
    program = running_program(org_a)
    group = factories.make_group(program, [finn], name="Pair N")
    actions.do_enrol(program, [nina])
    group.memberships.create(person=nina)
    session = factories.make_session(group, days_from_now=2)
    factories.make_entry(session, finn, SECRET, section=Section.NOTE)
    before = accounts_and_roles()
    outbox.deliver_all("test")

    stranger = Client()
    follow_every_link(stranger, links_in(smtp.messages, "mine@b.example"), "Stolen-pass-1")
    assert not session_readable_by(stranger, session)
    nina.refresh_from_db()
    assert nina.user_id is None or not nina.user.has_usable_password()
    assert_nobody_gained(before, proven=proven_by("mine@b.example"))

    # Nina herself gets in through the link sent to her own address, into A only.
    real = Client()
    her_links = [link for link in links_in(smtp.messages, "nina@a.example") if "/password/" in link]
    follow_every_link(real, her_links[-1:], "Ninas-own-pass-2")
    nina.refresh_from_db()
    assert nina.user is not None and nina.user.check_password("Ninas-own-pass-2")
    assert session_readable_by(real, session)
    assert_nobody_gained(before, proven=proven_by("mine@b.example", "nina@a.example"))
    assert not nina.user.people.exclude(pk=nina.pk).exists()  # B's records are not hers


def test_a_lead_cannot_become_an_unactivated_colleague_and_the_colleague_recovers(
    cast, org_a, smtp
):
    lee, colin, finn = cast.lead, cast.member, cast.fellow
    colins_address = colin.email
    colin.user.set_unusable_password()  # invited once, never chose a password
    colin.user.save()
    group = factories.make_group(running_program(org_a), [colin, finn], name="Pair C")
    session = factories.make_session(group, days_from_now=2)
    factories.make_entry(session, finn, SECRET, section=Section.NOTE)
    before = accounts_and_roles()

    attacker = signed_in_client(lee)
    attacker.post(
        reverse("people:edit", args=[colin.pk]),
        person_form_data(colin, email="lee.private@elsewhere.example"),
    )
    program = running_program(org_a, leads=[lee])
    actions.do_enrol(program, [colin])
    outbox.deliver_all("test")
    follow_every_link(
        attacker, links_in(smtp.messages, "lee.private@elsewhere.example"), "Stolen-pass-1"
    )
    stranger = Client()
    follow_every_link(
        stranger, links_in(smtp.messages, "lee.private@elsewhere.example"), "Stolen-pass-1"
    )
    assert not session_readable_by(stranger, session)
    assert_nobody_gained(before)

    # Colin asks for a link with his own address and gets back in.
    smtp.messages.clear()
    Client().post(reverse("password_reset"), {"email": colins_address})
    outbox.deliver_all("test")
    recovered = Client()
    password_links = [
        link for link in links_in(smtp.messages, colins_address) if "/password/" in link
    ]
    assert password_links
    follow_every_link(recovered, password_links[-1:], "Colins-own-pass-3")
    assert session_readable_by(recovered, session)


def test_a_lead_cannot_raise_their_own_role_or_touch_admins(cast):
    lee, ada, pia = cast.lead, cast.admin, cast.member
    adas_address = ada.email
    before = accounts_and_roles()
    client = signed_in_client(lee)

    client.post(reverse("people:edit", args=[lee.pk]), person_form_data(lee, role=Role.ADMIN))
    client.post(
        reverse("people:edit", args=[ada.pk]),
        person_form_data(ada, role=Role.PARTICIPANT, email="lee.owns@this.example"),
    )
    client.post(reverse("people:edit", args=[pia.pk]), person_form_data(pia, role=Role.ADMIN))
    client.post(
        reverse("people:add"),
        {"name": "Sock Puppet", "email": "puppet@a.example", "role": Role.ADMIN},
    )
    assert_nobody_gained(before)
    ada.refresh_from_db()
    assert ada.role == Role.ADMIN and ada.email == adas_address
    # No admin but the two there were: Ada and Org B's admin.
    admins_before = [ada.pk, cast.outsider.pk]
    assert not Person.objects.filter(role=Role.ADMIN).exclude(pk__in=admins_before).exists()
    form = client.get(reverse("people:edit", args=[pia.pk])).content.decode()
    assert 'name="role"' not in form
