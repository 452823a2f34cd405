"""No Python module is longer than about 400 lines: a big module is split along its seams.

Migrations and library data (the built-in methods, which are content, not code) do not count.
"""

from __future__ import annotations

import pytest

from tests.structure.imports import ROOT, modules

pytestmark = pytest.mark.database_free

MAX_LINES = 400
DATA = {"peercoach.methods.library"}
# Still to split, each with the seam to split it along.
KNOWN_LONG: set[str] = set()


def long_modules() -> dict[str, int]:
    found = {}
    for name, path in modules().items():
        lines = len(path.read_text().splitlines())
        if lines > MAX_LINES and name not in DATA:
            found[name] = lines
    return found


def test_it_reads_every_module():
    assert "peercoach.settings" in modules()
    assert (ROOT / "settings.py").exists()


def test_no_module_is_longer_than_400_lines():
    long = long_modules()
    assert {name: n for name, n in long.items() if name not in KNOWN_LONG} == {}
    assert long.keys() >= KNOWN_LONG, "a known long module was split: remove it here"


def test_no_test_or_bench_file_is_longer_than_400_lines():
    repository = ROOT.parent
    long = {
        str(path.relative_to(repository)): n
        for folder in ("tests", "bench")
        for path in (repository / folder).rglob("*.py")
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
