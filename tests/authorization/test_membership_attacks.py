"""Attacks that chain allowed steps around group membership, each refused.

Nobody reads a group by placing themselves in it; a newcomer reads from the moment they joined,
whatever date someone moves; every way a group is formed or changed keeps the same rules.
Every scenario ends with the world's property: nothing written before a join became visible to
the joiner. Reporting lines and small figures: test_reporting_line_attacks.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peercoach import access
from peercoach.notifications import outbox
from peercoach.organisations.models import Role
from peercoach.programs.models import Group, GroupMember, ProgramStatus, Round
from tests import factories
from tests.authorization.group_steps import add_member, form_group
from tests.authorization.newcomer import (
    BEFORE_JOIN,
    assert_nothing_written_before_a_join_is_visible,
)
from tests.authorization.world import SENTINEL, build_world
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

SECRET = "Written before anyone else came"


@pytest.fixture
def org(cast):
    """This module's organisation is the shared cast's (Org A)."""
    return cast.organisation


@pytest.fixture
def pair(cast):
    """The cast's pair in its running program, a session ahead with something written, and a
    second admin of Org A (the cast has one)."""
    other_admin = factories.make_person(cast.organisation, "Ari Admin", role=Role.ADMIN)
    cast.program.status = ProgramStatus.RUNNING
    cast.program.save()
    upcoming = factories.make_session(cast.group, days_from_now=5)
    factories.make_entry(upcoming, cast.member, SECRET)
    return {
        "admin": cast.admin,
        "other_admin": other_admin,
        "lead": cast.lead,
        "mia": cast.member,
        "finn": cast.fellow,
        "program": cast.program,
        "group": cast.group,
        "upcoming": upcoming,
    }


def session_page(person, session) -> str:
    url = reverse("coaching:session", kwargs={"session_pk": session.pk})
    return signed_in_client(person).get(url).content.decode()


# Nobody reads a group by placing themselves in it.


def test_a_lead_who_enrols_themselves_cannot_join_a_running_group(pair):
    lead, group = pair["lead"], pair["group"]
    enrol = reverse("programs:enrol", kwargs={"program_pk": pair["program"].pk})
    signed_in_client(lead).post(enrol, {"people": [lead.pk]})

    response = add_member(lead, group, lead)

    assert "You run this program, so you cannot place yourself" in response.content.decode()
    assert not GroupMember.objects.filter(group=group, person=lead).exists()
    assert SECRET not in session_page(lead, pair["upcoming"])
    assert_nothing_written_before_a_join_is_visible(lead)


def test_a_lead_cannot_form_a_group_around_themselves(pair):
    lead, mia, program = pair["lead"], pair["mia"], pair["program"]
    program.enrolments.create(person=lead)

    response = form_group(lead, program, [lead, mia])

    assert "You run this program, so you cannot place yourself" in response.content.decode()
    assert not Group.objects.filter(name="By hand").exists()


def test_the_refusal_is_translated(pair):
    lead, program = pair["lead"], pair["program"]
    lead.preferred_language = "nl"
    lead.save()
    program.enrolments.create(person=lead)
    client = signed_in_client(lead)
    client.cookies["django_language"] = "nl"
    url = reverse("programs:member_add", kwargs={"group_pk": pair["group"].pk})
    body = client.post(url, {"person": lead.pk}, follow=True, HTTP_ACCEPT_LANGUAGE="nl")
    assert "Je leidt dit programma" in body.content.decode()


def test_an_admin_cannot_add_themselves_to_a_group_of_a_program_they_run(pair):
    admin, group = pair["admin"], pair["group"]
    pair["program"].enrolments.create(person=admin)

    add_member(admin, group, admin)

    assert not GroupMember.objects.filter(group=group, person=admin).exists()


def test_a_lead_cannot_add_a_fellow_lead_only_an_admin_can(pair, org):
    co_lead = factories.make_person(org, "Cora Colead", role=Role.LEAD)
    pair["program"].leads.add(co_lead)
    pair["program"].enrolments.create(person=co_lead)

    response = add_member(pair["lead"], pair["group"], co_lead)

    assert "only an admin can place them" in response.content.decode()
    assert not GroupMember.objects.filter(person=co_lead).exists()


def test_another_admin_can_add_a_lead_and_the_members_are_told_who_joined(pair, smtp):
    lead, group, mia, finn = pair["lead"], pair["group"], pair["mia"], pair["finn"]
    pair["program"].enrolments.create(person=lead)

    add_member(pair["other_admin"], group, lead)

    assert GroupMember.objects.filter(group=group, person=lead).exists()
    outbox.deliver_all("test")
    # A pairs program: the notice speaks of coaching with someone, not of a group (issue 11).
    notices = {m["To"]: m for m in smtp.messages if "now coaches with you" in m["Subject"]}
    assert set(notices) == {mia.email, finn.email}
    text = notices[mia.email].get_body(("plain",)).get_content()
    # Only the partners taking part: not the pair's former member, who left.
    assert f"Lee Lead joined you and Finn Fellow in {pair['program'].name}." in text
    # Told before the next session: the notice is due now, not held for a digest.
    assert SECRET not in session_page(lead, pair["upcoming"])
    assert_nothing_written_before_a_join_is_visible(lead)


def test_members_cannot_switch_the_notice_of_who_joined_off(pair, smtp):
    from peercoach.notifications import actions as notifications
    from peercoach.notifications.models import Kind

    notifications.save_preferences(pair["mia"], wanted=[], digest=True)
    pair["program"].enrolments.create(person=pair["lead"])
    add_member(pair["other_admin"], pair["group"], pair["lead"])
    outbox.deliver_all("test")
    assert [m["To"] for m in smtp.messages if "now coaches with you" in m["Subject"]].count(
        pair["mia"].email
    ) == 1
    assert Kind.MEMBER_JOINED not in notifications_kinds_a_lead_can_switch()


def notifications_kinds_a_lead_can_switch():
    from peercoach.notifications.models import PROGRAM_KINDS

    return PROGRAM_KINDS


@pytest.fixture
def draft(cast, pair):
    """A draft round in which the lead, enrolled, was placed with the cast's other member."""
    program, lead = pair["program"], pair["lead"]
    round_ = Round.objects.create(program=program, number=1)
    partner = cast.other_member
    groups = []
    for members in ([lead, partner], [pair["mia"], pair["finn"]]):
        group = factories.make_group(program, members)
        group.round = round_
        group.save()
        groups.append(group)
    return round_, groups


