from datetime import date, timedelta

import pytest
from django.urls import reverse

from peercoach.growth.models import (
    Goal,
    GoalStatus,
    GoalVisibility,
    Milestone,
    ProgressUpdate,
    Win,
)
from tests.conftest import signed_in_client
from tests.growth.conftest import make_goal

NEXT_MONTH = date.today() + timedelta(days=30)
OTHER_ROLES = ["fellow", "other_member", "lead", "admin", "manager", "outsider"]


def edit_url(goal) -> str:
    return reverse("growth:goal_edit", kwargs={"goal_pk": goal.pk})


def delete_url(goal) -> str:
    return reverse("growth:goal_delete", kwargs={"goal_pk": goal.pk})


def edited_data(**overrides) -> dict:
    data = {
        "what": "Answer client emails within a day",
        "metric": "emails answered within a day, per week",
        "baseline": "1",
        "target": "8",
        "due_on": NEXT_MONTH.isoformat(),
        "why": "Clients should not wait",
        "visibility": GoalVisibility.GROUP,
    }
    data.update(overrides)
    return data


def snapshot() -> list:
    return [
        list(model.objects.order_by("pk").values()) for model in (Goal, Milestone, ProgressUpdate)
    ]


@pytest.fixture
def goal(people):
    goal = make_goal(people, GoalVisibility.GROUP, what="Shared ambition")
    goal.milestones.create(title="Rehearse", order=0)
    ProgressUpdate.objects.create(goal=goal, value=3, note="Good week")
    return goal


def test_it_lets_the_owner_edit_every_field_of_the_goal(people, goal):
    client = signed_in_client(people.member)
    form = client.get(edit_url(goal)).content.decode()
    assert "Edit goal" in form and 'value="Shared ambition"' in form
    assert "Rehearse</textarea>" in form
    response = client.post(edit_url(goal), edited_data(visibility=GoalVisibility.PRIVATE))
    assert response.status_code == 302
    assert response["Location"] == reverse("growth:goal", kwargs={"goal_pk": goal.pk})
    goal.refresh_from_db()
    assert (goal.what, goal.baseline, goal.target, goal.due_on) == (
        "Answer client emails within a day",
        1,
        8,
        NEXT_MONTH,
    )
    assert (goal.why, goal.visibility) == ("Clients should not wait", GoalVisibility.PRIVATE)
    assert (goal.owner, goal.group) == (people.member, people.group)
    assert goal.updates.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Your goal is updated." in page


def test_it_keeps_reached_milestones_when_the_list_is_edited(people):
    goal = make_goal(people, target=None, baseline=None, metric="")
    rehearse = goal.milestones.create(title="Rehearse", order=0, reached_on=date.today())
    goal.milestones.create(title="Present", order=1)
    update = ProgressUpdate.objects.create(goal=goal, milestone=rehearse, note="Went fine")
    data = edited_data(metric="", baseline="", target="", milestones="Ask for feedback\nRehearse\n")
    signed_in_client(people.member).post(edit_url(goal), data)
    titles = [(m.title, m.reached_on) for m in goal.milestones.all()]
    assert titles == [("Ask for feedback", None), ("Rehearse", date.today())]
    update.refresh_from_db()
    assert update.milestone_id == rehearse.pk


def test_it_shows_the_edit_and_delete_links_only_to_the_owner(people, goal):
    owner_page = signed_in_client(people.member).get(reverse("growth:goal", args=[goal.pk]))
    assert edit_url(goal) in owner_page.content.decode()
    assert delete_url(goal) in owner_page.content.decode()
    fellow_page = signed_in_client(people.fellow).get(reverse("growth:goal", args=[goal.pk]))
    assert fellow_page.status_code == 200
    assert edit_url(goal) not in fellow_page.content.decode()
    assert delete_url(goal) not in fellow_page.content.decode()


