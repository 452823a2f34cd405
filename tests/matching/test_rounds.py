from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from peercoach.matching import engine, planning
from peercoach.programs.models import (
    Enrolment,
    Group,
    GroupMember,
    ProgramStatus,
    Round,
    RoundStatus,
)
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(cast):
    """The cast's program, enrolling, with six people to match: the manager (`boss`) first, then
    the member and one more person who both report to the manager, then the fellow and the other
    pair. The cast's hand-formed pairs are the program's history."""
    boss = cast.manager
    report = factories.make_person(cast.organisation, "Rita Report", manager=boss)
    people = [boss, cast.member, report, cast.fellow, cast.other_member, cast.other_partner]
    program = cast.program
    program.status = ProgramStatus.ENROLLING
    program.save()
    for person in (boss, report):
        Enrolment.objects.create(program=program, person=person)
    return cast.lead, boss, people, program


def plan(lead, program):
    response = signed_in_client(lead).post(
        reverse("matching:plan", kwargs={"program_pk": program.pk})
    )
    assert response.status_code == 302
    return Round.objects.filter(program=program).order_by("-number").first()


def groups_of(round_):
    return [
        sorted(m.person_id for m in group.memberships.all())
        for group in round_.groups.prefetch_related("memberships")
    ]


def test_it_matches_a_draft_round_that_members_do_not_see_until_published(setup):
    lead, boss, people, program = setup
    round_ = plan(lead, program)
    assert round_.status == RoundStatus.DRAFT
    groups = groups_of(round_)
    assert sorted(pk for members in groups for pk in members) == sorted(p.pk for p in people)
    assert all(len(members) == 2 for members in groups)  # six people: three pairs
    for members in groups:
        assert not (
            {boss.pk, people[1].pk} <= set(members) or {boss.pk, people[2].pk} <= set(members)
        )

    member = people[3]
    group = Group.objects.get(round=round_, memberships__person=member)
    client = signed_in_client(member)
    detail = reverse("coaching:group_detail", kwargs={"group_pk": group.pk})
    assert client.get(detail).status_code == 404
    assert group.name not in client.get(reverse("home")).content.decode()

    page = signed_in_client(lead).get(
        reverse("matching:program", kwargs={"program_pk": program.pk})
    )
    assert page.status_code == 200
    assert group.name in page.content.decode()

    signed_in_client(lead).post(
        reverse("matching:publish", kwargs={"round_pk": round_.pk}), {"confirm": "yes"}
    )
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED
    assert client.get(detail).status_code == 200


def test_it_refuses_a_move_that_puts_someone_with_their_manager(setup):
    lead, boss, people, program = setup
    round_ = plan(lead, program)
    report = people[1]
    boss_group = Group.objects.get(round=round_, memberships__person=boss)
    before = groups_of(round_)
    response = signed_in_client(lead).post(
        reverse("matching:move", kwargs={"round_pk": round_.pk}),
        {"person": report.pk, "group": boss_group.pk},
        follow=True,
    )
    body = response.content.decode()
    assert "would break a matching rule" in body
    assert f"{boss.name} and {report.name} have a direct reporting line" in body
    assert groups_of(round_) == before


def test_it_refuses_a_plan_that_breaks_a_rule_whoever_made_it(setup, monkeypatch):
    """The round checks the engine's plan pair by pair: one that puts the manager with their
    report (which the engine never does) is refused, and nothing of it is kept."""
    lead, boss, people, program = setup
    real = engine.plan_rounds

    def breaking(pool, options, **kwargs):
        (result,) = real(pool, options, **kwargs)
        ids = [str(p.pk) for p in people]  # the boss first, then two of their reports
        groups = [ids[0:2], ids[2:4], ids[4:6]]
        fake = [engine.MatchedGroup(tuple(g), {}, 0.0, ()) for g in groups]
        return [replace(result, groups=tuple(fake), unplaced=())]

    monkeypatch.setattr(planning.engine, "plan_rounds", breaking)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        planning.do_plan_round(program)
    assert refused.value.code == "hard_constraint"
    assert f"{boss.name} and {people[1].name} have a direct reporting line" in str(refused.value)
    assert not Round.objects.filter(program=program, status=RoundStatus.DRAFT).exists()
    assert not Group.objects.filter(program=program, round__isnull=False).exists()


def test_it_keeps_locked_groups_when_matching_again(setup):
    lead, boss, people, program = setup
    round_ = plan(lead, program)
    locked = round_.groups.first()
    locked_members = sorted(m.person_id for m in locked.memberships.all())
    signed_in_client(lead).post(reverse("matching:lock", kwargs={"group_pk": locked.pk}))
    for _ in range(2):
        round_ = plan(lead, program)
        assert locked_members in groups_of(round_)
    assert Round.objects.filter(program=program).count() == 1


