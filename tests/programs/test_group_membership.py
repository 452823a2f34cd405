"""Leads change who is in a running group; what people see follows when they were in it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from peercoach import access
from peercoach.programs.models import GroupMember, Round
from peercoach.running import actions
from tests import factories
from tests.conftest import signed_in_client


@pytest.fixture
def pair(cast):
    """The cast's member and fellow as a pair in a second program of the cast's lead, which
    Nora is enrolled in (not the cast's pair: the tests change who is in it)."""
    nora = factories.make_person(cast.organisation, "Nora Newcomer")
    program = factories.make_program(cast.organisation, leads=[cast.lead])
    group = factories.make_group(program, [cast.member, cast.fellow], name="Pair N")
    actions.do_enrol(program, [nora])
    return cast.lead, cast.member, cast.fellow, nora, group


def test_someone_who_joins_sees_sessions_from_then_on_not_what_was_written_before(pair):
    _lead, mia, finn, nora, group = pair
    earlier = factories.make_session(group, days_from_now=-7)
    factories.make_entry(earlier, mia, "Written before Nora came")
    later = factories.make_session(group, days_from_now=7)
    factories.make_entry(later, mia, "Agenda for next week")

    actions.do_add_member(group, nora)
    factories.make_entry(later, finn, "Welcome, Nora")

    assert list(access.sessions_with_content_for(nora)) == [later]
    # The upcoming session is hers to take part in, but what was written into it before she
    # joined stays with those who were there.
    assert [e.text for e in access.entries_visible_to(nora)] == ["Welcome, Nora"]
    assert set(access.sessions_with_content_for(mia)) == {earlier, later}
    client = signed_in_client(nora)
    earlier_page = client.get(reverse("coaching:session", args=[earlier.pk]))
    assert earlier_page.status_code == 200  # structure: the group met then
    assert "Written before Nora came" not in earlier_page.content.decode()
    later_page = client.get(reverse("coaching:session", args=[later.pk])).content.decode()
    assert "Welcome, Nora" in later_page
    assert "Agenda for next week" not in later_page


def test_someone_who_leaves_no_longer_sees_the_group_and_their_entries_stay(pair):
    _lead, mia, finn, nora, group = pair
    session = factories.make_session(group, days_from_now=-3)
    factories.make_entry(session, finn, "Finn's reflection")
    actions.do_add_member(group, nora)

    actions.do_remove_member(group, finn)

    assert not access.sessions_visible_to(finn).exists()
    assert (
        signed_in_client(finn).get(reverse("coaching:session", args=[session.pk])).status_code
        == 404
    )
    assert session.entries.filter(author=finn).exists()
    assert "Finn's reflection" in [e.text for e in access.entries_visible_to(mia)]


def test_it_refuses_changes_that_break_the_group_with_a_reason(pair, cast):
    _lead, mia, finn, nora, group = pair
    # The sentences are read in English, whatever language an earlier request left active.
    translation.activate("en")
    stranger = cast.other_member  # enrolled in the cast's program, not in this one
    with pytest.raises(ValidationError, match="enrolled"):
        actions.do_add_member(group, stranger)
    with pytest.raises(ValidationError, match="already in this group"):
        actions.do_add_member(group, mia)
    with pytest.raises(ValidationError, match="at least two members"):
        actions.do_remove_member(group, mia)
    with pytest.raises(ValidationError, match="not in this group"):
        actions.do_remove_member(group, nora)
    draft = factories.make_group(group.program, [nora, finn], name="Draft")
    draft.round = Round.objects.create(program=group.program, number=1)
    draft.save()
    with pytest.raises(ValidationError, match="matching page"):
        actions.do_remove_member(draft, nora)
    assert GroupMember.objects.filter(group=group).count() == 2


def test_a_lead_adds_and_removes_members_on_the_group_page(pair):
    lead, _mia, finn, nora, group = pair
    client = signed_in_client(lead)
    page = client.get(reverse("coaching:group_detail", args=[group.pk])).content.decode()
    assert "Nora Newcomer" in page  # offered in the add form

    response = client.post(
        reverse("programs:member_add", args=[group.pk]), {"person": nora.pk}, follow=True
    )
    assert "Nora Newcomer joined the group" in response.content.decode()
    assert group.memberships.filter(person=nora, joined_at__isnull=False).exists()

    remove_url = reverse("programs:member_remove", args=[group.pk, finn.pk])
    confirm = client.get(remove_url).content.decode()
    assert "Remove Finn Fellow from Pair N?" in confirm
    assert f'href="{reverse("programs:list")}"' in confirm  # still the lead's own navigation
    assert group.memberships.filter(person=finn).exists()  # a GET changes nothing
    response = client.post(remove_url, follow=True)
    assert "Finn Fellow left the group" in response.content.decode()
    assert not group.memberships.filter(person=finn).exists()


def test_a_bad_request_gets_a_translated_reason_and_changes_nothing(pair):
    lead, mia, _finn, _nora, group = pair
    lead.preferred_language = "nl"
    lead.save()
    client = signed_in_client(lead)
    response = client.post(reverse("programs:member_add", args=[group.pk]), {}, follow=True)
    assert "Kies wie bij de groep komt." in response.content.decode()
    response = client.post(
        reverse("programs:member_add", args=[group.pk]), {"person": mia.pk}, follow=True
    )
    assert "nog niet in deze groep zit" in response.content.decode()
    response = client.post(reverse("programs:member_remove", args=[group.pk, mia.pk]), follow=True)
    assert "minstens twee leden" in response.content.decode()
    assert group.memberships.count() == 2


def test_members_and_managers_cannot_change_a_group(pair, cast):
    _lead, mia, finn, nora, group = pair
    manager = cast.manager  # Mia's manager
    for person in (mia, manager):
        client = signed_in_client(person)
        add = client.post(reverse("programs:member_add", args=[group.pk]), {"person": nora.pk})
        remove = client.post(reverse("programs:member_remove", args=[group.pk, finn.pk]))
        assert (add.status_code, remove.status_code) == (404, 404)
    assert set(group.memberships.values_list("person_id", flat=True)) == {mia.pk, finn.pk}


def test_joined_at_is_left_empty_for_founding_members(pair):
    _lead, mia, _finn, _nora, group = pair
    assert group.memberships.get(person=mia).joined_at is None
    session = factories.make_session(group, days_from_now=-30)
    assert access.can_read_content(mia, session)
