"""One session view that follows the phase: the open step, the collapsed others with their
counts, and writing without a page reload (htmx) or with a plain form post."""

import re

import pytest
from django.urls import reverse

from peercoach.coaching.models import Entry, Section
from peercoach.methods import services
from peercoach.methods.models import Method, ProgramMethod
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(cast):
    """The cast's pair (member, fellow) in its pairs program, the other pair's member as the
    outsider, and today's session after one two weeks ago."""
    anna, bram, outsider, group = cast.member, cast.fellow, cast.other_member, cast.group
    previous = factories.make_session(group, days_from_now=-14)
    factories.make_action_item(previous, bram, "Ask the team for feedback")
    session = factories.make_session(group, days_from_now=0)
    return anna, bram, outsider, session


def page_of(person, session, query="") -> str:
    url = reverse("coaching:session", kwargs={"session_pk": session.pk}) + query
    return signed_in_client(person).get(url).content.decode()


def open_steps(page: str) -> list[str]:
    return re.findall(r'<details class="card session-step" id="step-(\w+)" open>', page)


def steps(page: str) -> list[str]:
    return re.findall(r'<details class="card session-step" id="step-(\w+)"', page)


def add_entry(person, session, section, text, **headers):
    url = reverse("coaching:entry_add", kwargs={"session_pk": session.pk})
    data = {"section_name": section, f"{section}-section": section, f"{section}-text": text}
    return signed_in_client(person).post(url, data, **headers)


def test_it_shows_every_step_collapsed_but_the_agendas_next_one(pair):
    anna, _, _, session = pair
    page = page_of(anna, session)
    assert steps(page) == [
        "follow_up", "win", "objective", "contributions", "question", "note", "actions"
    ]  # fmt: skip
    assert open_steps(page) == ["follow_up"]  # last time's actions come first
    factories.make_entry(session, anna, "Followed up", section=Section.FOLLOW_UP)
    page = page_of(anna, session)
    assert open_steps(page) == ["win"]
    assert "1 entry" in page


def test_it_opens_the_step_of_the_phase_the_group_is_in(pair):
    anna, _, _, session = pair
    ProgramMethod.objects.create(
        program=session.group.program, method=Method.objects.get(key="goal-reflection-next-steps")
    )
    services.do_start(session)
    assert open_steps(page_of(anna, session)) == ["follow_up"]  # phase 1: last time's actions
    services.do_move(session, 1)
    assert open_steps(page_of(anna, session)) == ["objective"]  # the goal
    services.do_move(session, 1)
    page = page_of(anna, session)
    assert open_steps(page) == ["contributions"]  # reflection: questions and insights
    assert 'data-step="contributions"' in page  # the poll tells open pages to follow
    services.do_move(session, 1)
    services.do_move(session, 1)
    assert open_steps(page_of(anna, session)) == ["actions"]  # ended: agree on actions
    # A step someone just wrote in (without JavaScript) stays open for them.
    assert open_steps(page_of(anna, session, "?step=note")) == ["note"]


def test_it_answers_an_htmx_write_with_the_section_and_its_steps_new_count(pair):
    anna, bram, _, session = pair
    response = add_entry(anna, session, "challenge", "A hard talk", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.startswith('<div class="agenda-section" id="section-challenge">')
    assert "<html" not in fragment and "A hard talk" in fragment
    assert re.search(r'id="step-count-win" hx-swap-oob="true">\s*1 entry', fragment)
    assert "autofocus" in fragment  # focus back in the emptied textarea
    assert Entry.objects.get().text == "A hard talk"
    assert "A hard talk" in page_of(bram, session)


def test_it_redirects_a_plain_post_back_to_the_step_written_in(pair):
    anna, _, _, session = pair
    response = add_entry(anna, session, "challenge", "A hard talk")
    url = reverse("coaching:session", kwargs={"session_pk": session.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?step=win#section-challenge"
    assert Entry.objects.filter(section="challenge").count() == 1


def test_it_keeps_what_was_typed_when_an_htmx_write_is_refused(pair):
    anna, _, _, session = pair
    note = "BEGIN-of-my-note " + "word " * 5_000
    response = add_entry(anna, session, "win", note, HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # htmx swaps it in: the error beside what was typed
    fragment = response.content.decode()
    assert fragment.startswith('<div class="agenda-section" id="section-win">')
    assert "at most" in fragment and "BEGIN-of-my-note word word" in fragment
    assert not Entry.objects.exists()


def test_it_shows_an_outsider_nothing_and_writes_nothing(pair):
    _, _, outsider, session = pair
    response = add_entry(outsider, session, "win", "Sneaky", HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    assert not Entry.objects.exists()
