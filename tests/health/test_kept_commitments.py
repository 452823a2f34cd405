"""A run of kept commitments is suggested as a win: after three in a row answered "done" (through
the one-click links), the person's home page and their own health page suggest celebrating
it — to them and nobody else; a new run starts after their next win."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse

from peercoach.access import commitment_token
from peercoach.growth.models import Win
from peercoach.health.models import CommitmentAnswer, CommitmentCheck
from tests import factories
from tests.health.helpers import client, make_cast

SUGGESTION = "Celebrate it"


def commit_and_answer(cast, owner, answer: str) -> None:
    item = factories.make_action_item(cast.session, owner, "Call the client back")
    check = CommitmentCheck.objects.create(item=item, due_on=item.created_at.date())
    url = reverse("health:commitment", args=[commitment_token(check, answer)])
    assert Client().post(url, {"answer": answer}).status_code == 200
    check.refresh_from_db()
    assert check.answer == answer


def home_page(person) -> str:
    return client(person).get(reverse("home")).content.decode()


def test_three_kept_in_a_row_are_suggested_as_a_win_to_the_person_only(db):
    cast = make_cast()
    for _ in range(2):
        commit_and_answer(cast, cast.member, CommitmentAnswer.DONE)
    assert SUGGESTION not in client(cast.member).get(reverse("health:mine")).content.decode()
    commit_and_answer(cast, cast.member, CommitmentAnswer.DONE)
    mine = client(cast.member).get(reverse("health:mine")).content.decode()
    assert SUGGESTION in mine and "the last 3 things you committed to" in mine
    assert reverse("growth:group_wins", args=[cast.group.pk]) in mine
    assert SUGGESTION in home_page(cast.member)
    upcoming = factories.make_session(cast.group, days_from_now=3)
    url = reverse("coaching:session", args=[upcoming.pk])
    # The fellow reads the same group's pages, the lead and the admin run the program: none of
    # them is told about the member's run.
    for other in (cast.fellow, cast.third, cast.lead, cast.admin, cast.manager):
        for page in (url, reverse("health:mine"), reverse("home")):
            assert SUGGESTION not in client(other).get(page).content.decode(), (other, page)


def test_a_run_broken_by_one_not_yet_is_no_win(db):
    cast = make_cast()
    for answer in ("done", "done", "not_yet", "done", "done"):
        commit_and_answer(cast, cast.member, answer)
    assert SUGGESTION not in home_page(cast.member)
    commit_and_answer(cast, cast.member, CommitmentAnswer.DONE)
    assert SUGGESTION in home_page(cast.member)


def test_after_the_win_a_new_run_starts(db):
    cast = make_cast()
    for _ in range(3):
        commit_and_answer(cast, cast.member, CommitmentAnswer.DONE)
    response = client(cast.member).post(
        reverse("growth:group_wins", args=[cast.group.pk]),
        {"text": "Three for three: I did what I said I would."},
    )
    assert response.status_code == 302 and Win.objects.filter(author=cast.member).exists()
    assert SUGGESTION not in client(cast.member).get(reverse("health:mine")).content.decode()
    CommitmentCheck.objects.update(answered_at=Win.objects.get().created_at - timedelta(days=1))
    assert SUGGESTION not in client(cast.member).get(reverse("health:mine")).content.decode()
    for _ in range(3):
        commit_and_answer(cast, cast.member, CommitmentAnswer.DONE)
    assert SUGGESTION in client(cast.member).get(reverse("health:mine")).content.decode()


def test_the_dutch_suggestion_is_in_dutch(db):
    cast = make_cast()
    cast.member.preferred_language = "nl"
    cast.member.save(update_fields=["preferred_language"])
    for _ in range(3):
        commit_and_answer(cast, cast.member, CommitmentAnswer.DONE)
    mine = client(cast.member).get(reverse("health:mine")).content.decode()
    assert SUGGESTION not in mine and "Vier het" in mine
