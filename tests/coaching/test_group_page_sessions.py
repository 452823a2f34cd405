"""A group page lists the next sessions first, then the past ones newest first, twenty a page:
a group of a long program meets a hundred times, and every past session stays reachable."""

import re

import pytest
from django.urls import reverse

from peercoach.coaching.models import SessionStatus
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def listed(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/sessions/(\d+)/"', html)]


def test_the_next_sessions_come_first_then_the_past_ones_a_page_at_a_time(cast):
    group = cast.group
    group.sessions.all().delete()
    past = [
        factories.make_session(group, days_from_now=-7 * week, status=SessionStatus.HELD)
        for week in range(1, 26)
    ]
    upcoming = [factories.make_session(group, days_from_now=7 * week) for week in (1, 2)]
    client = signed_in_client(cast.member)
    url = reverse("coaching:group_detail", kwargs={"group_pk": group.pk})
    first = listed(client.get(url).content.decode())
    assert first == [s.pk for s in upcoming] + [s.pk for s in past[:20]]
    second = listed(client.get(url, {"page": 2}).content.decode())
    assert second == [s.pk for s in upcoming] + [s.pk for s in past[20:]]
