"""The import graph of peercoach/ has no cycle, and no app imports an app above it.

The layering is the one written down in the README ("How it is built"); imports inside functions
count (they are read from the source with `ast`, not from what Python happened to load).
"""

from __future__ import annotations

from tests.structure.imports import cycles, import_graph

# Lowest first: an app may import the apps before it, never one after it.
LAYERS = [
    "lib",
    "matching.engine",  # plain Python, no Django
    "audit",  # the audit log's entries and record(): every app that changes access records
    "organisations",
    "identity",  # single sign-on, two-step verification (organisations knows nothing of it)
    "programs",
    "coaching",
    "methods",
    "growth",
    "paths",
    "assessments",
    "participants",
    "notifications",
    "matching",
    "reports",
    "health",
    "privacy",
    "home",
    "demo",
    "project",  # settings, urls, wsgi, cli
]
# The confidentiality rules: every app may use them; they read only models (and `lib`).
RULES = "access"

# Imports that still go up the layering, each a debt with its reason. The test fails on any
# other upward import, and on an entry here that no longer exists (so the list only shrinks).
KNOWN_UPWARD = {
    # An email change is confirmed by email: the action queues it itself.
    ("peercoach.organisations.actions", "peercoach.notifications.actions"),
    # A sign-in link, and the notice that an account is locked, are sent by the outbox worker:
    # the request (the sign-in page, axes' lockout signal) queues them itself.
    ("peercoach.organisations.sign_in_links", "peercoach.notifications.actions"),
    ("peercoach.organisations.lockout", "peercoach.notifications.actions"),
    # Deactivating someone ends their group memberships.
    ("peercoach.organisations.actions", "peercoach.programs.models"),
    # Adding someone to a group by hand is checked against matching's hard rules.
    ("peercoach.programs.actions", "peercoach.matching.planning"),
    # Enrolling and joining a group queue the invitation and the members' notice.
    ("peercoach.programs.actions", "peercoach.notifications.actions"),
    ("peercoach.programs.actions", "peercoach.notifications.models"),
    # The program page counts each group's held and planned sessions.
    ("peercoach.programs.views", "peercoach.coaching.models"),
    # A round leaves out whoever is on a break from the program (program health) that day.
    ("peercoach.matching.pool", "peercoach.health.models"),
    # The groups file explains a group's reasons in the reader's language.
    ("peercoach.participants.groups_file", "peercoach.matching.reasons"),
}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if module.startswith("peercoach.matching.engine"):
        return "matching.engine"
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
