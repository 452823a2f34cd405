"""Numbers in SVG attributes are written for the browser, never in the reader's locale."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.urls import reverse

from peercoach.coaching.models import Attendance, SessionStatus
from peercoach.growth.models import Goal, GoalVisibility, ProgressUpdate
from peercoach.organisations.models import Role
from peercoach.programs.models import ProgramStatus
from tests.conftest import signed_in_client
from tests.factories import make_group, make_person, make_program, make_session
from tests.growth.conftest import make_goal

PEERCOACH = Path(__file__).resolve().parents[2] / "peercoach"
NUMERIC = {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "dx", "dy", "width", "height"}
SVG_NS = "{http://www.w3.org/2000/svg}"


def test_every_chart_template_is_covered_here():
    """A new chart must be rendered in Dutch by a test below before it ships."""
    charts = {
        str(path.relative_to(PEERCOACH))
        for path in [*PEERCOACH.rglob("templates/**/*.html"), *PEERCOACH.rglob("templatetags/*.py")]
        if "<svg" in path.read_text()
    }
    assert charts == {
        "growth/templates/growth/_chart.html",
        "reports/templates/reports/_column_chart.html",  # the program report's months
        "reports/templatetags/chart_svg.py",  # its attendance and goal statuses
    }


def numbers_in(svg: ET.Element) -> list[float]:
    found = []
    for element in svg.iter():
        for name, value in element.attrib.items():
            if name in NUMERIC and not value.endswith("%"):
                found.append(float(value))
            elif name == "viewBox":
                found += [float(part) for part in value.split()]
            elif name == "points":
                for pair in value.split():
                    x, y = pair.split(",")
                    found += [float(x), float(y)]
            elif name == "style":
                found += [float(n) for n in re.findall(r":\s*([^;]+?)px", value)]
    return found


def test_the_goal_chart_in_dutch_writes_coordinates_a_browser_reads(people):
    people.member.preferred_language = "nl"
    people.member.save()
    goal = make_goal(people, baseline=Decimal("2.5"), target=Decimal("7.25"))
    start = date.today() - timedelta(days=20)
    for days, value in [(0, "3.3"), (7, "4.7"), (13, "5.1"), (20, "6.9")]:
        ProgressUpdate.objects.create(
            goal=goal, value=Decimal(value), recorded_on=start + timedelta(days=days)
        )
    page = signed_in_client(people.member).get(reverse("growth:goal", args=[goal.pk]))
    body = page.content.decode()
    assert 'lang="nl"' in body
    (svg_source,) = re.findall(r'<svg class="chart".*?</svg>', body, re.S)
    svg = ET.fromstring(svg_source.replace("<svg ", f'<svg xmlns="{SVG_NS[1:-1]}" ', 1))
    numbers = numbers_in(svg)
    circles = list(svg.iter(f"{SVG_NS}circle"))
    assert len(circles) == 4
    assert any(n != int(n) for n in numbers)  # fractional coordinates were written, and parse
    lines = list(svg.iter(f"{SVG_NS}line"))
    target = [line for line in lines if line.get("stroke-dasharray") == "6 4"]
    assert target and target[0].get("y1") == target[0].get("y2")
    # The labels people read stay Dutch.
    assert "7,25" in body


def test_the_report_charts_in_dutch_write_coordinates_a_browser_reads(org, settings):
    settings.REPORTS_MINIMUM_GROUP = 1
    lead = make_person(org, "Lee Lead", role=Role.LEAD, preferred_language="nl")
    program = make_program(org, leads=[lead], status=ProgramStatus.RUNNING)
    trio = [make_person(org) for _ in range(3)]
    group = make_group(program, trio, name="Groep Tulp")
    for days in (3, 10, 17):
        make_session(group, days_from_now=-days, status=SessionStatus.HELD)
    make_session(group, days_from_now=4)
    held = group.sessions.filter(status=SessionStatus.HELD).first()
    for person, present in zip(trio, (True, True, False), strict=True):
        Attendance.objects.create(session=held, person=person, present=present)
    Goal.objects.create(owner=trio[0], group=group, what="x", visibility=GoalVisibility.LEAD_STATUS)

    body = signed_in_client(lead).get(reverse("reports:program", args=[program.pk])).content
    body = body.decode()
    assert 'lang="nl"' in body
    sources = re.findall(r'<svg class="chart".*?</svg>', body, re.S)
    assert len(sources) == 3
    fractional = False
    for source in sources:
        svg = ET.fromstring(source.replace("<svg ", f'<svg xmlns="{SVG_NS[1:-1]}" ', 1))
        numbers = numbers_in(svg)  # every coordinate parses as a number
        fractional = fractional or any(n != int(n) for n in numbers)
        assert list(svg.iter(f"{SVG_NS}rect"))
    assert fractional
    # The labels people read stay Dutch: two of three present is 66,7 %.
    assert "66,7 %" in sources[1] and "Alle groepen" in sources[1]
    assert "Gehouden" in body
