import pytest

from peercoach.methods.tally import guess_kind, tally

pytestmark = pytest.mark.database_free


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Wat gebeurde er daarna?", "question"),
        ("Hoe reageerde je team", "question"),
        ("Waarom koos je daarvoor?", "question"),
        ("What did you feel at that moment?", "question"),
        ("how long has this been going on", "question"),
        ("Je moet gewoon nee zeggen.", "advice"),
        ("Je zou het eerst met je manager kunnen bespreken.", "advice"),
        ("Ik zou het anders aanpakken.", "advice"),
        ("Zou je niet eens met haar gaan lunchen?", "advice"),
        ("You should talk to her first.", "advice"),
        ("Why don't you ask for help?", "advice"),
        ("Try saying no once this week.", "advice"),
        ("Ik merk dat je sneller gaat praten.", "observation"),
        ("I notice you smile when you mention the team.", "observation"),
    ],
)
def test_it_guesses_the_kind_from_the_text(text, kind):
    assert guess_kind(text) == kind


def test_it_falls_back_on_the_phase_for_plain_statements():
    assert guess_kind("Een kort gesprek met je manager.", "advice") == "advice"
    assert guess_kind("Een kort gesprek met je manager.", "questions") == "observation"


def test_it_counts_each_kind_and_the_share_of_questions():
    result = tally(["question", "question", "advice", "observation"])
    assert result == {
        "question": 2, "advice": 1, "observation": 1, "total": 4, "question_share": 50,
    }  # fmt: skip
    assert tally([])["question_share"] == 0
