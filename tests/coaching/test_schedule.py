from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from peercoach.coaching.models import Attendance, CoachingSession, SessionStatus
from peercoach.programs.models import Cadence
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def pair(cast):
    """The cast's lead and pair, in Amsterdam, in a weekly program."""
    for person in (cast.lead, cast.member):
        person.time_zone = "Europe/Amsterdam"
        person.save()
    cast.program.cadence = Cadence.WEEKLY
    cast.program.save()
    return cast.lead, cast.member, cast.fellow, cast.group


def test_it_schedules_a_weekly_series_at_the_same_local_time_across_the_dst_switch(pair):
    _, anna, _, group = pair
    response = signed_in_client(anna).post(
        reverse("coaching:session_create", kwargs={"group_pk": group.pk}),
        {"starts_at": "2027-03-16T10:00", "duration_minutes": "60", "repeat": "3"},
    )
    assert response.status_code == 302
    starts = [
        s.starts_at.astimezone(AMSTERDAM) for s in CoachingSession.objects.order_by("starts_at")
    ]
    assert [s.strftime("%Y-%m-%d %H:%M") for s in starts] == [
        "2027-03-16 10:00",
        "2027-03-23 10:00",
        "2027-03-30 10:00",  # after the switch to summer time on 28 March
    ]
    assert starts[0].utcoffset() != starts[2].utcoffset()


def test_it_schedules_monthly_series_a_month_apart(pair, org):
    _, anna, _, group = pair
    group.program.cadence = Cadence.MONTHLY
    group.program.save()
    signed_in_client(anna).post(
        reverse("coaching:session_create", kwargs={"group_pk": group.pk}),
        {"starts_at": "2027-01-31T09:30", "duration_minutes": "90", "repeat": "2"},
    )
    days = [
        s.starts_at.astimezone(AMSTERDAM).date().isoformat() for s in CoachingSession.objects.all()
    ]
    assert days == ["2027-01-31", "2027-02-28"]


def test_it_refuses_a_series_of_a_hundred(pair):
    _, anna, _, group = pair
    signed_in_client(anna).post(
        reverse("coaching:session_create", kwargs={"group_pk": group.pk}),
        {"starts_at": "2027-03-16T10:00", "duration_minutes": "60", "repeat": "100"},
    )
    assert not CoachingSession.objects.exists()


def test_it_reschedules_and_cancels_a_planned_session(pair):
    lead, anna, _, group = pair
    session = factories.make_session(group, days_from_now=5)
    signed_in_client(lead).post(
        reverse("coaching:session_edit", kwargs={"session_pk": session.pk}),
        {
            "starts_at": "2027-05-04T14:00",
            "duration_minutes": "45",
            "location": "Room 3",
            "version": "0",
        },
    )
    session.refresh_from_db()
    assert session.starts_at == datetime(2027, 5, 4, 14, 0, tzinfo=AMSTERDAM)
    assert session.location == "Room 3"
    signed_in_client(anna).post(
        reverse("coaching:session_cancel", kwargs={"session_pk": session.pk})
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED


def test_it_records_attendance_and_shows_the_lead_only_the_count(pair):
    lead, anna, bram, group = pair
    session = factories.make_session(group, days_from_now=-1)
    signed_in_client(anna).post(
        reverse("coaching:attendance", kwargs={"session_pk": session.pk}),
        {"present": [str(anna.pk)]},
    )
    assert dict(Attendance.objects.values_list("person_id", "present")) == {
        anna.pk: True,
        bram.pk: False,
    }
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    body = (
        signed_in_client(lead)
        .get(reverse("coaching:session", kwargs={"session_pk": session.pk}))
        .content.decode()
    )
    assert "1 of 2 members took part." in body
    response = signed_in_client(lead).post(
        reverse("coaching:attendance", kwargs={"session_pk": session.pk}), {"present": []}
    )
    assert response.status_code == 404
