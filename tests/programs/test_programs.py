from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from peercoach.assessments.models import Questionnaire
from peercoach.assessments.starter import STATEMENTS
from peercoach.organisations.models import Role
from peercoach.programs.models import Enrolment, Group, Program, ProgramStatus
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(cast):
    """The cast's organisation; the programs a test creates sit beside the cast's program."""
    return cast.organisation


@pytest.fixture
def lead(cast):
    return cast.lead


def program_data(**overrides):
    data = {
        "name": "Cross-training 2027",
        "purpose": "Learn from another department",
        "format": "pairs",
        "group_size": "2",
        "cadence": "biweekly",
        "starts_on": "2027-01-04",
        "ends_on": "2027-06-30",
    }
    data.update(overrides)
    return data


def test_it_lets_a_lead_create_a_program_and_makes_them_its_lead(lead):
    response = signed_in_client(lead).post(reverse("programs:create"), program_data())
    program = Program.objects.get(name="Cross-training 2027")
    assert response.status_code == 302
    assert list(program.leads.all()) == [lead]
    assert program.status == ProgramStatus.DRAFT
    assert program.starts_on == date(2027, 1, 4)
    # Created by the action itself (there is no post_save receiver any more), in one go.
    statements = program.questionnaire.statements.order_by("order")
    assert [s.text_en for s in statements] == [en for _nl, en in STATEMENTS]


def test_a_program_saved_outside_the_action_gets_no_questionnaire_behind_its_back(org):
    program = Program.objects.create(
        organisation=org, name="Raw", starts_on=date(2027, 1, 4), ends_on=date(2027, 6, 30)
    )
    assert not Questionnaire.objects.filter(program=program).exists()


def test_it_refuses_an_end_before_the_start_in_dutch(cast, lead):
    lead.preferred_language = "nl"
    lead.save()
    response = signed_in_client(lead).post(
        reverse("programs:create"), program_data(ends_on="2026-12-01")
    )
    assert response.status_code == 200
    assert "De einddatum mag niet voor de startdatum liggen." in response.content.decode()
    assert list(Program.objects.all()) == [cast.program]


def test_it_refuses_an_intervision_group_of_ten(cast, lead):
    response = signed_in_client(lead).post(
        reverse("programs:create"), program_data(format="groups", group_size="10")
    )
    assert response.status_code == 200
    assert "between 3 and 8 members" in response.content.decode()
    assert list(Program.objects.all()) == [cast.program]


def test_it_enrols_people_once_and_forms_a_group_of_enrolled_people_only(cast, org, lead):
    program = factories.make_program(org, leads=[lead])
    anna, bram, cas = cast.member, cast.fellow, cast.other_member
    client = signed_in_client(lead)
    enrol_url = reverse("programs:enrol", kwargs={"program_pk": program.pk})
    client.post(enrol_url, {"people": [anna.pk, bram.pk]})
    client.post(enrol_url, {"people": [anna.pk]})
    assert Enrolment.objects.filter(program=program).count() == 2

    group_url = reverse("programs:group_create", kwargs={"program_pk": program.pk})
    refused = client.post(group_url, {"name": "Trio", "members": [anna.pk, bram.pk, cas.pk]})
    assert refused.status_code == 200
    assert set(Group.objects.all()) == {cast.group, cast.other_group}

    client.post(group_url, {"name": "Duo", "members": [anna.pk, bram.pk]})
    group = Group.objects.get(name="Duo")
    assert sorted(m.role for m in group.memberships.all()) == ["coach", "coachee"]


def test_it_moves_a_program_through_its_stages(org, lead):
    program = factories.make_program(org, leads=[lead])
    url = reverse("programs:advance", kwargs={"program_pk": program.pk})
    client = signed_in_client(lead)
    for expected in ("enrolling", "running", "closed", "closed"):
        client.post(url, {"confirm": "yes"})
        program.refresh_from_db()
        assert program.status == expected


def test_it_hides_programs_from_a_lead_who_does_not_run_them(cast, org, lead):
    other_lead = factories.make_person(org, role=Role.LEAD)
    program = factories.make_program(org, leads=[other_lead])
    url = reverse("programs:detail", kwargs={"program_pk": program.pk})
    assert signed_in_client(lead).get(url).status_code == 404
    assert signed_in_client(other_lead).get(url).status_code == 200
    assert signed_in_client(cast.admin).get(url).status_code == 200


def test_it_shows_participants_no_program_admin(cast):
    participant = cast.member
    for name in ("programs:list", "programs:create", "people:list", "people:add"):
        assert signed_in_client(participant).get(reverse(name)).status_code == 404


def test_it_translates_model_choices():
    with translation.override("nl"):
        assert str(ProgramStatus.RUNNING.label) == "Loopt"


def test_it_invites_people_once_the_program_opens_and_when_enrolled_later(cast, org, lead):
    from peercoach.notifications.models import OutgoingMessage

    program = factories.make_program(org, leads=[lead])
    anna, bram = cast.member, cast.fellow
    client = signed_in_client(lead)
    client.post(reverse("programs:enrol", kwargs={"program_pk": program.pk}), {"people": [anna.pk]})
    assert not OutgoingMessage.objects.exists()  # a draft program invites nobody yet

    client.post(reverse("programs:advance", kwargs={"program_pk": program.pk}), {"confirm": "yes"})
    client.post(reverse("programs:enrol", kwargs={"program_pk": program.pk}), {"people": [bram.pk]})
    client.post(reverse("programs:enrol", kwargs={"program_pk": program.pk}), {"people": [bram.pk]})
    invited = OutgoingMessage.objects.filter(kind="program_invitation")
    assert sorted(invited.values_list("person_id", flat=True)) == [anna.pk, bram.pk]
