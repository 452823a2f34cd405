"""The end-of-program survey: when a program closes (or its end date passes) everyone still
enrolled is asked once, over the outbox (real SMTP), whether they would recommend it (0–10) and
what it brought them. The text is the person's alone; the lead sees the number of answers and the
average, from `REPORTS_MINIMUM_GROUP` answers on and only of months that ended, on the report
page and in its export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from peercoach.health.models import SurveyAnswer
from peercoach.notifications import outbox, scheduling
from peercoach.programs.models import ProgramStatus
from tests import factories
from tests.health.helpers import client, make_cast

BROUGHT = "BROUGHT-I learnt to ask before I advise"


def close(program) -> None:
    program.status = ProgramStatus.CLOSED
    program.save(update_fields=["status"])


def answer(person, program, recommend: int, brought: str = "") -> None:
    url = reverse("health:survey", args=[program.pk])
    response = client(person).post(url, {"recommend": recommend, "brought": brought})
    assert response.status_code == 302, response.content.decode()[:2000]


def _last_month() -> timezone.datetime:
    return timezone.localtime().replace(day=1) - timedelta(days=3)


def answers_last_month(cast, count: int, recommend: int = 8) -> None:
    for index in range(count):
        person = factories.make_person(cast.org, f"Survey {index}")
        factories.make_group(cast.program, [person, cast.member])
        answer(person, cast.program, recommend, brought=BROUGHT)
    SurveyAnswer.objects.update(created_at=_last_month())


def report(cast) -> str:
    url = reverse("reports:program", args=[cast.program.pk])
    body = client(cast.lead).get(url).content.decode()
    return body.split('id="survey-heading"')[1].split("</section>")[0]


def exported(cast) -> list[list[str]]:
    url = reverse("reports:program_export", args=[cast.program.pk])
    rows = list(csv.reader(io.StringIO(client(cast.lead).get(url).content.decode("utf-8-sig"))))
    start = next(i for i, row in enumerate(rows) if row and row[0] == "End-of-program survey")
    return rows[start : start + 2]


def test_closing_a_program_asks_everyone_enrolled_once_by_email(db, smtp, settings):
    settings.HEALTH_COMMITMENT_HOUR = 0
    cast = make_cast()
    scheduling.queue_due_messages(timezone.now())
    outbox.deliver_all("test")
    assert not [m for m in smtp.messages if "recommend" in m["Subject"]]
    close(cast.program)
    scheduling.queue_due_messages(timezone.now())
    scheduling.queue_due_messages(timezone.now())  # the loop runs every minute: still once each
    outbox.deliver_all("test")
    asked = [m for m in smtp.messages if "would you recommend it?" in m["Subject"]]
    enrolled = {p.email for p in cast.program.enrolled_people()}
    assert sorted(m["To"] for m in asked) == sorted(enrolled)
    assert cast.lead.email not in enrolled
    text = asked[0].get_body(("plain",)).get_content()
    assert reverse("health:survey", args=[cast.program.pk]) in text


def test_the_answer_is_the_persons_own_and_only_for_an_ended_program(db):
    cast = make_cast()
    url = reverse("health:survey", args=[cast.program.pk])
    assert client(cast.member).get(url).status_code == 404  # still running
    close(cast.program)
    for outsider in (cast.lead, cast.admin, cast.manager, cast.outsider):
        assert client(outsider).get(url).status_code == 404
        assert client(outsider).post(url, {"recommend": 0}).status_code == 404
    assert not SurveyAnswer.objects.exists()
    mine = client(cast.member).get(reverse("health:mine")).content.decode()
    assert url in mine
    answer(cast.member, cast.program, 9, BROUGHT)
    assert BROUGHT in client(cast.member).get(url).content.decode()
    answer(cast.member, cast.program, 7, BROUGHT)  # changed, not doubled
    assert SurveyAnswer.objects.get().recommend == 7


def test_bad_input_gets_a_translated_error_and_saves_nothing(db):
    cast = make_cast()
    close(cast.program)
    url = reverse("health:survey", args=[cast.program.pk])
    for bad in ({"recommend": "11"}, {"recommend": "ten"}, {}):
        response = client(cast.member).post(url, bad)
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode() or (
            "This field is required" in response.content.decode()
        )
    assert not SurveyAnswer.objects.exists()


def test_the_lead_sees_counts_and_averages_from_the_minimum_of_closed_months(db, settings):
    settings.REPORTS_MINIMUM_GROUP = 5
    cast = make_cast()
    close(cast.program)
    answers_last_month(cast, 4)
    assert "Held back: too few people answered." in report(cast)
    assert exported(cast)[1][1] == "Held back: too few people answered."
    SurveyAnswer.objects.all().delete()
    answers_last_month(cast, 5, recommend=8)
    section = report(cast)
    assert "Held back" not in section and "8.0" in section and BROUGHT not in section
    assert exported(cast)[1][1:] == ["5", "8.0"]
    whole_page = client(cast.lead).get(reverse("reports:program", args=[cast.program.pk]))
    assert BROUGHT not in whole_page.content.decode()


def test_a_lead_comparing_before_and_after_one_more_answer_learns_nothing(db, settings):
    settings.REPORTS_MINIMUM_GROUP = 5
    cast = make_cast()
    close(cast.program)
    answers_last_month(cast, 6)
    page, export = report(cast), exported(cast)
    answer(cast.member, cast.program, 0, "it did not help me")
    assert report(cast) == page and exported(cast) == export
