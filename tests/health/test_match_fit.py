"""Match fit after the first session: a private yes/no; a "no" reaches the lead as "group 7 asks
for a re-match", never who; the lead re-matches in one step under the matching rules."""

from __future__ import annotations

from django.urls import reverse

from peercoach.health.models import MatchFit
from peercoach.programs.models import GroupMember
from tests.health.helpers import client, make_cast


def say(person, group, works: str) -> None:
    response = client(person).post(reverse("health:fit", args=[group.pk]), {"works": works})
    assert response.status_code == 302


def test_a_no_reaches_the_lead_without_who_said_it(db):
    cast = make_cast()
    say(cast.fellow, cast.group, "no")
    body = client(cast.lead).get(reverse("health:program", args=[cast.program.pk])).content
    body = body.decode()
    section = body.split("Needs attention")[1].split("Session pulse")[0]
    assert cast.group.name in section and "Asks for a re-match." in section
    for name in (cast.member.name, cast.fellow.name, cast.third.name):
        assert name not in section
    # Asked once: the question is gone for the fellow, still open for the others.
    assert client(cast.fellow).get(reverse("health:fit", args=[cast.group.pk])).status_code == 404
    assert client(cast.member).get(reverse("health:fit", args=[cast.group.pk])).status_code == 200


def test_in_a_pair_the_lead_sees_only_that_the_pair_asked(db):
    cast = make_cast(size=2)
    say(cast.member, cast.group, "no")
    body = client(cast.lead).get(reverse("health:program", args=[cast.program.pk])).content
    assert b"The pair asks for a re-match." in body


def test_the_question_comes_only_after_a_session_was_held(db):
    cast = make_cast()
    cast.session.status = "planned"
    cast.session.save()
    assert client(cast.member).get(reverse("health:fit", args=[cast.group.pk])).status_code == 404


def test_nobody_else_answers_for_a_group(db):
    cast = make_cast()
    for person in (cast.lead, cast.admin, cast.other, cast.outsider, cast.manager):
        client(person).post(reverse("health:fit", args=[cast.group.pk]), {"works": "no"})
    assert not MatchFit.objects.exists()


def test_the_lead_rematches_a_pair_in_one_step(db, django_capture_on_commit_callbacks):
    cast = make_cast(size=2)
    say(cast.member, cast.group, "no")
    with django_capture_on_commit_callbacks(execute=False):
        response = client(cast.lead).post(
            reverse("matching:rematch", args=[cast.group.pk]), {"confirm": "rematch"}
        )
    assert response.status_code == 302
    mine = set(GroupMember.objects.filter(group=cast.group).values_list("person_id", flat=True))
    theirs = set(
        GroupMember.objects.filter(group=cast.other_group).values_list("person_id", flat=True)
    )
    assert cast.member.pk in mine and cast.fellow.pk in theirs
    assert len(mine) == len(theirs) == 2
    moved = GroupMember.objects.get(group=cast.group, person_id__in=mine - {cast.member.pk})
    assert moved.joined_at is not None  # reads the new group from now on only
    assert MatchFit.objects.get().resolved_at is not None
    body = client(cast.lead).get(reverse("health:program", args=[cast.program.pk])).content
    assert b"asks for a re-match" not in body


def test_a_rematch_keeps_the_hard_rules(db):
    cast = make_cast(size=2)
    # The swap would pair each of them with someone who reports to them (a hard rule).
    for membership in cast.other_group.memberships.select_related("person"):
        is_otis = membership.person_id == cast.other.pk
        membership.person.manager = cast.fellow if is_otis else cast.member
        membership.person.save()
    say(cast.member, cast.group, "no")
    before = list(GroupMember.objects.order_by("pk").values_list("group_id", "person_id"))
    response = client(cast.lead).post(
        reverse("matching:rematch", args=[cast.group.pk]), {"confirm": "rematch"}, follow=True
    )
    assert b"No other group of the program can exchange members" in response.content
    assert list(GroupMember.objects.order_by("pk").values_list("group_id", "person_id")) == before


def test_only_whoever_runs_the_program_rematches(db):
    cast = make_cast(size=2)
    before = list(GroupMember.objects.order_by("pk").values_list("group_id", "person_id"))
    for person in (cast.member, cast.other, cast.manager, cast.outsider):
        response = client(person).post(
            reverse("matching:rematch", args=[cast.group.pk]), {"confirm": "rematch"}
        )
        assert response.status_code == 404
    assert list(GroupMember.objects.order_by("pk").values_list("group_id", "person_id")) == before


def test_in_a_group_of_three_half_changes_places_and_everyone_concerned_is_told(db, smtp):
    from peercoach.notifications import outbox

    cast = make_cast()
    say(cast.third, cast.group, "no")
    response = client(cast.lead).post(
        reverse("matching:rematch", args=[cast.group.pk]), {"confirm": "rematch"}
    )
    assert response.status_code == 302
    mine = set(GroupMember.objects.filter(group=cast.group).values_list("person_id", flat=True))
    theirs = set(
        GroupMember.objects.filter(group=cast.other_group).values_list("person_id", flat=True)
    )
    assert len(mine) == len(theirs) == 3
    assert cast.fellow.pk in theirs  # every other member changes places
    assert {cast.member.pk, cast.third.pk} <= mine
    outbox.deliver_all("test")
    joined = [m for m in smtp.messages if "joined" in m["Subject"].lower()]
    assert joined  # the members of both groups hear who joined


def test_a_member_left_alone_after_a_withdrawal_joins_another_group(db):
    cast = make_cast(size=2)
    response = client(cast.fellow).post(
        reverse("health:withdraw", args=[cast.program.pk]), {"confirm": "withdraw"}
    )
    assert response.status_code == 302
    body = client(cast.lead).get(reverse("health:program", args=[cast.program.pk])).content
    assert b"Someone withdrew from the program." in body and b"Re-match now" in body
    client(cast.lead).post(
        reverse("matching:rematch", args=[cast.group.pk]), {"confirm": "rematch"}
    )
    assert GroupMember.objects.filter(group=cast.other_group, person=cast.member).exists()
    assert not GroupMember.objects.filter(group=cast.group).exists()


def test_a_member_deactivated_since_is_not_moved_by_a_rematch(db):
    """A leaver keeps their membership row (the group's history); a re-match moves the people
    who take part, never them: they join no group they could not read anyway."""
    from peercoach.organisations.models import Person

    cast = make_cast(size=2)
    Person.objects.filter(pk=cast.fellow.pk).update(is_active=False)
    client(cast.lead).post(
        reverse("matching:rematch", args=[cast.group.pk]), {"confirm": "rematch"}
    )
    assert GroupMember.objects.filter(group=cast.other_group, person=cast.member).exists()
    assert not GroupMember.objects.filter(group=cast.other_group, person=cast.fellow).exists()
    assert GroupMember.objects.filter(group=cast.group, person=cast.fellow).exists()
