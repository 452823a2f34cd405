"""Reports: a program's figures for whoever runs it, a team's aggregate figures for its manager.

Who sees what is decided in `peercoach/access/`; the figures come from `figures.py`.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from peercoach import access
from peercoach.audit.log import Action, record
from peercoach.lib.spreadsheets import csv_download
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.organisations.people_search import numbered
from peercoach.reports import charts, export, figures

# Rows of the per-group table on one page; the CSV and XLSX exports have all of them.
GROUPS_PER_PAGE = 50


@person_required
def index(request: PersonRequest) -> HttpResponse:
    """The reports this person may open: programs they run, and their team if they manage one."""
    programs = list(access.programs_run_by(request.person).order_by("-starts_on", "name"))
    manages = access.manages_people(request.person)
    if not programs and not manages:
        raise Http404
    return render(request, "reports/index.html", {"programs": programs, "manages": manages})


@person_required
def program_report(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    report = figures.program_report(program, request.person)
    # The figures are counted over all groups (the summary needs them, and so does the rule
    # that holds back small rows); only a page of rows is rendered, linked and charted.
    page = numbered(Paginator(report.groups, GROUPS_PER_PAGE).get_page(request.GET.get("page")))
    return render(
        request,
        "reports/program.html",
        {
            "report": report,
            "program": program,
            "page": page,
            "charts": charts.report_charts(report, page.object_list),
            "openable": access.groups_openable(request.person, program, [row.pk for row in page]),
        },
    )


@person_required
def program_export(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    report = figures.program_report(program, request.person)
    filename = f"{slugify(program.name) or 'program'}-groups.csv"
    record(Action.REPORT_EXPORTED, target=program, detail=filename)
    return csv_download(export.program_report_csv(report), filename)


@person_required
def program_export_xlsx(request: PersonRequest, program_pk: int) -> HttpResponse:
    """The same table as the CSV, as a workbook."""
    program = access.get_program_to_run(request.person, program_pk)
    report = figures.program_report(program, request.person)
    filename = f"{slugify(program.name) or 'program'}-groups.xlsx"
    record(Action.REPORT_EXPORTED, target=program, detail=filename)
    return export.xlsx_download(export.group_table_xlsx(report), filename)


@person_required
def team_report(request: PersonRequest) -> HttpResponse:
    manager = access.require_manager(request.person)
    return render(request, "reports/team.html", {"report": figures.team_report(manager)})
