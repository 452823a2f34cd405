"""Every form where someone is chosen among the organisation's people shows one picker."""

import pytest
from django.urls import reverse

from peercoach.organisations.models import Role
from peercoach.programs.models import Enrolment
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

PICKER = '<fieldset class="mb-3 person-picker"><legend class="form-label">'


def test_the_feedback_person_and_group_forms_share_the_person_picker(org):
    lead = factories.make_person(org, "Lena Lead", role=Role.LEAD)
    member = factories.make_person(org, "Mia Member")
    program = factories.make_program(org, leads=[lead])
    Enrolment.objects.create(program=program, person=member)
    pages = {
        "receiver": signed_in_client(member).get(reverse("growth:feedback_create")),
        "manager": signed_in_client(lead).get(reverse("people:add")),
        "members": signed_in_client(lead).get(
            reverse("programs:group_create", kwargs={"program_pk": program.pk})
        ),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert html.count(PICKER) == 1, name
        assert f'id="find-{name}"' in html and f'id="choices-{name}"' in html
        assert 'name="_find" value="1"' in html
    assert 'type="radio" name="manager" value="" id="manager-none" checked' in (
        pages["manager"].content.decode()
    )
    assert f'type="checkbox" name="members" value="{member.pk}"' in (
        pages["members"].content.decode()
    )
