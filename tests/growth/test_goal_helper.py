from datetime import date, timedelta

import pytest
from django.utils import translation

from peercoach.growth.goal_helper import check_goal, is_vague

pytestmark = pytest.mark.database_free

NEXT_MONTH = date.today() + timedelta(days=30)


def codes(hints) -> set[str]:
    return {hint.code for hint in hints}


def test_it_flags_a_vague_dutch_goal_without_measure_or_date():
    hints = check_goal("Ik wil beter worden")
    assert {"vague_word", "no_measure", "no_date", "no_why"} <= codes(hints)
    assert is_vague(hints)


def test_it_flags_a_vague_english_goal():
    hints = check_goal("Improve my presentations", due_on=NEXT_MONTH, why="Big meeting")
    assert codes(hints) == {"vague_word", "no_measure"}


def test_it_accepts_a_specific_measurable_dated_goal_in_both_languages():
    dutch = check_goal(
        "Klantmails binnen een dag zelfverzekerd beantwoorden",
        metric="mails per week binnen een dag",
        target=5,
        due_on=NEXT_MONTH,
        why="Klanten wachten te lang",
    )
    english = check_goal(
        "Give the quarterly presentation without reading from notes",
        milestones=["Rehearse with a colleague", "Present to the team"],
        due_on=NEXT_MONTH,
        why="I want to connect with the room",
    )
    assert dutch == [] and english == []


def test_it_counts_a_number_in_the_goal_as_a_measure():
    hints = check_goal("Run 3 intake calls on my own", due_on=NEXT_MONTH, why="growth")
    assert "no_measure" not in codes(hints)


def test_it_does_not_mistake_words_that_merely_contain_a_vague_word():
    hints = check_goal("Lead the moreover-project kickoff meeting", due_on=NEXT_MONTH, why="x")
    assert "vague_word" not in codes(hints)


def test_it_flags_a_date_in_the_past():
    hints = check_goal("Hold 4 one-to-ones", due_on=date.today() - timedelta(days=1), why="x")
    assert "date_passed" in codes(hints)


def test_it_suggests_in_the_active_language():
    with translation.override("nl"):
        dutch = {h.code: h.message for h in check_goal("improve")}
    with translation.override("en"):
        english = {h.code: h.message for h in check_goal("improve")}
    assert "Pick a date" in english["no_date"]
    assert dutch["no_date"] != english["no_date"]
    assert "datum" in dutch["no_date"]
    assert "“improve”" in dutch["vague_word"]
