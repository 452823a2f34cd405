"""The import graph of peercoach/ has no cycle, and no app imports an app above it.

The layering is the one written down in the README ("How it is built"); imports inside functions
count (they are read from the source with `ast`, not from what Python happened to load).
"""

from __future__ import annotations

import pytest

from tests.structure.imports import cycles, import_graph

pytestmark = pytest.mark.database_free

# Lowest first: an app may import the apps before it, never one after it.
LAYERS = [
    "lib",
    "matching.engine",  # plain Python, no Django
    "audit",  # the audit log's entries and record(): every app that changes access records
    "organisations",
    "identity",  # single sign-on, two-step verification (organisations knows nothing of it)
    "programs",
    "coaching",
    # The outbox, calendars and the emails of the records below; apps above register their own
    # emails (growth: feedback, health) and sweeps (participants, privacy) and queue them directly.
    "notifications",
    "coaching.writes",  # COACHING_WRITES
    "methods",
    "growth",
    "paths",
    "assessments",
    "participants",
    "health",  # below matching: a round leaves out whoever is on a break (`health.Absence`)
    "matching",
    # Saving someone's record (seats move, links stop, an email change is mailed), asking for a
    # sign-in link and the lockout notice: organisations' pages that queue mail, so above it.
    "people",
    # The program pages and the operations that enrol, open a program and change its groups:
    # they check matching's rules, queue invitations and count sessions, so above all three.
    "running",
    "reports",
    "privacy",
    "home",
    "demo",
    "project",  # settings, urls, wsgi, cli
]
# The confidentiality rules: every app may use them; they read only models (and `lib`).
RULES = "access"

# Imports that still go up the layering, each a debt with its reason: none is left. The test
# fails on any upward import, and on an entry here that no longer exists.
KNOWN_UPWARD: set[tuple[str, str]] = set()


# Coaching's writes and pages: above notifications, so scheduling, moving or cancelling a session
# syncs the calendars directly. Its records (models, the rhythm) stay below: the outbox and the
# calendars refer to sessions.
COACHING_WRITES = {
    "peercoach.coaching.actions",
    "peercoach.coaching.admin",
    "peercoach.coaching.forms",
    "peercoach.coaching.urls",
    "peercoach.coaching.views",
}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if module.startswith("peercoach.matching.engine"):
        return "matching.engine"
    if module in COACHING_WRITES:
        return "coaching.writes"
    if len(parts) == 1 or parts[1] in {"settings", "urls", "wsgi", "cli", "__main__"}:
        return "project"
    return parts[1]


def _is_data(module: str) -> bool:
    return ".models" in module or layer_of(module) == "lib"


def upward_imports(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    order = {name: position for position, name in enumerate(LAYERS)}
    found = set()
    for module, imported in graph.items():
        source = layer_of(module)
        for target in imported:
            goal = layer_of(target)
            if goal in (source, RULES):
                continue
            if source == RULES:
                if not _is_data(target):
                    found.add((module, target))
                continue
            if order[goal] > order[source]:
                found.add((module, target))
    return found


def test_every_app_has_a_layer():
    layers = {layer_of(module) for module in import_graph()}
    assert layers <= {*LAYERS, RULES}, layers - {*LAYERS, RULES}


def test_the_import_graph_has_no_cycle():
    assert cycles(import_graph()) == []


def test_it_finds_a_cycle_through_an_import_inside_a_function():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_app_imports_an_app_above_it():
    upward = upward_imports(import_graph())
    assert upward - KNOWN_UPWARD == set(), "move the code down, or the import up"
    assert KNOWN_UPWARD - upward == set(), "a known upward import is gone: remove it here"


def test_it_tells_an_upward_import():
    graph = {
        "peercoach.programs.views": {"peercoach.coaching.forms", "peercoach.access"},
        "peercoach.access.core": {"peercoach.notifications.actions", "peercoach.growth.models"},
        "peercoach.growth.views": {"peercoach.programs.models"},
    }
    assert upward_imports(graph) == {
        ("peercoach.programs.views", "peercoach.coaching.forms"),
        ("peercoach.access.core", "peercoach.notifications.actions"),
    }