def test_it_swaps_two_people_and_rescores_their_groups(setup):
    lead, boss, people, program = setup
    round_ = plan(lead, program)
    group_of = {m.person_id: m.group_id for m in GroupMember.objects.filter(group__round=round_)}
    unrelated = [p for p in people[3:]]
    first, second = next(
        (a, b) for a in unrelated for b in unrelated if group_of[a.pk] != group_of[b.pk]
    )
    signed_in_client(lead).post(
        reverse("matching:swap", kwargs={"round_pk": round_.pk}),
        {"first": first.pk, "second": second.pk},
    )
    assert (
        GroupMember.objects.get(person=first, group__round=round_).group_id == group_of[second.pk]
    )
    assert (
        GroupMember.objects.get(person=second, group__round=round_).group_id == group_of[first.pk]
    )
    assert all(g.score is not None for g in round_.groups.all())


def test_it_avoids_repeating_pairs_in_the_next_round(setup):
    lead, _, people, program = setup
    first = plan(lead, program)
    signed_in_client(lead).post(
        reverse("matching:publish", kwargs={"round_pk": first.pk}), {"confirm": "yes"}
    )
    second = plan(lead, program)
    assert second.number == 2
    met = {frozenset(members) for members in groups_of(first)}
    assert not met & {frozenset(members) for members in groups_of(second)}


def test_it_forms_a_trio_rather_than_leaving_someone_alone(setup, cast):
    lead, _, people, program = setup
    seventh = factories.make_person(cast.organisation, "Seventh")
    Enrolment.objects.create(program=program, person=seventh)
    round_ = plan(lead, program)
    assert sorted(len(members) for members in groups_of(round_)) == [2, 2, 3]


def test_it_lets_no_participant_run_matching(setup):
    _, _, people, program = setup
    response = signed_in_client(people[3]).post(
        reverse("matching:plan", kwargs={"program_pk": program.pk})
    )
    assert response.status_code == 404
    assert not Round.objects.exists()


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_it_matches_large_programs_in_a_task_and_shows_progress_meanwhile(
    setup, settings, django_capture_on_commit_callbacks
):
    lead, _, people, program = setup
    settings.MATCHING_BACKGROUND_FROM = 3
    settings.TASKS = IMMEDIATE_TASKS
    client = signed_in_client(lead)
    page_url = reverse("matching:program", kwargs={"program_pk": program.pk})
    status_url = reverse("matching:status", kwargs={"program_pk": program.pk})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("matching:plan", kwargs={"program_pk": program.pk}))
    round_ = Round.objects.get(program=program)
    assert round_.matching_state == "queued"
    assert not round_.groups.exists()
    assert 'hx-trigger="every 2s"' in client.get(page_url).content.decode()
    assert "HX-Refresh" not in client.get(status_url)
    client.post(reverse("matching:publish", kwargs={"round_pk": round_.pk}), {"confirm": "yes"})
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT

    for callback in callbacks:  # what the worker does once the request has committed
        callback()
    round_.refresh_from_db()
    assert round_.matching_state == "idle"
    assert round_.groups.count() == 3
    assert client.get(status_url)["HX-Refresh"] == "true"


def test_it_shows_a_round_in_a_fixed_number_of_queries(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries(size: int) -> int:
        """The cast's lead's page of a new program of `size` people of the cast's organisation."""
        lead, org = cast.lead, cast.organisation
        program = factories.make_program(org, leads=[lead])
        for _ in range(size):
            Enrolment.objects.create(
                program=program, person=factories.make_person(org, with_user=False)
            )
        plan(lead, program)
        client = signed_in_client(lead)
        url = reverse("matching:program", kwargs={"program_pk": program.pk})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert page_queries(6) == page_queries(41)


def test_it_announces_a_published_round_to_each_member_in_their_language(
    setup, settings, django_capture_on_commit_callbacks
):
    from peercoach.notifications.models import OutgoingMessage

    lead, _, people, program = setup
    people[3].preferred_language = "nl"
    people[3].save()
    settings.TASKS = IMMEDIATE_TASKS
    round_ = plan(lead, program)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in_client(lead).post(
            reverse("matching:publish", kwargs={"round_pk": round_.pk}), {"confirm": "yes"}
        )
    messages = OutgoingMessage.objects.filter(kind="match_announcement")
    assert sorted(messages.values_list("person_id", flat=True)) == sorted(p.pk for p in people)
    dutch = messages.get(person=people[3]).context["reasons"]
    assert dutch and "have not met before" not in dutch
    assert "hebben elkaar nog niet eerder ontmoet" in dutch
