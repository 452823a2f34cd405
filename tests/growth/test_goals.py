from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peercoach.growth.models import Goal, GoalStatus, GoalVisibility, ProgressUpdate
from peercoach.growth.services import progress_since
from tests import factories
from tests.conftest import signed_in_client
from tests.growth.conftest import make_goal

NEXT_MONTH = (date.today() + timedelta(days=30)).isoformat()


def goal_data(**overrides) -> dict:
    data = {
        "what": "Answer client emails with confidence",
        "metric": "emails answered within a day, per week",
        "baseline": "2",
        "target": "5",
        "due_on": NEXT_MONTH,
        "why": "Clients wait too long",
        "visibility": GoalVisibility.GROUP,
    }
    data.update(overrides)
    return data


def test_it_sets_a_measurable_goal_in_a_group(people):
    client = signed_in_client(people.member)
    url = reverse("growth:goal_create", kwargs={"group_pk": people.group.pk})
    response = client.post(url, goal_data())
    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("growth:goal", kwargs={"goal_pk": goal.pk})
    assert (goal.owner, goal.group, goal.target) == (people.member, people.group, 5)


def test_it_holds_back_a_vague_goal_with_suggestions_until_confirmed(people):
    client = signed_in_client(people.member)
    url = reverse("growth:goal_create", kwargs={"group_pk": people.group.pk})
    vague = goal_data(what="I want to get better", metric="", baseline="", target="", due_on="")
    response = client.post(url, vague)
    body = response.content.decode()
    assert response.status_code == 200
    assert not Goal.objects.exists()
    assert "“get better” says you want change" in body
    assert "Pick a date" in body
    client.post(url, {**vague, "save_anyway": "on"})
    assert Goal.objects.get().what == "I want to get better"


def test_it_suggests_in_dutch_for_a_dutch_speaker(people):
    people.member.preferred_language = "nl"
    people.member.save()
    client = signed_in_client(people.member)
    url = reverse("growth:goal_create", kwargs={"group_pk": people.group.pk})
    body = client.post(url, goal_data(what="Beter worden", metric="", target="", baseline=""))
    text = body.content.decode()
    assert "“Beter worden” zegt dat je iets wilt veranderen" in text
    assert "Hoe weet je dat je er bent?" in text


def test_it_checks_a_draft_goal_as_you_type(people):
    client = signed_in_client(people.member)
    response = client.post(reverse("growth:goal_check"), {"what": "improve"})
    assert 'data-code="vague_word"' in response.content.decode()
    assert "<html" not in response.content.decode()


def test_it_records_progress_and_draws_the_chart_with_a_table(people):
    goal = make_goal(people)
    client = signed_in_client(people.member)
    progress_url = reverse("growth:progress_add", kwargs={"goal_pk": goal.pk})
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    client.post(progress_url, {"value": "3", "note": "Two quick replies", "recorded_on": yesterday})
    client.post(progress_url, {"value": "4", "note": "", "recorded_on": date.today().isoformat()})
    body = client.get(reverse("growth:goal", kwargs={"goal_pk": goal.pk})).content.decode()
    assert body.count("<circle") == 2
    assert 'role="img"' in body and "<polyline" in body
    assert "A line through 2 recorded values" in body
    assert 'id="progress-table"' in body and "Two quick replies" in body
    assert Goal.objects.get().status == GoalStatus.ACTIVE


def test_it_marks_the_goal_reached_and_suggests_a_win(people):
    goal = make_goal(people)
    client = signed_in_client(people.member)
    response = client.post(
        reverse("growth:progress_add", kwargs={"goal_pk": goal.pk}),
        {"value": "5", "recorded_on": date.today().isoformat()},
    )
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED and goal.achieved_at is not None
    wins_url = reverse("growth:group_wins", kwargs={"group_pk": people.group.pk})
    assert response["Location"].startswith(f"{wins_url}?goal={goal.pk}")
    page = client.get(response["Location"]).content.decode()
    assert "You reached your goal! Why not record it as a win?" in page
    assert f'<option value="{goal.pk}" selected>' in page


