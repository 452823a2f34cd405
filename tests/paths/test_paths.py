"""Learning paths: the lead builds one, participants follow it, the lead sees counts only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from peercoach.methods.models import Activity
from peercoach.organisations.models import Role
from peercoach.paths.models import LearningPath, Step, StepCompletion
from tests import factories
from tests.cast import build_cast
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

SENTINEL = "SENTINEL-path-note-9b2c"
DONE_WITH_NOTE = {"mark": "done", "note": SENTINEL}


@pytest.fixture
def world(db):
    """The shared cast (tests/cast.py) in a ten-week pairs program that started three weeks ago
    (week 3 is this week), with a lead of another program and a colleague not enrolled."""
    cast = build_cast()
    today = date.today()
    program = cast.program
    program.starts_on = today - timedelta(weeks=2, days=1)
    program.ends_on = today + timedelta(weeks=7)
    program.save()
    other_lead = factories.make_person(cast.organisation, "Olaf Otherlead", role=Role.LEAD)
    factories.make_program(cast.organisation, leads=[other_lead])
    cas = factories.make_person(cast.organisation, "Cas Notenrolled")
    return {
        "cast": cast,
        "lead": cast.lead,
        "other_lead": other_lead,
        "manager": cast.manager,
        "member": cast.member,
        "fellow": cast.fellow,
        "cas": cas,
        "outsider": cast.outsider,
        "program": program,
    }


def lead_url(world, name="paths:program", **kwargs):
    return reverse(name, kwargs={"program_pk": world["program"].pk, **kwargs})


def mine_url(world):
    return reverse("paths:mine", kwargs={"program_pk": world["program"].pk})


def mark_url(world, step):
    return reverse("paths:mark", kwargs={"program_pk": world["program"].pk, "step_pk": step.pk})


def make_path(world, weeks=(1, 3, 6)) -> list[Step]:
    path = LearningPath.objects.create(program=world["program"])
    return [
        Step.objects.create(
            path=path, order=i, title=f"Step in week {week}", kind="goal", week=week
        )
        for i, week in enumerate(weeks)
    ]


def test_it_fills_a_path_from_the_template_in_the_leads_language(world):
    client = signed_in_client(world["lead"])
    response = client.post(lead_url(world, "paths:template"))
    assert response.status_code == 302
    steps = list(Step.objects.filter(path__program=world["program"]))
    assert 5 <= len(steps) <= 7
    assert steps[0].title == "Set your goal"
    assert steps[0].activity == Activity.objects.get(key="goal-setting", organisation=None)
    assert {step.kind for step in steps} >= {"goal", "reading", "activity", "reflection"}
    assert [step.week for step in steps] == sorted(step.week for step in steps)
    assert steps[-1].week == 10  # the reflection lands in the program's last week

    # A second press never replaces steps (people may have completed them).
    client.post(lead_url(world, "paths:template"))
    assert Step.objects.filter(path__program=world["program"]).count() == len(steps)


def test_it_writes_the_template_in_dutch_for_a_dutch_lead(world):
    world["lead"].preferred_language = "nl"
    world["lead"].save()
    signed_in_client(world["lead"]).post(lead_url(world, "paths:template"))
    assert Step.objects.filter(path__program=world["program"]).first().title == "Stel je doel"


def test_it_lets_the_lead_add_edit_reorder_and_remove_steps(world):
    client = signed_in_client(world["lead"])
    response = client.post(
        lead_url(world),
        {"title": "Read the article", "kind": "reading", "week": "2", "url": "https://e.org/a"},
    )
    assert response.status_code == 302
    client.post(lead_url(world), {"title": "Reflect", "kind": "reflection", "week": "8"})
    first, second = Step.objects.filter(path__program=world["program"])
    assert (first.title, second.title) == ("Read the article", "Reflect")

    client.post(
        lead_url(world, "paths:step_edit", step_pk=first.pk),
        {"title": "Read on active listening", "kind": "reading", "week": "3"},
    )
    first.refresh_from_db()
    assert (first.title, first.week, first.url) == ("Read on active listening", 3, "")

    client.post(lead_url(world, "paths:step_move", step_pk=second.pk), {"direction": "up"})
    titles = list(Step.objects.filter(path__program=world["program"]).values_list("title"))
    assert titles == [("Reflect",), ("Read on active listening",)]

    client.post(lead_url(world, "paths:step_remove", step_pk=first.pk))
    assert list(Step.objects.filter(path__program=world["program"])) == [second]
    assert "Reflect" in client.get(lead_url(world)).content.decode()


@pytest.mark.parametrize(
    "data, english, dutch",
    [
        ({"title": "   ", "week": "2"}, "Give the step a title.", "Geef de stap een titel."),
        (
            {"title": "Go", "week": "0"},
            "week 1 of the program or later",
            "week 1 van het programma",
        ),
        (
            {"title": "Go", "week": "-3"},
            "week 1 of the program or later",
            "week 1 van het programma",
        ),
        (
            {"title": "Go", "week": "11"},
            "The program runs 10 weeks: choose a week from 1 to 10.",
            "Het programma duurt 10 weken: kies een week van 1 tot en met 10.",
        ),
    ],
)
def test_it_refuses_invalid_steps_with_a_translated_message(world, data, english, dutch):
    client = signed_in_client(world["lead"])
    data = {"kind": "goal", **data}
    assert english in client.post(lead_url(world), data).content.decode()
    world["lead"].preferred_language = "nl"
    world["lead"].save()
    assert dutch in client.post(lead_url(world), data).content.decode()
    assert not Step.objects.exists()


def test_it_refuses_an_invalid_edit_and_keeps_the_step(world):
    step = make_path(world)[0]
    client = signed_in_client(world["lead"])
    response = client.post(
        lead_url(world, "paths:step_edit", step_pk=step.pk),
        {"title": "", "kind": "goal", "week": "99"},
    )
    assert "Give the step a title." in response.content.decode()
    step.refresh_from_db()
    assert (step.title, step.week) == ("Step in week 1", 1)


def test_it_shows_a_participant_only_the_steps_whose_week_has_come(world):
    open_1, open_3, later = make_path(world)
    later.description = "Not yet for your eyes"
    later.save()
    client = signed_in_client(world["member"])
    body = client.get(mine_url(world)).content.decode()
    assert "Step in week 1" in body and "Step in week 3" in body
    assert "From week 6" in body and "Not yet for your eyes" not in body
    assert client.post(mark_url(world, later), {"mark": "done"}).status_code == 404
    assert not StepCompletion.objects.exists()

    home = client.get(reverse("home")).content.decode()
    assert "Your next step" in home and "Step in week 1" in home


def test_it_lets_a_participant_complete_a_step_with_a_private_note_and_undo_it(world):
    first, second, _later = make_path(world)
    client = signed_in_client(world["member"])
    response = client.post(mark_url(world, first), {"mark": "done", "note": SENTINEL})
    assert response.status_code == 302
    completion = StepCompletion.objects.get()
    assert (completion.person, completion.step, completion.note) == (
        world["member"],
        first,
        SENTINEL,
    )
    assert SENTINEL in client.get(mine_url(world)).content.decode()
    assert "Step in week 3" in client.get(reverse("home")).content.decode()  # the next one

    client.post(mark_url(world, first), {"mark": "undo"})
    assert not StepCompletion.objects.exists()


def test_it_shows_the_lead_counts_and_never_a_note_or_a_name(world, settings):
    # These check the counting; the minimum-group rule has tests of its own
    # (tests/authorization/test_reporting_line_attacks.py).
    settings.REPORTS_MINIMUM_GROUP = 0
    first, _second, _later = make_path(world)
    signed_in_client(world["member"]).post(
        mark_url(world, first), {"mark": "done", "note": SENTINEL}
    )
    signed_in_client(world["fellow"]).post(mark_url(world, first), {"mark": "done"})
    body = signed_in_client(world["lead"]).get(lead_url(world)).content.decode()
    assert "Completed (of 4 enrolled)" in body  # the cast's two pairs
    assert "<td>2</td>" in body
    assert SENTINEL not in body
    assert world["member"].name not in body and world["fellow"].name not in body


def test_it_keeps_a_completed_step_so_no_note_is_lost(world):
    first = make_path(world)[0]
    signed_in_client(world["member"]).post(
        mark_url(world, first), {"mark": "done", "note": SENTINEL}
    )
    client = signed_in_client(world["lead"])
    client.post(lead_url(world, "paths:step_remove", step_pk=first.pk))
    assert StepCompletion.objects.get().note == SENTINEL


def test_it_hides_one_persons_note_from_their_fellow_member(world):
    first = make_path(world)[0]
    signed_in_client(world["member"]).post(
        mark_url(world, first), {"mark": "done", "note": SENTINEL}
    )
    fellow = signed_in_client(world["fellow"])
    assert SENTINEL not in fellow.get(mine_url(world)).content.decode()
    fellow.post(mark_url(world, first), {"mark": "undo"})  # undoes only the fellow's own (none)
    assert StepCompletion.objects.get().note == SENTINEL


@pytest.mark.parametrize("who", ["member", "fellow", "manager", "other_lead", "outsider", "cas"])
def test_it_answers_404_on_the_lead_pages_to_everyone_else(world, who):
    step = make_path(world)[0]
    client = signed_in_client(world[who])
    assert client.get(lead_url(world)).status_code == 404
    assert client.get(lead_url(world, "paths:step_edit", step_pk=step.pk)).status_code == 404
    data = {"title": "INTRUDER", "kind": "goal", "week": "1", "direction": "down"}
    for name in ("paths:program", "paths:template"):
        assert client.post(lead_url(world, name), data).status_code == 404
    for name in ("paths:step_edit", "paths:step_move", "paths:step_remove"):
        assert client.post(lead_url(world, name, step_pk=step.pk), data).status_code == 404
    assert list(Step.objects.values_list("title", flat=True)) == [
        "Step in week 1",
        "Step in week 3",
        "Step in week 6",
    ]


@pytest.mark.parametrize("who", ["cas", "manager", "lead", "other_lead", "outsider"])
def test_it_answers_404_on_the_mine_page_to_people_not_enrolled(world, who):
    step = make_path(world)[0]
    client = signed_in_client(world[who])
    assert client.get(mine_url(world)).status_code == 404
    assert client.post(mark_url(world, step), {"mark": "done"}).status_code == 404
    assert not StepCompletion.objects.exists()


def test_it_forgets_a_withdrawn_participant(world):
    make_path(world)
    world["program"].enrolments.filter(person=world["member"]).update(status="withdrawn")
    client = signed_in_client(world["member"])
    assert client.get(mine_url(world)).status_code == 404
    assert "Your next step" not in client.get(reverse("home")).content.decode()


def test_it_strikes_through_the_title_of_a_done_step_not_its_buttons(world):
    first, _second, _later = make_path(world)
    client = signed_in_client(world["member"])
    client.post(mark_url(world, first), {"mark": "done", "note": "noted"})
    html = client.get(mine_url(world)).content.decode()
    step = html.split(f'id="step-{first.pk}"', 1)[1].split("</li>", 1)[0]
    assert f'<h2 class="done">{first.title}</h2>' in step
    # The card around the buttons is not struck through: only the title is.
    card = html.split(f'id="step-{first.pk}"', 1)[0].rsplit("<li", 1)[1]
    assert "done" not in card
    assert 'value="undo"' in step and 'class="done"' not in step.split("</h2>", 1)[1]
