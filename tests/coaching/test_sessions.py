from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peercoach.coaching.models import ActionItem, CoachingSession, Entry
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(cast):
    """The cast's lead and pair: (lead, member, fellow, group)."""
    return cast.lead, cast.member, cast.fellow, cast.group


def test_it_lets_a_lead_schedule_a_session_in_the_leads_time_zone(pair):
    lead, _, _, group = pair
    lead.time_zone = "Europe/Amsterdam"
    lead.save()
    response = signed_in_client(lead).post(
        reverse("coaching:session_create", kwargs={"group_pk": group.pk}),
        {"starts_at": "2027-03-30T10:00", "duration_minutes": "60", "location": "Room 2"},
    )
    assert response.status_code == 302
    session = CoachingSession.objects.get()
    assert session.starts_at.isoformat() == "2027-03-30T08:00:00+00:00"  # CEST is UTC+2


def test_it_refuses_a_session_of_ten_hours(pair):
    _, anna, _, group = pair
    signed_in_client(anna).post(
        reverse("coaching:session_create", kwargs={"group_pk": group.pk}),
        {"starts_at": "2027-03-30T10:00", "duration_minutes": "600"},
    )
    assert not CoachingSession.objects.exists()


def test_it_keeps_a_session_to_two_objectives(pair):
    _, anna, bram, group = pair
    session = factories.make_session(group)
    url = reverse("coaching:entry_add", kwargs={"session_pk": session.pk})
    for author, text in ((anna, "one"), (bram, "two"), (anna, "three")):
        signed_in_client(author).post(
            url,
            {"section_name": "objective", "objective-section": "objective", "objective-text": text},
        )
    assert list(Entry.objects.values_list("text", flat=True)) == ["one", "two"]


def test_it_gives_action_items_only_to_members(pair, cast):
    _, anna, _, group = pair
    session = factories.make_session(group)
    stranger = cast.other_member  # in the organisation and the program, not in the pair
    url = reverse("coaching:action_add", kwargs={"session_pk": session.pk})
    signed_in_client(anna).post(url, {"text": "Do it", "owner": stranger.pk})
    assert not ActionItem.objects.exists()
    signed_in_client(anna).post(url, {"text": "Do it", "owner": anna.pk, "due_on": "2027-01-01"})
    assert ActionItem.objects.get().owner == anna


def test_it_ticks_an_action_off_with_htmx_and_back(pair):
    _, anna, bram, group = pair
    session = factories.make_session(group)
    item = factories.make_action_item(session, anna, "Prepare three questions")
    url = reverse("coaching:action_toggle", kwargs={"item_pk": item.pk})
    response = signed_in_client(bram).post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="action-{item.pk}"' in response.content.decode()
    item.refresh_from_db()
    assert item.is_done
    signed_in_client(anna).post(url)
    item.refresh_from_db()
    assert not item.is_done


def test_it_opens_with_the_follow_up_of_the_previous_session(pair):
    _, anna, _, group = pair
    previous = factories.make_session(group, days_from_now=-14)
    factories.make_action_item(previous, anna, "Ask for feedback on the pitch")
    session = factories.make_session(group, days_from_now=1)
    body = (
        signed_in_client(anna)
        .get(reverse("coaching:session", kwargs={"session_pk": session.pk}))
        .content.decode()
    )
    assert "What progress have you made since our last conversation?" in body
    assert "Ask for feedback on the pitch" in body


def test_it_lets_the_lead_mark_a_session_held(pair):
    lead, _, _, group = pair
    session = factories.make_session(group, days_from_now=-1)
    signed_in_client(lead).post(reverse("coaching:session_held", kwargs={"session_pk": session.pk}))
    session.refresh_from_db()
    assert session.status == "held"


def test_a_session_shows_its_late_actions_with_the_same_overdue_badge_as_home(pair):
    _, anna, bram, group = pair
    session = factories.make_session(group, days_from_now=-20)
    today = timezone.localdate()
    late = factories.make_action_item(session, anna, "Call the client", due_on=today - timedelta(2))
    factories.make_action_item(session, bram, "Read the chapter", due_on=today + timedelta(3))
    body = (
        signed_in_client(anna)
        .get(reverse("coaching:session", kwargs={"session_pk": session.pk}))
        .content.decode()
    )
    item_html = body.split(f'id="action-{late.pk}"')[1].split("</li>")[0]
    assert '<span class="badge badge-danger">Overdue</span>' in item_html
    assert body.count("badge-danger") == 1
    toggled = signed_in_client(anna).post(
        reverse("coaching:action_toggle", kwargs={"item_pk": late.pk}), HTTP_HX_REQUEST="true"
    )
    assert "badge-danger" not in toggled.content.decode()
