"""Erasing a person (AVG/GDPR article 17), on the authorization world: the member has content
in every kind the app stores; after the erasure no row of any table holds their name or email."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from peercoach.coaching.models import ActionItem, CoachingSession, Entry
from peercoach.growth.models import Feedback, Goal, JournalEntry, Win
from peercoach.lib.models import UserSession
from peercoach.methods.models import Contribution, FollowUpDecision, Insight
from peercoach.notifications import actions as notifications
from peercoach.notifications import outbox
from peercoach.notifications.models import CalendarFeedToken, OutgoingMessage
from peercoach.organisations.models import Person
from peercoach.participants import uploads
from peercoach.privacy import erasure
from peercoach.privacy.models import GroupContentOnErasure, PrivacySettings
from peercoach.programs.models import Group, GroupMember
from tests.authorization.world import SENTINEL, build_world
from tests.conftest import signed_in_client
from tests.privacy.scan import rows_holding, tables_without_model

pytestmark = pytest.mark.django_db

ERASE = "privacy:erase"


def _url(person) -> str:
    return reverse(ERASE, kwargs={"person_pk": person.pk})


def _more_traces(world) -> None:
    """Where else a person's name and address end up: emails about them sent to others (subject
    and address stored), feedback they gave, a Django admin log line, a participant file waiting
    for confirmation, a direct report, an exclusion, calendar invitations, a feed link."""
    member, fellow = world.member, world.fellow
    Feedback.objects.create(giver=member, receiver=fellow, strengths=["Listens well"])
    given = Feedback.objects.get(giver=member)
    notifications.queue_feedback_received(given.pk, fellow.pk)
    notifications.queue_member_joined(GroupMember.objects.get(group=world.group, person=member))
    notifications.sync_group_calendars(world.group.pk)
    outbox.deliver_all("erasure-test")
    world.other_member.manager = member
    world.other_member.save()
    member.excluded.add(world.other_member)
    notifications.feed_token_for(member)
    LogEntry.objects.create(
        user=world.admin.user,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(member.pk),
        object_repr=str(member),
        action_flag=CHANGE,
        change_message=f'[{{"changed": {{"fields": ["email"]}}, "was": "{member.email}"}}]',
    )
    data = f"email,name\n{member.email},{member.name}\n".encode()
    uploads.start_upload(world.admin, "people.csv", data, rows=1)
    signed_in_client(member)  # a live sign-in session


def _erase_as_admin(world):
    client = signed_in_client(world.admin)
    page = client.get(_url(world.member))
    assert page.status_code == 200
    return client.post(_url(world.member), {"confirm": "on"})


def test_it_leaves_no_row_in_any_table_holding_the_name_or_email(smtp):
    world = build_world()
    _more_traces(world)
    member = world.member
    words = [member.name, member.email]
    namesake = Person.objects.exclude(pk=member.pk).get(email=member.email)  # in Org B
    skip = {("organisations.Person", namesake.pk)}
    assert OutgoingMessage.objects.filter(subject__icontains=member.name).exists()
    found_before = {label for label, *_rest in rows_holding(words, skip=skip)}
    assert {"organisations.Person", "auth.User", "notifications.OutgoingMessage"} <= found_before
    assert {"admin.LogEntry", "participants.ImportUpload"} <= found_before
    user_pk = member.user_id

    response = _erase_as_admin(world)

    assert response.status_code == 302
    assert tables_without_model() == set()
    assert rows_holding(words, skip=skip) == []
    assert not Person.objects.filter(pk=member.pk).exists()
    assert not get_user_model().objects.filter(pk=user_pk).exists()
    assert not UserSession.objects.filter(user_id=user_pk).exists()
    assert not CalendarFeedToken.objects.filter(person_id=member.pk).exists()
    assert namesake.email == member.email  # another organisation's person is theirs


def test_it_keeps_the_group_and_what_others_wrote_and_shows_former_participant(smtp):
    world = build_world()
    member, fellow, group = world.member, world.fellow, world.group
    Entry.objects.create(session=world.session, author=fellow, section="note", text="Fellow note")
    sessions = set(CoachingSession.objects.filter(group=group).values_list("pk", flat=True))
    theirs = Entry.objects.filter(author=member).count()
    others = set(GroupMember.objects.filter(group=group).exclude(person=member).values_list("pk"))
    other_people = Person.objects.exclude(pk=member.pk).count()

    assert _erase_as_admin(world).status_code == 302

    assert Group.objects.filter(pk=group.pk).exists()
    assert set(CoachingSession.objects.filter(group=group).values_list("pk", flat=True)) == sessions
    assert set(GroupMember.objects.filter(group=group).values_list("pk")) == others
    assert Entry.objects.filter(author=fellow, text="Fellow note").exists()
    former = PrivacySettings.of(world.org).former_participant
    assert former.name == "Former participant" and former.user_id is None and not former.is_active
    assert Entry.objects.filter(author=former).count() == theirs
    assert Contribution.objects.filter(author=former).exists()
    assert Insight.objects.filter(author=former).exists()
    assert Win.objects.filter(author=former).exists()
    assert FollowUpDecision.objects.filter(decided_by=former).exists()
    # Personal things go whatever the policy: goals, journal.
    assert not Goal.objects.filter(owner=former).exists()
    assert not JournalEntry.objects.filter(author=former).exists()
    # Only the former participant was added (no second "former participant" per erasure).
    assert Person.objects.count() == other_people + 1
    page = signed_in_client(fellow).get(reverse("coaching:session", args=[world.session.pk]))
    body = page.content.decode()
    assert f"{SENTINEL} note" in body and "— Former participant" in body
    assert member.name not in body


def test_it_deletes_what_they_wrote_in_groups_when_the_organisation_says_so(smtp):
    world = build_world()
    settings = PrivacySettings.of(world.org)
    settings.group_content_on_erasure = GroupContentOnErasure.DELETE
    settings.save()
    fellow_items = ActionItem.objects.create(
        session=world.session, owner=world.fellow, created_by=world.member, text="Fellow's item"
    )

    page = signed_in_client(world.admin).get(_url(world.member)).content.decode()
    assert "this is deleted too" in page
    assert _erase_as_admin(world).status_code == 302

    assert not Entry.objects.filter(text__contains=SENTINEL).exists()
    assert not Contribution.objects.filter(text__contains=SENTINEL).exists()
    assert not Win.objects.filter(text__contains=SENTINEL).exists()
    # The fellow's action item the member had added for them stays theirs.
    fellow_items.refresh_from_db()
    assert fellow_items.owner == world.fellow and fellow_items.created_by is None
    assert Group.objects.filter(pk=world.group.pk).exists()


def test_the_confirmation_page_names_what_will_happen(smtp):
    world = build_world()
    body = signed_in_client(world.admin).get(_url(world.member)).content.decode()
    assert "Erase the data of Mia Member" in body
    assert "The account and every sign-in: they end now." in body
    assert "shown as written by a former participant" in body
    assert "14 session entries" in body  # two sessions, seven sections
    assert "<script" not in body.split("<main", 1)[-1]
    assert SENTINEL not in body  # counts, never contents
    # Without the tick nothing happens.
    response = signed_in_client(world.admin).post(_url(world.member), {})
    assert response.status_code == 200
    assert Person.objects.filter(pk=world.member.pk).exists()


def test_only_an_admin_of_the_organisation_or_the_person_if_allowed_may_erase(smtp):
    world = build_world()
    url = _url(world.member)
    for role in ("fellow", "lead", "manager", "outsider", "member", "escalating_lead"):
        client = signed_in_client(world.people[role])
        assert client.get(url).status_code == 404, role
        assert client.post(url, {"confirm": "on"}).status_code == 404, role
    assert Person.objects.filter(pk=world.member.pk).exists()
    profile = signed_in_client(world.member).get(reverse("profile")).content.decode()
    assert url not in profile

    settings = PrivacySettings.of(world.org)
    settings.self_erasure = True
    settings.save()
    client = signed_in_client(world.member)
    assert url in client.get(reverse("profile")).content.decode()
    assert signed_in_client(world.fellow).get(url).status_code == 404  # not someone else
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("privacy:page")
    assert not Person.objects.filter(pk=world.member.pk).exists()
    assert client.get(reverse("home")).status_code == 302  # signed out: the session is gone


def test_the_former_participant_and_the_last_admin_cannot_be_erased(smtp):
    world = build_world()
    client = signed_in_client(world.admin)
    assert client.post(_url(world.member), {"confirm": "on"}).status_code == 302
    former = PrivacySettings.of(world.org).former_participant
    assert client.get(_url(former)).status_code == 404
    response = client.post(_url(world.admin), {"confirm": "on"}, follow=True)
    assert "is the last active admin of this organisation" in response.content.decode()
    assert Person.objects.filter(pk=world.admin.pk).exists()


def test_it_is_all_or_nothing(smtp, monkeypatch):
    world = build_world()
    member = world.member
    notifications.feed_token_for(member)
    before = Entry.objects.filter(author=member).count()

    def fail(*args):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(erasure, "_update_calendars", fail)  # the very last step
    with pytest.raises(RuntimeError):
        erasure.do_erase_person(member)

    assert Person.objects.filter(pk=member.pk, name="Mia Member").exists()
    assert Entry.objects.filter(author=member).count() == before
    assert CalendarFeedToken.objects.filter(person=member).exists()
    assert get_user_model().objects.filter(pk=member.user_id).exists()
