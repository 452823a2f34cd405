"""The shipped methods and activities: complete in Dutch and English, with real phases."""

import pytest
from django.db import models
from django.utils import translation

from peercoach.methods import library
from peercoach.methods.models import Activity, Method, Phase, PhaseKind, Scenario
from tests import factories

pytestmark = pytest.mark.django_db

REQUIRED_METHODS = {
    "intervision-pattern",
    "goal-reflection-next-steps",
    "incident",
    "balint",
    "roddel",
    "socratic",
    "five-step",
    "problem-solving",
}


def bilingual_fields(model) -> list[str]:
    return [
        field.name[:-3]
        for field in model._meta.get_fields()
        if isinstance(field, models.Field) and field.name.endswith("_nl")
    ]


@pytest.mark.parametrize("model", [Method, Phase, Activity, Scenario])
def test_it_misses_no_text_in_either_language(model):
    rows = list(model.objects.all())
    assert rows, f"no {model.__name__} shipped"
    for row in rows:
        for name in bilingual_fields(model):
            dutch, english = getattr(row, f"{name}_nl"), getattr(row, f"{name}_en")
            assert dutch and english, f"{model.__name__} {row.pk} misses {name}"
            if isinstance(dutch, list):
                assert len(dutch) == len(english), f"{model.__name__} {row.pk} {name}"
                assert all(dutch) and all(english), f"{model.__name__} {row.pk} {name}"
            else:
                assert dutch != english or len(dutch) < 25, (
                    f"{model.__name__} {row.pk} {name} looks untranslated: {dutch!r}"
                )


def test_it_ships_every_required_method_with_phases_that_say_who_speaks():
    methods = {method.key: method for method in Method.objects.filter(organisation=None)}
    assert set(methods) >= REQUIRED_METHODS
    for method in methods.values():
        phases = list(method.phases.all())
        assert len(phases) >= 3, method.key
        assert all(phase.minutes > 0 and phase.who_speaks_en for phase in phases), method.key


def test_it_times_the_incident_method_as_the_common_65_minute_version():
    incident = Method.objects.get(key="incident", organisation=None)
    assert [phase.minutes for phase in incident.phases.all()] == [5, 10, 5, 15, 10, 10, 10]
    assert incident.total_minutes == 65
    questions = incident.phases.get(kind=PhaseKind.QUESTIONS)
    assert questions.allowed_en == "Questions only, no advice"
    advice = incident.phases.get(kind=PhaseKind.ADVICE)
    assert "listens" in advice.who_speaks_en


def test_it_ships_the_five_activities_with_role_play_briefs():
    kinds = set(Activity.objects.filter(organisation=None).values_list("kind", flat=True))
    assert kinds == {"goal_setting", "reflection", "observation", "role_play", "cross_training"}
    role_play = Activity.objects.get(key="role-play", organisation=None)
    assert role_play.scenarios.count() >= 2
    assert all(s.brief_a_nl and s.brief_b_en for s in role_play.scenarios.all())


def test_it_speaks_the_active_language():
    method = Method.objects.get(key="incident", organisation=None)
    with translation.override("nl"):
        assert method.name == "Incidentmethode"
    with translation.override("en"):
        assert method.name == "Incident method"


def test_it_offers_an_organisation_its_own_methods_and_not_others():
    own_org, other_org = factories.make_organisation(), factories.make_organisation()
    own = Method.objects.create(
        key="own", organisation=own_org, name_nl="Eigen", name_en="Own",
        description_nl="x", description_en="y",
    )  # fmt: skip
    Method.objects.create(
        key="theirs", organisation=other_org, name_nl="Hun", name_en="Theirs",
        description_nl="x", description_en="y",
    )  # fmt: skip
    keys = set(Method.objects.available_to(own_org).values_list("key", flat=True))
    assert own.key in keys and "theirs" not in keys and keys >= REQUIRED_METHODS


def test_it_reloads_the_library_without_duplicates():
    before = (Method.objects.count(), Phase.objects.count(), Activity.objects.count())
    library.load(Method, Phase, Activity, Scenario)
    assert (Method.objects.count(), Phase.objects.count(), Activity.objects.count()) == before
