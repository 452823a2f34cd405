"""The sessions page: a participant's upcoming and past sessions, in their own time zone."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peercoach.coaching.models import SessionStatus
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

URL = reverse("coaching:sessions")


@pytest.fixture
def anna(cast):
    """The cast's member, in Tokyo, with her pair; `other` is the member of the other pair."""
    cast.member.time_zone = "Asia/Tokyo"
    cast.member.save()
    return cast.member, cast.group, cast.other_member


def sessions_page(person) -> str:
    response = signed_in_client(person).get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_upcoming_then_past_sessions_of_the_persons_groups_with_their_status(anna):
    anna, group, other = anna
    soon = factories.make_session(group, days_from_now=3)
    held = factories.make_session(group, days_from_now=-7, status=SessionStatus.HELD)
    cancelled = factories.make_session(group, days_from_now=-14, status=SessionStatus.CANCELLED)
    factories.make_session(other.group_memberships.get().group, days_from_now=2)
    page = sessions_page(anna)
    upcoming, past = page.split('id="upcoming-heading"')[1].split('id="past-heading"')
    assert f'href="/sessions/{soon.pk}/"' in upcoming and "badge-info" in upcoming
    assert past.index(f"/sessions/{held.pk}/") < past.index(f"/sessions/{cancelled.pk}/")
    assert "badge-success" in past and "badge-danger" in past
    assert "Pair O" not in page  # another pair's sessions are not listed
    assert f'href="{URL}"' in page and 'aria-current="page"' in page  # in the navigation


def test_it_shows_times_in_the_persons_time_zone(anna):
    anna, group, _ = anna
    starts = datetime(timezone.now().year + 1, 3, 2, 9, 0, tzinfo=UTC)
    factories.make_session(group, starts_at=starts)
    page = sessions_page(anna)
    assert "2 Mar" in page and "18:00" in page and "09:00" not in page  # 09:00 UTC in Tokyo
    assert "Asia/Tokyo" in page


def test_it_says_what_to_do_when_nothing_is_planned(anna):
    assert "No sessions planned" in sessions_page(anna[0])


def test_it_does_a_bounded_number_of_queries(anna):
    anna, group, _ = anna

    def count() -> int:
        client = signed_in_client(anna)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    factories.make_session(group, days_from_now=1)
    few = count()
    for day in range(40):
        factories.make_session(group, starts_at=timezone.now() + timedelta(days=day - 20, hours=1))
    assert count() == few
