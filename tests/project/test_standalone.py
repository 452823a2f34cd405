"""The repository stands alone: it carries its own documents and names no path outside it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from peercoach.participants.reader import read_participants

pytestmark = pytest.mark.database_free

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = re.compile(r"/work/|\.\./shared|shared/(spec|context)/")


def tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed if (ROOT / name).is_file()]


def test_no_file_names_a_path_outside_the_repository():
    offenders = []
    for path in tracked_files():
        if path.suffix in {".mo", ".png", ".jpg", ".xlsx", ".ico", ".woff2"}:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if path == Path(__file__).resolve():
            continue
        offenders += [
            f"{path.relative_to(ROOT)}:{number}"
            for number, line in enumerate(text.splitlines(), start=1)
            if OUTSIDE.search(line)
        ]
    assert not offenders, offenders


def test_the_participant_file_format_and_its_sample_are_part_of_the_product():
    spec = (ROOT / "docs" / "participants-file.md").read_text(encoding="utf-8")
    assert "# Participant file format" in spec and "`manager_email`" in spec
    sample = (ROOT / "docs" / "sample-participants.csv").read_bytes()
    result = read_participants(sample, "sample-participants.csv")
    assert result.records and result.ok


def test_it_is_open_source_in_fact():
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in license_text and "Version 2.0, January 2004" in license_text
    assert "END OF TERMS AND CONDITIONS" in license_text
