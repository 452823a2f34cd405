"""The program page leads with one primary action per stage; the others are secondary."""

import re

import pytest
from django.urls import reverse

from peercoach.organisations.models import Role
from peercoach.programs.models import Enrolment, ProgramStatus
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

PRIMARY = re.compile(r'class="btn btn-primary[ "]')


@pytest.mark.parametrize("status", list(ProgramStatus.values))
def test_each_stage_has_exactly_one_primary_button(org, status):
    lead = factories.make_person(org, "Lena Lead", role=Role.LEAD)
    program = factories.make_program(org, leads=[lead], status=status)
    Enrolment.objects.create(program=program, person=factories.make_person(org, "Anna"))
    html = signed_in_client(lead).get(reverse("programs:detail", args=[program.pk])).content
    main = html.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert len(PRIMARY.findall(main)) == 1, PRIMARY.findall(main)


def test_the_program_list_is_a_list_that_shows_stage_counts_and_period_on_a_phone(org):
    lead = factories.make_person(org, "Lena Lead", role=Role.LEAD)
    program = factories.make_program(org, leads=[lead], name="Duo's 2027")
    Enrolment.objects.create(program=program, person=factories.make_person(org, "Anna"))
    html = signed_in_client(lead).get(reverse("programs:list")).content.decode()
    item = html.split('class="list-group-item')[1].split("</li>")[0]
    assert "Duo&#x27;s 2027" in item and "badge-info" in item
    assert "Enrolled: 1" in item and "Groups: 0" in item
    assert "<table" not in html.split("<main", 1)[1]


def test_a_programs_stage_has_one_tone_on_the_list_its_page_and_the_lead_home(org):
    lead = factories.make_person(org, "Lena Lead", role=Role.LEAD)
    program = factories.make_program(org, leads=[lead], status=ProgramStatus.RUNNING)
    client = signed_in_client(lead)
    for url in (reverse("programs:list"), reverse("programs:detail", args=[program.pk]), "/"):
        html = client.get(url).content.decode()
        assert '<span class="badge badge-success">Running</span>' in html, url
