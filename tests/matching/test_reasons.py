import pytest
from django.utils import translation

from peercoach.matching.engine import Options, Person, Reason, plan_rounds
from peercoach.matching.engine.model import reason
from peercoach.matching.reasons import render_reason, render_reasons

pytestmark = pytest.mark.database_free


def test_it_renders_reasons_in_english_and_dutch():
    r = reason("skill_offered", learner="Anna", teacher="Bram", skill="presenting")
    with translation.override("en"):
        assert render_reason(r) == "Anna wants to learn presenting, Bram offers it"
        assert render_reason(reason("new_pairing")) == "have not met before"
    with translation.override("nl"):
        assert render_reason(r) == "Anna wil presenting leren, Bram biedt het aan"
        assert render_reason(reason("new_pairing")) == "hebben elkaar nog niet eerder ontmoet"
        assert render_reason(reason("repeat_pairing", count="2")).startswith("2 paren")


def test_it_falls_back_for_unknown_codes_and_missing_params():
    with translation.override("en"):
        assert render_reason(Reason("something_new", {})) == "matched on other criteria"
        assert render_reason(reason("skill_offered")) == "matched on other criteria"
    with translation.override("nl"):
        assert render_reason(Reason("something_new", {})) == "gekoppeld op andere criteria"


def test_it_renders_every_reason_the_engine_produces():
    ps = [
        Person(
            id="a",
            name="Anna",
            department="Sales",
            languages=frozenset({"nl"}),
            skills_wanted=frozenset({"excel"}),
            skills_offered=frozenset({"sql"}),
            experience_years=2,
            role_preference="coachee",
            time_zone="Europe/Amsterdam",
        ),
        Person(
            id="b",
            name="Bram",
            department="IT",
            languages=frozenset({"nl"}),
            skills_offered=frozenset({"excel"}),
            skills_wanted=frozenset({"sql"}),
            experience_years=20,
            role_preference="coach",
            time_zone="Europe/Amsterdam",
        ),
        Person(id="c", name="Cas", languages=frozenset({"fr"})),
    ]
    [r] = plan_rounds(ps, Options())
    with translation.override("nl"):
        texts = render_reasons(r.groups[0].reasons) + [render_reason(u.reason) for u in r.unplaced]
    assert "Bram en Anna kunnen van elkaar leren: sql en excel" in texts
    assert "niemand die beschikbaar is deelt een coachingstaal" in texts
    assert "gekoppeld op andere criteria" not in texts


def test_it_builds_the_sentences_once_per_language():
    from peercoach.matching import reasons

    with translation.override("en"):
        english = reasons._templates()
        assert reasons._templates() is english
    with translation.override("nl"):
        dutch = reasons._templates()
        assert reasons._templates() is dutch
        assert dutch is not english
        assert dutch["new_pairing"] == "hebben elkaar nog niet eerder ontmoet"
    with translation.override("en"):
        assert reasons._templates() is english
        assert english["new_pairing"] == "have not met before"
