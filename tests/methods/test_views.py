"""Running a session in the live view: set-up, phases, contributions, insights, follow-up."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peercoach.coaching.models import ActionItem
from peercoach.methods.models import (
    Activity,
    Contribution,
    FollowUpDecision,
    Insight,
    Method,
    ProgramMethod,
    SessionRole,
    SessionRun,
)
from peercoach.programs.models import Format
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def groups_program(cast):
    """A program of groups of four in the cast's organisation, led by the cast's lead (the
    cast's own program is one of pairs)."""
    return factories.make_program(
        cast.organisation, leads=[cast.lead], format=Format.GROUPS, group_size=4
    )


@pytest.fixture
def group_session(cast):
    """The cast's two pairs (member, fellow, other member, other partner) as one group of four in
    a groups program of the cast's lead, with a session today after one two weeks ago."""
    people = [cast.member, cast.fellow, cast.other_member, cast.other_partner]
    lead = cast.lead
    program = groups_program(cast)
    ProgramMethod.objects.create(program=program, method=Method.objects.get(key="incident"))
    group = factories.make_group(program, people, name="Groep 1")
    previous = factories.make_session(group, days_from_now=-14)
    session = factories.make_session(group, days_from_now=0)
    return {"people": people, "lead": lead, "previous": previous, "session": session}


def url(name, session, **kwargs):
    return reverse(f"methods:{name}", kwargs={"session_pk": session.pk, **kwargs})


def test_it_starts_with_the_program_default_method_and_fair_roles(group_session):
    session, ann = group_session["session"], group_session["people"][0]
    client = signed_in_client(ann)
    page = client.get(url("run", session), follow=True).content.decode()
    assert "Incident method" in page and "Not started yet" in page
    client.post(url("run_start", session))
    run = SessionRun.objects.get(session=session)
    assert run.is_running and run.method.key == "incident"
    roles = sorted(SessionRole.objects.filter(session=session).values_list("role", flat=True))
    assert roles == ["case_bringer", "facilitator", "observer", "timekeeper"]
    page = client.get(url("run", session), follow=True).content.decode()
    assert "Phase 1 of 7" in page and "Review of last time&#x27;s actions" in page


def test_it_moves_everyone_through_the_phases_and_ends_after_the_last(group_session):
    session, (ann, bo, *_) = group_session["session"], group_session["people"]
    signed_in_client(ann).post(url("run_start", session))
    for _ in range(3):
        signed_in_client(ann).post(url("run_move", session), {"direction": "next"})
    signed_in_client(bo).post(url("run_move", session), {"direction": "previous"})
    run = SessionRun.objects.get(session=session)
    assert run.phase_index == 2
    fragment = signed_in_client(bo).get(url("run_phase", session)).content.decode()
    assert "Phase 3 of 7" in fragment and "Choose a case" in fragment
    for _ in range(5):
        signed_in_client(bo).post(url("run_move", session), {"direction": "next"})
    run.refresh_from_db()
    assert run.ended_at is not None and run.phase_index == 6


def test_it_answers_a_poll_with_no_content_while_the_phase_is_unchanged(group_session):
    session, ann = group_session["session"], group_session["people"][0]
    client = signed_in_client(ann)
    client.post(url("run_start", session))
    fragment = client.get(url("run_phase", session)).content.decode()
    seen = fragment.split("?seen=")[1].split('"')[0]
    poll = client.get(url("run_phase", session), {"seen": seen}, HTTP_HX_REQUEST="true")
    assert poll.status_code == 204
    client.post(url("run_move", session), {"direction": "next"})
    poll = client.get(url("run_phase", session), {"seen": seen}, HTTP_HX_REQUEST="true")
    assert poll.status_code == 200 and "Phase 2 of 7" in poll.content.decode()


def test_it_reloads_the_page_of_those_waiting_when_the_session_starts(group_session):
    session, (ann, bo, *_) = group_session["session"], group_session["people"]
    signed_in_client(ann).post(url("run_start", session))
    poll = signed_in_client(bo).get(url("run_phase", session), {"seen": "0"}, HTTP_HX_REQUEST="1")
    assert poll["HX-Refresh"] == "true"


def test_it_lets_members_change_method_and_roles_only_before_the_start(group_session):
    session, people = group_session["session"], group_session["people"]
    five_step = Method.objects.get(key="five-step")
    roles = {f"role_{p.pk}": "member" for p in people}
    roles[f"role_{people[3].pk}"] = "case_bringer"
    client = signed_in_client(people[0])
    client.post(url("run_setup", session), {"method": five_step.pk, **roles})
    assert SessionRun.objects.get(session=session).method == five_step
    assert SessionRole.objects.get(session=session, role="case_bringer").person == people[3]
    client.post(url("run_start", session))
    roles[f"role_{people[0].pk}"] = "case_bringer"
    roles[f"role_{people[3].pk}"] = "member"
    response = client.post(
        url("run_setup", session), {"method": five_step.pk, **roles}, follow=True
    )
    assert "roles and method are fixed" in response.content.decode()
    assert SessionRole.objects.get(session=session, role="case_bringer").person == people[3]


def test_it_refuses_a_pair_role_in_a_group(group_session):
    session, people = group_session["session"], group_session["people"]
    roles = {f"role_{p.pk}": "coach" for p in people}
    signed_in_client(people[0]).post(
        url("run_setup", session), {"method": Method.objects.get(key="incident").pk, **roles}
    )
    assert not SessionRole.objects.filter(session=session).exists()


def test_it_records_contributions_with_a_guess_or_the_writers_choice(group_session):
    session, ann = group_session["session"], group_session["people"][0]
    client = signed_in_client(ann)
    client.post(url("run_start", session))
    for _ in range(3):
        client.post(url("run_move", session), {"direction": "next"})
    add = url("contribution_add", session)
    client.post(add, {"contribution-text": "Wat deed je toen?", "contribution-kind": ""})
    client.post(add, {"contribution-text": "Je moet het gewoon zeggen.", "contribution-kind": ""})
    client.post(add, {"contribution-text": "Bel haar morgen", "contribution-kind": "advice"})
    kinds = list(Contribution.objects.order_by("pk").values_list("kind", "phase__name_en"))
    assert kinds == [
        ("question", "Factual questions, no advice"),
        ("advice", "Factual questions, no advice"),
        ("advice", "Factual questions, no advice"),
    ]
    summary = client.get(reverse("coaching:session", kwargs={"session_pk": session.pk}))
    body = summary.content.decode()
    assert "1 question" in body and "2 pieces of advice" in body and "33%" in body


def test_it_keeps_spontaneous_insights_with_the_session(group_session):
    session, ann = group_session["session"], group_session["people"][0]
    client = signed_in_client(ann)
    client.post(url("insight_add", session), {"insight-text": "Te vroeg"})
    assert not Insight.objects.exists()
    client.post(url("run_start", session))
    client.post(url("insight_add", session), {"insight-text": "Ik vermijd ruzie"})
    assert Insight.objects.get(session=session).text == "Ik vermijd ruzie"
    lead_page = signed_in_client(group_session["lead"]).get(
        reverse("coaching:session", kwargs={"session_pk": session.pk})
    )
    assert "Ik vermijd ruzie" not in lead_page.content.decode()


def test_it_carries_over_closes_or_drops_last_sessions_actions(group_session):
    session, previous, (ann, bo, *_) = (
        group_session["session"],
        group_session["previous"],
        group_session["people"],
    )
    carry = factories.make_action_item(previous, ann, "Gesprek met teamleider")
    close = factories.make_action_item(previous, bo, "Boek lezen")
    drop = factories.make_action_item(previous, bo, "Cursus zoeken")
    client = signed_in_client(ann)
    decide = lambda item, **data: client.post(url("follow_up", session, item_pk=item.pk), data)  # noqa: E731
    decide(carry, choice="carry_over")
    decide(close, choice="close")
    decide(drop, choice="drop", reason="")
    assert not FollowUpDecision.objects.filter(item=drop).exists()
    decide(drop, choice="drop", reason="Past niet meer bij mijn rol")
    carried = ActionItem.objects.get(session=session)
    assert (carried.text, carried.owner) == ("Gesprek met teamleider", ann)
    close.refresh_from_db()
    assert close.is_done
    assert FollowUpDecision.objects.get(item=drop).reason == "Past niet meer bij mijn rol"
    page = client.get(url("run", session), follow=True).content.decode()
    assert "Carried over" in page and "Past niet meer bij mijn rol" in page


def test_it_follows_up_only_the_previous_sessions_actions(group_session):
    session, ann = group_session["session"], group_session["people"][0]
    own = factories.make_action_item(session, ann, "Nieuwe actie")
    signed_in_client(ann).post(url("follow_up", session, item_pk=own.pk), {"choice": "close"})
    assert not FollowUpDecision.objects.exists()


def test_it_shows_the_phase_in_dutch(group_session):
    session, ann = group_session["session"], group_session["people"][0]
    ann.preferred_language = "nl"
    ann.save()
    client = signed_in_client(ann)
    client.post(url("run_start", session))
    client.post(url("run_move", session), {"direction": "next"})
    page = client.get(url("run", session), follow=True).content.decode()
    assert "Casussen inbrengen" in page and "Fase 2 van 7" in page


def test_it_counts_down_from_the_phase_minutes_and_shows_overtime(group_session):
    session, ann = group_session["session"], group_session["people"][0]
    signed_in_client(ann).post(url("run_start", session))
    run = SessionRun.objects.get(session=session)
    run.phase_started_at = timezone.now() - timedelta(minutes=3)
    run.save()
    fragment = signed_in_client(ann).get(url("run_phase", session)).content.decode()
    assert ">1:59<" in fragment or ">2:00<" in fragment  # 5 minutes for the review phase
    run.phase_started_at = timezone.now() - timedelta(minutes=7)
    run.save()
    fragment = signed_in_client(ann).get(url("run_phase", session)).content.decode()
    assert ">+2:00<" in fragment or ">+2:01<" in fragment


def test_it_lists_the_library_and_an_activitys_role_play_briefs(group_session):
    client = signed_in_client(group_session["people"][0])
    library = client.get(reverse("methods:library")).content.decode()
    assert "Socratic dialogue" in library and "Role play" in library
    role_play = Activity.objects.get(key="role-play", organisation=None)
    page = client.get(reverse("methods:activity", kwargs={"activity_pk": role_play.pk}))
    assert "A challenging client call" in page.content.decode()


def test_it_lets_a_lead_choose_the_programs_default_method(cast):
    lead, member = cast.lead, cast.member
    program = groups_program(cast)
    group = factories.make_group(program, [member, cast.fellow])
    session = factories.make_session(group)
    balint = Method.objects.get(key="balint", organisation=None)
    program_url = reverse("methods:program_method", kwargs={"program_pk": program.pk})
    assert signed_in_client(member).post(program_url, {"method": balint.pk}).status_code == 404
    assert not ProgramMethod.objects.exists()
    signed_in_client(lead).post(program_url, {"method": balint.pk})
    assert ProgramMethod.objects.get(program=program).method == balint
    page = signed_in_client(member).get(url("run", session), follow=True).content.decode()
    assert "Balint method" in page
    pair_only = Method.objects.get(key="goal-reflection-next-steps", organisation=None)
    signed_in_client(lead).post(program_url, {"method": pair_only.pk})
    assert ProgramMethod.objects.get(program=program).method == balint


def test_it_takes_time_stamped_observation_notes_inside_a_session(group_session):
    session, (ann, *_), lead = (
        group_session["session"],
        group_session["people"],
        group_session["lead"],
    )
    observation = Activity.objects.get(key="observation-feedback", organisation=None)
    activity_url = reverse("methods:activity", kwargs={"activity_pk": observation.pk})
    client = signed_in_client(ann)
    client.post(url("run_start", session))
    response = client.post(
        url("contribution_add", session),
        {
            "contribution-text": "Leunt naar voren bij het verhaal",
            "contribution-kind": "observation",
            "activity": observation.pk,
        },
    )
    assert response["Location"] == f"{activity_url}?session={session.pk}#notes"
    page = client.get(activity_url, {"session": session.pk}).content.decode()
    assert "Leunt naar voren bij het verhaal" in page and "<time datetime=" in page
    lead_page = signed_in_client(lead).get(activity_url, {"session": session.pk}).content.decode()
    assert "Leunt naar voren" not in lead_page


def test_a_leaver_gets_no_role_and_is_not_needed_for_one(cast):
    """A group of four that the cast's former member left: roles go to the four taking part."""
    people = [cast.member, cast.fellow, cast.other_member, cast.other_partner]
    group = factories.make_group(groups_program(cast), [*people, cast.former_member])
    session = factories.make_session(group, days_from_now=0)
    five_step = Method.objects.get(key="five-step")
    roles = {f"role_{p.pk}": "member" for p in people}
    roles[f"role_{people[3].pk}"] = "case_bringer"
    client = signed_in_client(people[0])
    page = client.get(reverse("coaching:session", kwargs={"session_pk": session.pk}))
    assert f"role_{cast.former_member.pk}" not in page.content.decode()
    client.post(url("run_setup", session), {"method": five_step.pk, **roles})
    assert SessionRun.objects.get(session=session).method == five_step
    assert set(SessionRole.objects.filter(session=session).values_list("person", flat=True)) == {
        p.pk for p in people
    }