def test_it_reaches_a_goal_of_milestones_when_the_last_one_is_reached(people):
    goal = make_goal(people, target=None, baseline=None)
    first = goal.milestones.create(title="Rehearse", order=0)
    last = goal.milestones.create(title="Present", order=1)
    client = signed_in_client(people.member)
    url = reverse("growth:progress_add", kwargs={"goal_pk": goal.pk})
    client.post(url, {"milestone": first.pk, "recorded_on": date.today().isoformat()})
    assert Goal.objects.get().status == GoalStatus.ACTIVE
    client.post(url, {"milestone": last.pk, "recorded_on": date.today().isoformat()})
    assert Goal.objects.get().status == GoalStatus.ACHIEVED


def test_it_keeps_a_private_goal_from_the_fellow_member(people):
    private = make_goal(people, what="Private ambition")
    status_only = make_goal(people, GoalVisibility.LEAD_STATUS, what="Status-only ambition")
    shared = make_goal(people, GoalVisibility.GROUP, what="Shared ambition")
    fellow = signed_in_client(people.fellow)
    listing = fellow.get(reverse("growth:goals")).content.decode()
    assert "Shared ambition" in listing
    assert "Private ambition" not in listing and "Status-only ambition" not in listing
    for goal in (private, status_only):
        assert fellow.get(reverse("growth:goal", kwargs={"goal_pk": goal.pk})).status_code == 404
    assert fellow.get(reverse("growth:goal", kwargs={"goal_pk": shared.pk})).status_code == 200


def test_it_lets_only_the_owner_record_progress(people):
    goal = make_goal(people, GoalVisibility.GROUP)
    url = reverse("growth:progress_add", kwargs={"goal_pk": goal.pk})
    response = signed_in_client(people.fellow).post(url, {"value": "5"})
    assert response.status_code == 404
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("role", ["other_member", "manager", "lead", "outsider"])
def test_it_hides_even_a_shared_goal_outside_the_group(people, role):
    goal = make_goal(people, GoalVisibility.GROUP, what="Shared ambition")
    client = signed_in_client(getattr(people, role))
    assert client.get(reverse("growth:goal", kwargs={"goal_pk": goal.pk})).status_code == 404
    assert "Shared ambition" not in client.get(reverse("growth:goals")).content.decode()


def test_it_shows_the_lead_only_counts_of_goals_whose_owner_allowed_it(people, settings):
    # These check the counting; the minimum-group rule has tests of its own
    # (tests/authorization/test_reporting_line_attacks.py).
    settings.REPORTS_MINIMUM_GROUP = 0
    make_goal(people, GoalVisibility.LEAD_STATUS, what="Status-only ambition")
    make_goal(people, GoalVisibility.LEAD_STATUS, what="Done one", status=GoalStatus.ACHIEVED)
    make_goal(people, GoalVisibility.PRIVATE, what="Private ambition")
    make_goal(people, GoalVisibility.GROUP, what="Shared ambition")
    url = reverse("growth:program_goals", kwargs={"program_pk": people.program.pk})
    response = signed_in_client(people.lead).get(url)
    body = response.content.decode()
    assert response.context["rows"] == [("In progress", 1), ("Achieved", 1), ("Stopped", 0)]
    assert response.context["total"] == 2
    for what in ("Status-only ambition", "Done one", "Private ambition", "Shared ambition"):
        assert what not in body
    for role in ("member", "manager", "other_member", "outsider"):
        assert signed_in_client(getattr(people, role)).get(url).status_code == 404


def test_it_reports_progress_since_a_date_for_the_start_of_a_session(people):
    goal = make_goal(people, GoalVisibility.GROUP)
    private = make_goal(people, what="Private")
    long_ago = date.today() - timedelta(days=20)
    ProgressUpdate.objects.create(goal=goal, value=3, recorded_on=long_ago)
    ProgressUpdate.objects.create(goal=goal, value=4, note="Better week", recorded_on=date.today())
    ProgressUpdate.objects.create(goal=private, value=4, recorded_on=date.today())
    since = timezone.now() - timedelta(days=7)
    (mine_shared, mine_private) = progress_since(people.member, since)
    assert (mine_shared.value_before, mine_shared.value_now, mine_shared.change) == (3, 4, 1)
    assert [u.note for u in mine_shared.updates] == ["Better week"]
    assert mine_private.goal == private
    (fellow_view,) = progress_since(people.fellow, since)
    assert fellow_view.goal == goal
    assert progress_since(people.lead, since) == []
    assert progress_since(people.member, timezone.now() + timedelta(days=1)) == []


