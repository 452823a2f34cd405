"""Feedback from a session page preselects the partner and the session, in local time; someone
else's session preselects nothing and shows nothing of it."""

import re
from datetime import UTC, datetime

from django.urls import reverse

from tests import factories
from tests.conftest import signed_in_client

URL = reverse("growth:feedback_create")


def form_from(person, session) -> str:
    response = signed_in_client(person).get(f"{URL}?session={session.pk}")
    assert response.status_code == 200
    return response.content.decode()


def selected(page: str, name: str) -> list[str]:
    """The chosen value of a select, or of a person picker's radio buttons."""
    found = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    if found:
        return re.findall(r'<option value="(\d+)"[^>]*selected', found.group(0))
    return re.findall(rf'<input[^>]*type="radio" name="{name}" value="(\d+)"[^>]*checked', page)


def test_it_preselects_the_partner_and_the_session_in_local_time(people):
    people.fellow.time_zone = "Asia/Tokyo"
    people.fellow.save()
    starts = datetime(datetime.now().year + 1, 3, 2, 9, 0, tzinfo=UTC)
    session = factories.make_session(people.group, starts_at=starts)
    page = form_from(people.fellow, session)
    assert selected(page, "receiver") == [str(people.member.pk)]
    assert selected(page, "session") == [str(session.pk)]
    assert "Pair M — " in page and ("6 p.m." in page or "18:00" in page)  # 09:00 UTC, Tokyo
    assert f"{starts:%Y-%m-%d %H:%M}" not in page  # not the stored UTC time


def test_it_preselects_no_partner_in_a_group_of_more(people):
    people.group.memberships.create(person=people.other_member)
    session = factories.make_session(people.group, days_from_now=-1)
    page = form_from(people.fellow, session)
    assert selected(page, "receiver") == []
    assert selected(page, "session") == [str(session.pk)]


def test_it_preselects_nothing_from_someone_elses_session(people):
    theirs = factories.make_session(people.other_group, days_from_now=-1)
    page = form_from(people.fellow, theirs)
    assert selected(page, "receiver") == [] and selected(page, "session") == []
    assert "Pair O" not in page  # nothing of that session is shown


def test_it_keeps_an_explicit_receiver_over_the_partner(people):
    session = factories.make_session(people.group, days_from_now=-1)
    response = signed_in_client(people.fellow).get(
        f"{URL}?session={session.pk}&to={people.other_member.pk}"
    )
    assert selected(response.content.decode(), "receiver") == [str(people.other_member.pk)]
