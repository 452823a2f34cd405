"""Details that tell: an action past its due date says so on the goal it belongs to."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from peercoach.coaching.models import ActionItem
from tests import factories
from tests.conftest import signed_in_client
from tests.growth.conftest import make_goal


def test_it_marks_an_open_action_past_its_due_date_as_overdue_on_the_goal(people):
    goal = make_goal(people)
    session = factories.make_session(people.group, days_from_now=-14)
    today = timezone.localdate()
    late = ActionItem.objects.create(
        session=session,
        owner=people.member,
        text="Call the client back",
        due_on=today - timedelta(days=2),
    )
    done = ActionItem.objects.create(
        session=session,
        owner=people.member,
        text="Read the complaint",
        due_on=today - timedelta(days=5),
        done_at=timezone.now(),
    )
    upcoming = ActionItem.objects.create(
        session=session,
        owner=people.member,
        text="Plan the follow-up",
        due_on=today + timedelta(days=3),
    )
    goal.action_items.set([late, done, upcoming])
    body = signed_in_client(people.member).get(reverse("growth:goal", kwargs={"goal_pk": goal.pk}))
    items = {
        line.split("<li>", 1)[1]
        for line in body.content.decode().split("</li>")
        if "<li>" in line
        and ("Call the client" in line or "Read the" in line or "Plan the" in line)
    }
    assert len(items) == 3
    (late_html,) = [item for item in items if "Call the client back" in item]
    assert "Overdue" in late_html and "badge-danger" in late_html
    assert all("Overdue" not in item for item in items if item != late_html)
    assert late.is_overdue and not done.is_overdue and not upcoming.is_overdue


def test_an_empty_goal_list_says_what_to_do_next(people):
    org = people.member.organisation
    url = reverse("growth:goals")
    in_a_group = signed_in_client(people.member).get(url).content.decode()
    assert 'class="empty-state"' in in_a_group and "start with “New goal”" in in_a_group
    alone = signed_in_client(factories.make_person(org)).get(url).content.decode()
    assert 'class="empty-state"' in alone and "Once you are in a group" in alone
    dutch = factories.make_person(org, preferred_language="nl")
    factories.make_group(factories.make_program(org), [dutch, factories.make_person(org)])
    assert "begin met “Nieuw doel”" in signed_in_client(dutch).get(url).content.decode()