def test_it_offers_an_include_for_the_session_page(people):
    from django.template import Context, Template
    from django.test import RequestFactory

    goal = make_goal(people, GoalVisibility.GROUP, what="Shared ambition")
    ProgressUpdate.objects.create(goal=goal, value=4, note="Good week")
    factories.make_session(people.group, days_from_now=-14)
    session = factories.make_session(people.group, days_from_now=1)
    template = Template("{% load growth_tags %}{% since_last_time session %}")
    for person, visible in ((people.fellow, True), (people.lead, False)):
        request = RequestFactory().get("/")
        request.person = person
        html = template.render(Context({"request": request, "session": session}))
        assert ("Good week" in html) is visible


def test_it_sets_a_goal_with_milestones_linked_to_a_session_and_an_action(people):
    session = factories.make_session(people.group, days_from_now=-1)
    mine = factories.make_action_item(session, people.member, "Draft three replies")
    theirs = factories.make_action_item(session, people.fellow, "Fellow's action")
    client = signed_in_client(people.member)
    url = reverse("growth:goal_create", kwargs={"group_pk": people.group.pk})
    form_page = client.get(url).content.decode()
    assert "Draft three replies" in form_page and "Fellow&#x27;s action" not in form_page
    data = goal_data(
        metric="",
        baseline="",
        target="",
        milestones="Rehearse with Finn\n- Present to the team\n",
        session=session.pk,
        action_items=[mine.pk],
    )
    client.post(url, data)
    goal = Goal.objects.get()
    assert [m.title for m in goal.milestones.all()] == ["Rehearse with Finn", "Present to the team"]
    assert goal.session == session and list(goal.action_items.all()) == [mine]
    client.post(url, {**data, "action_items": [theirs.pk]})
    assert Goal.objects.count() == 1
    detail = client.get(reverse("growth:goal", kwargs={"goal_pk": goal.pk})).content.decode()
    assert "Related actions" in detail and "Draft three replies" in detail


def test_it_suggests_a_win_when_a_milestone_is_reached(people):
    goal = make_goal(people, target=None, baseline=None)
    first = goal.milestones.create(title="Rehearse", order=0)
    goal.milestones.create(title="Present", order=1)
    response = signed_in_client(people.member).post(
        reverse("growth:progress_add", kwargs={"goal_pk": goal.pk}),
        {"milestone": first.pk, "recorded_on": date.today().isoformat()},
    )
    assert response["Location"].endswith(f"?goal={goal.pk}#win-form")
    assert Goal.objects.get().status == GoalStatus.ACTIVE


def test_it_sets_the_next_update_by_the_programs_cadence(people):
    from peercoach.growth.services import next_update_on

    people.program.cadence = "weekly"
    people.program.save()
    goal = make_goal(people)
    update = ProgressUpdate.objects.create(goal=goal, value=3, recorded_on=date(2026, 3, 2))
    goal = Goal.objects.select_related("group__program").get()
    assert next_update_on(goal, [update]) == date(2026, 3, 9)
    page = signed_in_client(people.member).get(reverse("growth:goal", kwargs={"goal_pk": goal.pk}))
    assert "your next progress update is due on 9 March 2026" in page.content.decode()
    goal.status = GoalStatus.ACHIEVED
    assert next_update_on(goal, [update]) is None


def test_it_links_a_goal_to_an_activity_of_the_organisation(people):
    from peercoach.methods.models import Activity

    own = Activity.objects.create(
        key="own",
        kind="role_play",
        organisation=people.organisation,
        name_nl="Oefenen",
        name_en="Practise the talk",
        description_nl="-",
        description_en="-",
        result_nl="-",
        result_en="-",
    )
    foreign = Activity.objects.create(
        key="foreign",
        kind="role_play",
        organisation=people.outsider.organisation,
        name_nl="Ander",
        name_en="Foreign",
        description_nl="-",
        description_en="-",
        result_nl="-",
        result_en="-",
    )
    client = signed_in_client(people.member)
    url = reverse("growth:goal_create", kwargs={"group_pk": people.group.pk})
    client.post(url, goal_data(activity=foreign.pk))
    assert not Goal.objects.exists()
    client.post(url, goal_data(activity=own.pk))
    goal = Goal.objects.get()
    detail = client.get(reverse("growth:goal", kwargs={"goal_pk": goal.pk})).content.decode()
    assert "Practise the talk" in detail