def test_a_lead_cannot_move_or_swap_themselves_into_a_group_of_the_draft(pair, draft):
    round_, (own, target) = draft
    lead, mia = pair["lead"], pair["mia"]
    client = signed_in_client(lead)
    client.post(
        reverse("matching:move", kwargs={"round_pk": round_.pk}),
        {"person": lead.pk, "group": target.pk},
    )
    client.post(
        reverse("matching:swap", kwargs={"round_pk": round_.pk}),
        {"first": lead.pk, "second": mia.pk},
    )
    assert GroupMember.objects.get(group__round=round_, person=lead).group == own


def test_matching_does_not_place_the_lead_who_asks_for_it(pair, org):
    program, lead = pair["program"], pair["lead"]
    others = [factories.make_person(org, f"Enrolled {i}") for i in range(3)]
    for person in [lead, *others]:
        program.enrolments.create(person=person)
    plan = reverse("matching:plan", kwargs={"program_pk": program.pk})

    signed_in_client(lead).post(plan)
    assert not Round.objects.filter(program=program).exists()

    signed_in_client(pair["other_admin"]).post(plan)
    assert GroupMember.objects.filter(group__round__program=program, person=lead).exists()


# A newcomer reads from the moment they joined, whatever date someone moves.


def test_moving_a_past_planned_session_into_the_future_opens_nothing_written_before(pair, org):
    group, mia, admin = pair["group"], pair["mia"], pair["admin"]
    past = factories.make_session(group, days_from_now=-7)  # never marked as held
    factories.make_entry(past, mia, "Last week's confidences")
    nora = factories.make_person(org, "Nora Newcomer")
    pair["program"].enrolments.create(person=nora)
    add_member(admin, group, nora)
    assert "Last week's confidences" not in session_page(nora, past)

    later = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    edit = reverse("coaching:session_edit", kwargs={"session_pk": past.pk})
    data = {
        "starts_at": later,
        "duration_minutes": 60,
        "location": "",
        "video_url": "",
        "version": past.version,
    }
    signed_in_client(nora).post(edit, data)
    past.refresh_from_db()
    assert past.starts_at > timezone.now()  # the move itself is allowed: it is structure

    page = session_page(nora, past)
    assert "Last week's confidences" not in page
    assert SECRET not in session_page(nora, pair["upcoming"])
    factories.make_entry(past, mia, "Welcome, Nora")
    assert "Welcome, Nora" in session_page(nora, past)
    assert_nothing_written_before_a_join_is_visible(nora)


def test_the_newcomer_of_the_world_reads_nothing_written_before_the_join():
    world = build_world()
    newcomer = world.newcomer
    assert access.groups_of(newcomer).filter(pk=world.group.pk).exists()
    assert_nothing_written_before_a_join_is_visible(newcomer)
    client = signed_in_client(newcomer)
    pages = [
        reverse("coaching:session", kwargs={"session_pk": world.session.pk}),
        reverse("methods:run", kwargs={"session_pk": world.session.pk}),
        reverse("growth:group_wins", kwargs={"group_pk": world.group.pk}),
        reverse("growth:program_wins", kwargs={"program_pk": world.program.pk}),
        reverse("growth:library"),
        reverse("growth:goals"),
        reverse("home"),
    ]
    for url in pages:
        response = client.get(url, follow=True)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert SENTINEL not in body and BEFORE_JOIN not in body, url
    for name, kwarg in (("growth:goal", "goal_pk"), ("growth:library_item", "libitem_pk")):
        url = reverse(name, kwargs={kwarg: world.kwargs[kwarg]})
        assert client.get(url).status_code == 404, url


# One rule check for every way a group is formed or changed.
