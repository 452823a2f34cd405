"""Confidentiality lives in one place: views reach confidential rows only through peercoach.access.

A view that writes `Goal.objects.filter(...)` decides by hand who sees a goal; the rule then lives
in two places and the next change forgets one. This test reads every view module and fails on a
query or write of a confidential model that does not go through `peercoach/access/`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import peercoach

pytestmark = pytest.mark.database_free

ROOT = Path(peercoach.__file__).parent

# What members write and what is theirs alone: session content, growth content, private notes
# and answers, and the keys to someone's calendar and email settings.
CONFIDENTIAL = {
    "ActionItem",
    "Answer",
    "CalendarFeedToken",
    "UnsubscribeToken",
    "Contribution",
    "Entry",
    "Feedback",
    "FeedbackRequest",
    "Goal",
    "Insight",
    "JournalEntry",
    "LibraryComment",
    "LibraryItem",
    "Milestone",
    "ProgressUpdate",
    "RatherNot",
    "Response",
    "StepCompletion",
    "Win",
    "WinReaction",
}


def _view_modules() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if path.name == "views.py" or "views" in path.relative_to(ROOT).parts[:-1]
    )


def direct_queries(source: str) -> list[str]:
    """`Model.objects.<method>(` calls on a confidential model, as 'line: Model.objects.method'.

    Any method: reads decide who sees what, writes belong in the app's actions or services."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        manager = node.func.value
        if (
            isinstance(manager, ast.Attribute)
            and manager.attr == "objects"
            and isinstance(manager.value, ast.Name)
            and manager.value.id in CONFIDENTIAL
        ):
            found.append(f"{node.lineno}: {manager.value.id}.objects.{node.func.attr}")
    return found


def test_it_finds_the_view_modules():
    names = {str(path.relative_to(ROOT)) for path in _view_modules()}
    assert {"growth/views/goals.py", "methods/views.py", "notifications/views.py"} <= names


def test_it_recognises_a_direct_query():
    assert direct_queries("Goal.objects.filter(owner=person)\nWin.objects.get(pk=1)\n") == [
        "1: Goal.objects.filter",
        "2: Win.objects.get",
    ]
    assert direct_queries("access.goals_visible_to(person).filter(pk=1)\n") == []


def test_no_view_queries_a_confidential_model_directly():
    offenders = {
        str(path.relative_to(ROOT)): queries
        for path in _view_modules()
        if (queries := direct_queries(path.read_text()))
    }
    assert offenders == {}, "query these through peercoach/access/ instead"
