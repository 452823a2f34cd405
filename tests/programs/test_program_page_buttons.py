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
