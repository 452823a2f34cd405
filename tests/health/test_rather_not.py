"""A private "rather not with" list: each participant names colleagues they would rather not be
matched with; matching keeps the two apart both ways (rounds, re-match, a hand edit, adding a
member) and nobody else learns it — a refusal says "a participant's private preference", never
whose or whom."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peercoach.health.actions import RATHER_NOT_AT_MOST
from peercoach.health.models import RatherNot
from peercoach.matching.planning import do_plan_round
from peercoach.organisations.models import Role
from peercoach.programs.models import Enrolment, Group, GroupMember, ProgramStatus
from tests import factories
from tests.health.helpers import client, make_cast

pytestmark = pytest.mark.django_db

PAGE = "health:rather_not"


def name(person, other) -> None:
    response = client(person).post(reverse(PAGE), {"add": other.pk})
    assert response.status_code == 302


def pairs_program(org, people):
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    program = factories.make_program(org, leads=[lead], status=ProgramStatus.ENROLLING)
    for person in people:
        Enrolment.objects.create(program=program, person=person)
    return lead, program


def round_groups(round_) -> list[set[int]]:
    return [
        {m.person_id for m in group.memberships.all()}
        for group in round_.groups.prefetch_related("memberships")
    ]


def test_it_finds_a_colleague_and_keeps_the_list_private(db):
    cast = make_cast()
    page = (
        client(cast.member)
        .get(reverse(PAGE), {"q": cast.other.name.split()[0].lower()})
        .content.decode()
    )
    assert cast.other.name in page and cast.outsider.name not in page
    name(cast.member, cast.other)
    own = client(cast.member).get(reverse(PAGE)).content.decode()
    assert f"Remove {cast.other.name}" in own
    # Not the person named, not the lead, not the admin: each sees only their own (empty) list.
    for someone in (cast.other, cast.lead, cast.admin, cast.manager):
        body = client(someone).get(reverse(PAGE)).content.decode()
        listed = body.split('id="list-heading"')[1].split('id="add-heading"')[0]
        assert "Nobody on your list." in listed
        assert cast.member.name not in listed and cast.other.name not in listed


def test_it_never_names_someone_of_another_organisation_or_oneself(db):
    cast = make_cast()
    for other in (cast.outsider, cast.member):
        response = client(cast.member).post(reverse(PAGE), {"add": other.pk})
        assert response.status_code == 404
    for bad in ("", "abc", "99999999"):
        assert client(cast.member).post(reverse(PAGE), {"add": bad}).status_code == 404
    assert client(cast.member).get(reverse(PAGE), {"q": cast.outsider.email}).status_code == 200
    assert (
        cast.outsider.name
        not in client(cast.member).get(reverse(PAGE), {"q": cast.outsider.email}).content.decode()
    )
    assert not RatherNot.objects.exists()


def test_a_short_search_gets_a_translated_error_not_a_list(db):
    cast = make_cast()
    body = client(cast.member).get(reverse(PAGE), {"q": "o"}).content.decode()
    assert "at least 2 characters" in body and cast.other.name not in body


def test_nobody_removes_an_entry_of_someone_else(db):
    cast = make_cast()
    name(cast.member, cast.other)
    entry = RatherNot.objects.get()
    for intruder in (cast.other, cast.lead, cast.admin, cast.outsider):
        assert client(intruder).post(reverse(PAGE), {"remove": entry.pk}).status_code == 404
    assert RatherNot.objects.filter(pk=entry.pk).exists()
    client(cast.member).post(reverse(PAGE), {"remove": entry.pk})
    assert not RatherNot.objects.exists()


def test_the_list_has_a_limit_with_a_clear_message(db):
    cast = make_cast()
    colleagues = [
        factories.make_person(cast.org, f"Col {i}") for i in range(RATHER_NOT_AT_MOST + 1)
    ]
    for colleague in colleagues[:-1]:
        name(cast.member, colleague)
    response = client(cast.member).post(reverse(PAGE), {"add": colleagues[-1].pk}, follow=True)
    assert f"You can name at most {RATHER_NOT_AT_MOST} people." in response.content.decode()
    assert RatherNot.objects.count() == RATHER_NOT_AT_MOST


@pytest.mark.parametrize("who_names", ["first", "second"])
def test_a_round_never_pairs_them_whoever_named_whom(org, who_names):
    first, second = factories.make_person(org, "Ann A"), factories.make_person(org, "Bob B")
    lead, program = pairs_program(org, [first, second])
    assert round_groups(do_plan_round(program)) == [{first.pk, second.pk}]
    if who_names == "first":
        name(first, second)
    else:
        name(second, first)
    round_ = do_plan_round(program)  # the draft is matched again
    assert round_groups(round_) == []
    assert {u["person"] for u in round_.unplaced} == {first.pk, second.pk}
    page = client(lead).get(reverse("matching:program", args=[program.pk])).content.decode()
    assert "private" not in page.lower() and "rather" not in page.lower()


def test_rounds_keep_them_apart_round_after_round(org):
    people = [factories.make_person(org, f"P{i}") for i in range(6)]
    lead, program = pairs_program(org, people)
    name(people[0], people[1])
    name(people[2], people[0])
    for _round in range(4):
        round_ = do_plan_round(program)
        for members in round_groups(round_):
            assert not {people[0].pk, people[1].pk} <= members
            assert not {people[0].pk, people[2].pk} <= members
        response = client(lead).post(
            reverse("matching:publish", args=[round_.pk]), {"confirm": "yes"}
        )
        assert response.status_code == 302


def test_adding_a_member_by_hand_is_refused_without_saying_who(db):
    cast = make_cast()
    newcomer = factories.make_person(cast.org, "Nina New")
    Enrolment.objects.create(program=cast.program, person=newcomer)
    name(newcomer, cast.fellow)
    response = client(cast.lead).post(
        reverse("programs:member_add", args=[cast.group.pk]), {"person": newcomer.pk}, follow=True
    )
    body = response.content.decode()
    assert "a participant&#x27;s private preference" in body or (
        "a participant's private preference" in body
    )
    assert cast.fellow.name not in body.split("private preference")[0][-300:]
    assert not GroupMember.objects.filter(group=cast.group, person=newcomer).exists()
    # The same person joins the other group: the rule is about the pair, nothing else.
    client(cast.lead).post(
        reverse("programs:member_add", args=[cast.other_group.pk]), {"person": newcomer.pk}
    )
    assert GroupMember.objects.filter(group=cast.other_group, person=newcomer).exists()


def test_a_rematch_never_brings_them_together(db):
    cast = make_cast()
    # The re-match exchanges every other member: the member's group would get one of the other
    # group's members.
    before = {g.pk: {m.person_id for m in g.memberships.all()} for g in Group.objects.all()}
    for other in (cast.other, *cast.other_group.members.exclude(pk=cast.other.pk)):
        for mine in (cast.member, cast.fellow, cast.third):
            RatherNot.objects.create(person=other, other=mine)
    response = client(cast.lead).post(
        reverse("matching:rematch", args=[cast.group.pk]), {"confirm": "rematch"}, follow=True
    )
    assert "No other group of the program can exchange members" in response.content.decode()
    after = {g.pk: {m.person_id for m in g.memberships.all()} for g in Group.objects.all()}
    assert after == before


def test_the_page_does_a_bounded_number_of_queries(django_assert_max_num_queries):
    cast = make_cast()
    for i in range(8):
        name(cast.member, factories.make_person(cast.org, f"Otto {i}", department=f"D{i}"))
    c = client(cast.member)
    with django_assert_max_num_queries(12):
        response = c.get(reverse(PAGE), {"q": "ott"})
    assert response.status_code == 200
