"""A member deactivated since keeps their membership row (the group's history), but nothing
after they left lists, counts or records them: the cast's `former_member` left the pair."""

from __future__ import annotations

from django.urls import reverse

from peercoach.coaching.models import Attendance
from tests import factories
from tests.conftest import signed_in_client


def session_page(person, session) -> str:
    url = reverse("coaching:session", kwargs={"session_pk": session.pk})
    return signed_in_client(person).get(url).content.decode()


def test_a_leaver_is_not_on_the_roll_nor_counted(cast):
    session = factories.make_session(cast.group, days_from_now=-1)
    page = session_page(cast.member, session)
    assert cast.fellow.name in page
    assert cast.former_member.name not in page

    # The older form names nobody: every member taking part is recorded, the leaver is not.
    signed_in_client(cast.member).post(
        reverse("coaching:attendance", kwargs={"session_pk": session.pk}),
        {"present": [str(cast.member.pk)]},
    )
    assert dict(Attendance.objects.values_list("person_id", "present")) == {
        cast.member.pk: True,
        cast.fellow.pk: False,
    }
    assert "1 of 2 members took part." in session_page(cast.lead, session)


def test_a_leaver_named_by_a_form_is_not_recorded(cast):
    session = factories.make_session(cast.group, days_from_now=-1)
    signed_in_client(cast.member).post(
        reverse("coaching:attendance", kwargs={"session_pk": session.pk}),
        {"roll": [cast.member.pk, cast.former_member.pk], "present": [cast.former_member.pk]},
    )
    assert not Attendance.objects.filter(person=cast.former_member).exists()


def test_a_leaver_recorded_before_leaving_stays_in_that_sessions_count(cast):
    session = factories.make_session(cast.group, days_from_now=-1)
    Attendance.objects.create(session=session, person=cast.former_member, present=True)
    Attendance.objects.create(session=session, person=cast.member, present=True)
    page = session_page(cast.lead, session)
    assert "2 of 3 members took part." in page


def test_a_leaver_is_not_offered_as_the_owner_of_an_action(cast):
    session = factories.make_session(cast.group, days_from_now=-1)
    page = session_page(cast.member, session)
    owner_options = page.split('name="owner"', 1)[1].split("</select>", 1)[0]
    assert cast.fellow.name in owner_options
    assert cast.former_member.name not in owner_options


def test_a_leaver_is_not_listed_as_a_partner_or_member(cast):
    pages = {
        "member's home": (cast.member, reverse("home")),
        "group page": (cast.member, reverse("coaching:group_detail", args=[cast.group.pk])),
        "lead's group page": (cast.lead, reverse("coaching:group_detail", args=[cast.group.pk])),
        "program page": (cast.lead, reverse("programs:detail", args=[cast.program.pk])),
    }
    for name, (viewer, url) in pages.items():
        page = signed_in_client(viewer).get(url).content.decode()
        assert cast.fellow.name in page, name
        assert cast.former_member.name not in page, name
        assert cast.former_member.email not in page, name
