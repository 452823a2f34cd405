"""The lead's at-risk list and program figures: why a group needs attention and what to do,
pulse averages only from the minimum group and only for months that ended; a fixed number of
queries whatever the program's size."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peercoach.coaching.models import SessionStatus
from peercoach.health import figures
from peercoach.health.models import Pulse
from peercoach.organisations.models import Role
from peercoach.programs.models import Format, ProgramStatus
from tests import factories
from tests.conftest import without_icons
from tests.health.helpers import answer_pulse, client, make_cast


def test_idle_low_pulse_and_unplaced_groups_are_listed_with_a_suggestion(db):
    cast = make_cast()
    # The other group never met since the program started 30 days ago: idle (two biweekly periods).
    second = factories.make_session(cast.group, days_from_now=-3, status=SessionStatus.HELD)
    for session in (cast.session, second):
        for person in (cast.member, cast.fellow, cast.third):
            answer_pulse(person, session, forward=1, freely=2, listened=2)
    loner = factories.make_person(cast.org, "Una Unplaced")
    factories.make_group(cast.program, [], name="unused")
    from peercoach.programs.models import Enrolment

    Enrolment.objects.create(program=cast.program, person=loner)
    found = figures.at_risk(cast.program)
    reasons = {entry.group.name: entry.reasons for entry in found.groups}
    assert reasons[cast.group.name] == ["low_pulse"]
    assert "idle" in reasons[cast.other_group.name]
    assert [p.name for p in found.unplaced] == ["Una Unplaced"]
    body = client(cast.lead).get(reverse("health:program", args=[cast.program.pk])).content
    body = without_icons(body.decode())
    assert "Their sessions went less well lately." in body
    assert "Talk with the group about how it goes." in body
    assert "Remind them to plan a session." in body
    # A flag, never the figure.
    assert "1.7" not in body


def test_the_program_page_is_linked_from_the_program_and_the_leads_home(db):
    cast = make_cast()
    url = reverse("health:program", args=[cast.program.pk])
    assert (
        url
        in client(cast.lead)
        .get(reverse("programs:detail", args=[cast.program.pk]))
        .content.decode()
    )
    assert url in client(cast.lead).get(reverse("home")).content.decode()
    assert client(cast.member).get(url).status_code == 404
    assert client(cast.outsider).get(url).status_code == 404
    assert client(cast.manager).get(url).status_code == 404


def _last_month(when):
    first = timezone.localtime(when).replace(day=1)
    return first - timedelta(days=3)


def _pulses_last_month(cast, people: int) -> None:
    session = cast.session
    for index in range(people):
        person = factories.make_person(cast.org, f"Answerer {index}")
        factories.make_group(cast.program, [person, cast.member])
        pulse = Pulse.objects.create(
            session=session, person=person, forward=index % 5 + 1, freely=3, listened=4
        )
        Pulse.objects.filter(pk=pulse.pk).update(created_at=_last_month(timezone.now()))


def figures_section(cast) -> str:
    body = client(cast.lead).get(reverse("health:program", args=[cast.program.pk])).content
    return body.decode().split("Session pulse per month")[1].split("</main>")[0]


def test_months_show_from_the_minimum_group_and_only_once_ended(db, settings):
    settings.REPORTS_MINIMUM_GROUP = 5
    cast = make_cast()
    _pulses_last_month(cast, 4)
    assert "Held back: too few people answered." in figures_section(cast)
    _pulses_last_month(cast, 1)
    assert "Held back" not in figures_section(cast)


def test_a_lead_comparing_the_page_before_and_after_one_more_answer_learns_nothing(db, settings):
    settings.REPORTS_MINIMUM_GROUP = 5
    cast = make_cast()
    _pulses_last_month(cast, 6)
    before = figures_section(cast)
    answer_pulse(cast.member, cast.session, forward=5, freely=5, listened=5)
    assert figures_section(cast) == before
    answer_pulse(cast.fellow, cast.session, forward=1, freely=1, listened=1)
    assert figures_section(cast) == before


def build(org, pairs: int):
    lead = factories.make_person(org, "Big Lead", role=Role.LEAD)
    program = factories.make_program(
        org, leads=[lead], format=Format.PAIRS, status=ProgramStatus.RUNNING
    )
    for index in range(pairs):
        a = factories.make_person(org, f"A{index}")
        b = factories.make_person(org, f"B{index}")
        group = factories.make_group(program, [a, b])
        for days in (-3, -10):
            session = factories.make_session(group, days_from_now=days, status=SessionStatus.HELD)
            for person in (a, b):
                Pulse.objects.create(
                    session=session, person=person, forward=1, freely=1, listened=1
                )
        from peercoach.health.models import MatchFit

        MatchFit.objects.create(group=group, person=a, works=False)
    return lead, program


def count_queries(person, url) -> int:
    c = client(person)
    with CaptureQueriesContext(connection) as queries:
        assert c.get(url).status_code == 200
    return len(queries)


def test_the_at_risk_list_and_figures_run_a_fixed_number_of_queries(db):
    small_lead, small = build(factories.make_organisation("Small"), 2)
    large_lead, large = build(factories.make_organisation("Large"), 25)
    small_count = count_queries(small_lead, reverse("health:program", args=[small.pk]))
    large_count = count_queries(large_lead, reverse("health:program", args=[large.pk]))
    assert small_count == large_count, (small_count, large_count)
    assert len(figures.at_risk(large).groups) == 25


def test_leads_get_the_list_by_email_on_mondays(db, smtp):
    from datetime import datetime, time

    from peercoach.notifications import outbox, scheduling

    cast = make_cast()
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    at_eight = timezone.make_aware(datetime.combine(monday, time(8)))
    client(cast.fellow).post(reverse("health:fit", args=[cast.group.pk]), {"works": "no"})
    # The clock stands on that Monday: the message expires two days after it is queued, so
    # sending it later in the week would (rightly) skip it as stale.
    with time_machine.travel(at_eight, tick=True):
        scheduling.queue_due_messages(at_eight)
        scheduling.queue_due_messages(at_eight + timedelta(minutes=1))
        outbox.deliver_all("test")
    weekly = [m for m in smtp.messages if "need your attention this week" in m["Subject"]]
    assert [m["To"] for m in weekly] == [cast.lead.email]
    text = weekly[0].get_body(("plain",)).get_content()
    assert f"{cast.group.name}: Asks for a re-match." in text
    for name in (cast.member.name, cast.fellow.name, cast.third.name):
        assert name not in text


def test_the_program_report_shows_the_same_closed_month_figures(db, settings):
    settings.REPORTS_MINIMUM_GROUP = 5
    cast = make_cast()
    _pulses_last_month(cast, 5)
    url = reverse("reports:program", args=[cast.program.pk])
    before = client(cast.lead).get(url).content.decode().split("Session pulse per month")[1]
    assert "Held back" not in before.split("</section>")[0]
    answer_pulse(cast.member, cast.session, forward=5, freely=5, listened=5)
    after = client(cast.lead).get(url).content.decode().split("Session pulse per month")[1]
    assert after.split("</section>")[0] == before.split("</section>")[0]


def test_the_at_risk_list_comes_fifty_groups_a_page_in_natural_order(db):
    lead, program = build(factories.make_organisation("Paged"), 55)
    url = reverse("health:program", args=[program.pk])
    first = client(lead).get(url).content.decode()
    second = client(lead).get(url, {"page": 2}).content.decode()
    links = re.compile(r'href="/programs/groups/(\d+)/"')
    assert "55 groepen hebben aandacht nodig." in first  # the organisation speaks Dutch
    assert len(links.findall(first)) == 50 and len(links.findall(second)) == 5
    assert client(lead).get(url, {"page": "x\x00"}).status_code == 200


def test_an_answer_counted_in_an_ended_month_shows_at_once(db, settings):
    """The pulse figures are kept between views (`programs.kept_figures`): a new answer is a
    change like any other write."""
    settings.REPORTS_MINIMUM_GROUP = 1
    cast = make_cast()
    for person, score in ((cast.member, 1), (cast.fellow, 5)):
        pulse = Pulse.objects.create(
            session=cast.session, person=person, forward=score, freely=score, listened=score
        )
        Pulse.objects.filter(pk=pulse.pk).update(created_at=_last_month(timezone.now()))
        if person == cast.member:
            before = figures_section(cast)
    assert figures_section(cast) != before
