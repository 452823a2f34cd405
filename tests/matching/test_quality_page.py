"""The matching page says how close the pairs are to the best possible and how many rounds fit."""

from __future__ import annotations

from django.urls import reverse

from peercoach.matching import planning
from peercoach.organisations.models import Role
from peercoach.programs.models import Enrolment, ProgramStatus
from tests import factories
from tests.conftest import signed_in_client


def test_the_lead_sees_the_gap_to_the_best_pairing_and_who_limits_the_rounds(org):
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD, preferred_language="en")
    program = factories.make_program(org, leads=[lead], status=ProgramStatus.ENROLLING)
    sanne = factories.make_person(org, "Sanne Manager", department="Sales")
    people = [
        factories.make_person(org, f"Report {n}", department="Sales", manager=sanne)
        for n in range(4)
    ]
    people += [factories.make_person(org, f"Other {n}", department="HR") for n in range(5)]
    for person in [sanne, *people]:
        Enrolment.objects.create(program=program, person=person)
    round_ = planning.do_plan_round(program)
    assert round_.quality["upper_bound"] >= round_.quality["pair_weight"] > 0

    client = signed_in_client(lead)
    body = client.get(reverse("matching:program", args=[program.pk])).content.decode()
    assert "of the best possible pairing of these people" in body
    assert (
        "5 rounds without repeats is the most possible: Sanne Manager may meet only 5 of "
        "the 9 colleagues in this program." in body
    )
    lead.preferred_language = "nl"
    lead.save()
    client = signed_in_client(lead)
    body = client.get(reverse("matching:program", args=[program.pk])).content.decode()
    assert "van de best mogelijke indeling" in body
    assert "Sanne Manager mag maar 5 van de 9 collega" in body
