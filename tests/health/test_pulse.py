"""Session pulse: each present member says how a held session went; nobody sees another
member's answer; the group sees averages once everyone present answered."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from peercoach import access
from peercoach.coaching.models import Attendance
from peercoach.health.models import Pulse
from peercoach.organisations.models import Person
from peercoach.programs.models import GroupMember
from tests import factories
from tests.health.helpers import answer_pulse, client, make_cast

NOTE = "PULSE-NOTE-sentinel-41c"


def pages_about(cast) -> list[str]:
    return [
        reverse("coaching:session", args=[cast.session.pk]),
        reverse("health:program", args=[cast.program.pk]),
        reverse("health:mine"),
        reverse("home"),
        reverse("reports:program", args=[cast.program.pk]),
        reverse("coaching:group_detail", args=[cast.group.pk]),
    ]


def test_it_shows_the_note_to_its_author_only(db):
    cast = make_cast()
    answer_pulse(cast.member, cast.session, note=NOTE)
    assert NOTE in client(cast.member).get(reverse("health:mine")).content.decode()
    for person in (
        cast.fellow,
        cast.third,
        cast.lead,
        cast.admin,
        cast.manager,
        cast.other,
        cast.outsider,
    ):
        for url in pages_about(cast):
            body = client(person).get(url).content.decode()
            assert NOTE not in body, (person.name, url)


def test_the_group_sees_averages_only_once_everyone_present_answered(db):
    cast = make_cast()
    url = reverse("coaching:session", args=[cast.session.pk])
    answer_pulse(cast.member, cast.session, forward=1)
    answer_pulse(cast.fellow, cast.session, forward=2)
    body = client(cast.fellow).get(url).content.decode()
    assert "2 of 3 people present answered" in body
    assert "Moving forward:" not in body
    answer_pulse(cast.third, cast.session, forward=4)
    body = client(cast.fellow).get(url).content.decode()
    assert "Moving forward: 2.3 of 5" in body
    # Their own answers, never someone else's.
    assert "Your answers: 2, 5 and 2 of 5." in body
    # Whoever runs the program sees no group's averages at all.
    assert "Moving forward" not in client(cast.lead).get(url).content.decode()


def test_someone_recorded_absent_neither_answers_nor_holds_back_the_averages(db):
    cast = make_cast()
    Attendance.objects.create(session=cast.session, person=cast.third, present=False)
    assert (
        client(cast.third)
        .post(
            reverse("health:pulse", args=[cast.session.pk]),
            {"forward": 3, "freely": 3, "listened": 3},
        )
        .status_code
        == 404
    )
    answer_pulse(cast.member, cast.session)
    answer_pulse(cast.fellow, cast.session)
    body = client(cast.member).get(reverse("coaching:session", args=[cast.session.pk])).content
    # Two answers: shown from three on, so a partner's answer is never given away.
    assert b"Averages are shown from three answers on" in body


def test_a_week_later_the_averages_show_without_everyone(db):
    cast = make_cast(size=3)
    for person in (cast.member, cast.fellow):
        answer_pulse(person, cast.session)
    cast.session.starts_at -= timedelta(days=8)
    cast.session.save()
    # Past the answering window for this old session; the member still sees the page figures.
    from peercoach import access

    averages = access.group_averages(cast.member, cast.session)
    assert averages["complete"] and not averages["shown"]  # only two answers: held back


def test_each_person_sees_their_own_trend(db):
    cast = make_cast()
    answer_pulse(cast.member, cast.session, forward=4)
    answer_pulse(cast.fellow, cast.session, forward=1)
    body = client(cast.member).get(reverse("health:mine")).content.decode()
    assert "My trend" in body
    assert Pulse.objects.get(person=cast.member).forward == 4
    assert "<td>1</td>" not in body.split("My trend")[1].split("A break")[0]


def test_a_pulse_needs_all_three_answers_in_range(db):
    cast = make_cast()
    response = client(cast.member).post(
        reverse("health:pulse", args=[cast.session.pk]), {"forward": 9, "freely": 3}
    )
    assert response.status_code == 200
    assert not Pulse.objects.exists()


def test_the_personal_data_export_holds_ones_own_pulses_and_nobody_elses(db):
    from peercoach.privacy.export import build_export, sections

    cast = make_cast()
    answer_pulse(cast.member, cast.session, note=NOTE, forward=4)
    client(cast.member).post(reverse("health:fit", args=[cast.group.pk]), {"works": "no"})
    mine = build_export(cast.member)
    (pulse,) = mine["pulses"]
    assert pulse["note"] == NOTE and pulse["scores"][0]["score"] == 4
    assert mine["match_fits"][0]["works"] is False
    assert any(section["rows"] for section in sections(mine))
    theirs = build_export(cast.fellow)
    assert theirs["pulses"] == [] and theirs["match_fits"] == []
    assert NOTE not in str(theirs)


def test_a_member_deactivated_since_holds_back_nobody(db):
    """A leaver keeps their membership row (the group's history), but can never answer: the
    averages must not wait a week for them."""
    cast = make_cast(size=3)
    leaver = factories.make_person(cast.org, name="Lena Leaver")
    GroupMember.objects.create(group=cast.group, person=leaver)
    Person.objects.filter(pk=leaver.pk).update(is_active=False)
    for person in (cast.member, cast.fellow, cast.third):
        answer_pulse(person, cast.session, forward=3)
    averages = access.group_averages(cast.member, cast.session)
    assert averages["shown"], averages
