"""Choosing whom feedback is for, or whom to ask, among thousands of colleagues."""

import zoneinfo
from datetime import datetime

import pytest
from django.urls import reverse

from peercoach.growth.models import Feedback, FeedbackRequest
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def namesakes(people):
    org = people.member.organisation
    return [
        factories.make_person(org, "Iris van Leeuwen", department=department)
        for department in ("Sales", "IT", "Sales")
    ]


def test_it_finds_colleagues_by_typing_and_keeps_what_was_written(people):
    irises = namesakes(people)
    client = signed_in_client(people.fellow)
    response = client.post(
        reverse("growth:feedback_create"),
        {"find": "iris", "_find": "1", "strengths_text": "Clear slides.", "growth_text": ""},
    )
    assert response.status_code == 200
    assert not Feedback.objects.exists()
    html = response.content.decode()
    assert "Clear slides." in html
    assert 'name="receiver"' in html and '<select name="receiver"' not in html
    for iris in irises:
        assert f'value="{iris.pk}"' in html and iris.email in html
    assert 'person-detail">Sales<' in html and 'person-detail">IT<' in html
    assert "This field is required" not in html


def test_it_preselects_the_partner_from_a_link_and_shows_nobody_it_may_not(people):
    url = reverse("growth:feedback_create")
    client = signed_in_client(people.fellow)
    picker = client.get(url, {"to": people.member.pk}).context["receiver"]
    assert picker.chosen == people.member
    assert client.get(url, {"to": people.outsider.pk}).context["receiver"].chosen is None
    assert "Oscar Outsider" not in client.get(url, {"find": "oscar"}).content.decode()


def test_it_shows_a_session_in_the_viewer_s_time_zone(people):
    people.fellow.time_zone = "Asia/Tokyo"
    people.fellow.save()
    starts_at = datetime(2026, 3, 5, 9, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    session = factories.make_session(people.group, starts_at=starts_at)
    html = (
        signed_in_client(people.fellow)
        .get(reverse("growth:feedback_create"), {"to": people.member.pk, "session": session.pk})
        .content.decode()
    )
    assert "Pair M — 5 March 2026, 18:30" in html
    assert "2026-03-05 09:30" not in html


def test_it_finds_whom_to_ask_on_the_feedback_page(people):
    irises = namesakes(people)
    client = signed_in_client(people.member)
    html = client.get(reverse("growth:feedback_list"), {"find": "iris"}).content.decode()
    assert html.count('name="recipient" value=') == 3
    assert '<select name="recipient"' not in html
    client.post(reverse("growth:request_create"), {"recipient": irises[1].pk, "topic": "My demo"})
    assert FeedbackRequest.objects.get().recipient == irises[1]


def test_the_feedback_form_renders_its_fields_through_the_design_system(people):
    html = signed_in_client(people.fellow).get(reverse("growth:feedback_create")).content.decode()
    for name in ("strengths_text", "growth_text"):
        textarea = html.split(f'name="{name}"')[1].split(">")[0]
        assert 'class="form-control"' in textarea and 'hx-post="/' in textarea
        assert 'aria-describedby="phrasing-hints"' in textarea
    assert ":</label>" not in html and 'class="form-select"' in html
