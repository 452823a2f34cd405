import pytest
from django.utils import translation

from peercoach.growth.phrasing import check_phrasing

pytestmark = pytest.mark.database_free


def codes(text: str) -> dict[str, str]:
    return {hint.code: hint.found for hint in check_phrasing(text)}


def test_it_flags_dutch_orders_absolutes_and_but():
    found = codes("Je moet altijd eerst luisteren, maar je presentatie was goed.")
    assert found == {"must": "Je moet", "absolute": "altijd", "but": "maar"}


def test_it_flags_english_orders_absolutes_labels_and_but():
    found = codes("You should never interrupt. The slides were good but the ending was bad.")
    assert found == {"must": "You should", "absolute": "never", "but": "but", "label": "bad"}


def test_it_leaves_supportive_feedback_alone():
    assert (
        check_phrasing("Je verhaal raakte de zaal. Wat je kunt proberen is trager afsluiten.") == []
    )
    assert check_phrasing("Your visuals were clear. Something you could try is a pause.") == []


def test_it_matches_whole_words_only():
    assert codes("The butterfly metaphor worked; a maartse bui") == {}


def test_it_explains_in_the_active_language_and_quotes_the_words():
    with translation.override("nl"):
        (hint,) = check_phrasing("you should")
        assert "“you should”" in hint.message
        assert "kans" in hint.message
    with translation.override("en"):
        (hint,) = check_phrasing("je moet")
        assert "“je moet”" in hint.message
        assert "What you could try" in hint.message