def test_it_asks_before_deleting_and_deletes_only_on_post(people, goal):
    win = Win.objects.create(author=people.member, group=people.group, goal=goal, text="Did it")
    client = signed_in_client(people.member)
    confirm = client.get(delete_url(goal))
    body = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Delete your goal “Shared ambition”?" in body
    assert "its one progress update" in body and 'method="post"' in body
    assert Goal.objects.filter(pk=goal.pk).exists()
    response = client.post(delete_url(goal))
    assert response.status_code == 302 and response["Location"] == reverse("growth:goals")
    assert not Goal.objects.exists()
    assert not ProgressUpdate.objects.exists() and not Milestone.objects.exists()
    win.refresh_from_db()
    assert win.goal is None
    goals_page = client.get(reverse("growth:goals")).content.decode()
    assert "Your goal and its progress are deleted." in goals_page


@pytest.mark.parametrize("role", OTHER_ROLES)
@pytest.mark.parametrize("visibility", GoalVisibility.values)
def test_it_answers_404_to_everyone_but_the_owner(people, role, visibility):
    goal = make_goal(people, visibility, what="Someone's ambition")
    ProgressUpdate.objects.create(goal=goal, value=3)
    client = signed_in_client(getattr(people, role))
    before = snapshot()
    for url in (edit_url(goal), delete_url(goal)):
        assert client.get(url).status_code == 404, (role, url)
        assert client.post(url, edited_data(what="INTRUDER", save_anyway="on")).status_code == 404
    assert snapshot() == before


def test_it_sends_the_anonymous_visitor_to_the_login_page(people, goal):
    before = snapshot()
    for url in (edit_url(goal), delete_url(goal)):
        response = signed_in_client(None).post(url, edited_data())
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert snapshot() == before


def test_it_updates_the_leads_counts_as_soon_as_the_visibility_changes(people, goal, settings):
    # These check the counting; the minimum-group rule has tests of its own
    # (tests/authorization/test_reporting_line_attacks.py).
    settings.REPORTS_MINIMUM_GROUP = 0
    counts_url = reverse("growth:program_goals", kwargs={"program_pk": people.program.pk})
    lead = signed_in_client(people.lead)
    assert lead.get(counts_url).context["total"] == 0
    member = signed_in_client(people.member)
    member.post(edit_url(goal), edited_data(visibility=GoalVisibility.LEAD_STATUS))
    assert lead.get(counts_url).context["rows"][0] == ("In progress", 1)
    member.post(edit_url(goal), edited_data(visibility=GoalVisibility.PRIVATE))
    assert lead.get(counts_url).context["total"] == 0
    member.post(edit_url(goal), edited_data(visibility=GoalVisibility.LEAD_STATUS))
    member.post(delete_url(goal))
    assert lead.get(counts_url).context["total"] == 0


def test_it_keeps_the_status_when_a_reached_goal_is_edited(people, goal):
    goal.status = GoalStatus.ACHIEVED
    goal.save()
    signed_in_client(people.member).post(edit_url(goal), edited_data())
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED


INVALID = [
    ({"what": "   "}, "This field is required.", "Dit veld is verplicht."),
    ({"target": ""}, "With a starting point, also give a target.", "Geef bij een beginpunt ook"),
    ({"baseline": "a few"}, "Enter a number.", "Voer een getal in."),
    ({"due_on": "next spring"}, "Enter a valid date.", "Voer een geldige datum in."),
    ({"visibility": "everyone"}, "Select a valid choice.", "Selecteer een geldige keuze."),
    ({"target": "12345678901"}, "no more than 10 digits", "niet meer dan 10 cijfers"),
    ({"milestones": "x" * 201}, "at most 200 characters", "hoogstens 200 tekens"),
]


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(("change", "english", "dutch"), INVALID)
def test_it_keeps_what_was_typed_and_explains_the_error(
    people, goal, language, change, english, dutch
):
    people.member.preferred_language = language
    people.member.save()
    before = snapshot()
    data = edited_data(why="Typed but not yet saved", **change)
    response = signed_in_client(people.member).post(edit_url(goal), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert snapshot() == before
    assert "Typed but not yet saved</textarea>" in body
    for value in change.values():
        assert value.strip() in body
    assert (english if language == "en" else dutch) in body
    if language == "nl":
        assert english not in body
