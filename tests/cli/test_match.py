"""`peercoach match`, run as a user would: in a subprocess, on real files."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tests.participants.test_reader import SAMPLE

pytestmark = pytest.mark.database_free

ROOT = Path(__file__).resolve().parents[2]


def peercoach(*args: str, lang: str = "en") -> subprocess.CompletedProcess:
    env = {**os.environ, "LANG": "C.UTF-8"}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "peercoach.cli", *args, "--lang", lang],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def read_output(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert rows, "empty output"
    assert list(rows[0]) == ["round", "group", "email", "role", "score", "reasons"]
    return rows


def sample_emails() -> set[str]:
    with SAMPLE.open(newline="", encoding="utf-8-sig") as file:
        return {row["email"] for row in csv.DictReader(file)}


def pairs_by_round(rows) -> dict[int, list[frozenset[str]]]:
    groups = defaultdict(set)
    for row in rows:
        if row["group"]:
            groups[(int(row["round"]), int(row["group"]))].add(row["email"])
    rounds = defaultdict(list)
    for (number, _), members in groups.items():
        rounds[number].append(frozenset(members))
    return rounds


def test_it_writes_pairs_for_every_round_of_the_sample(tmp_path):
    out = tmp_path / "groups.csv"
    done = peercoach(
        "match", str(SAMPLE), "--size", "2", "--rounds", "3", "--out", str(out), "--seed", "7"
    )
    assert done.returncode == 0, done.stderr
    rows = read_output(out)
    everyone = sample_emails()
    met = Counter()
    for number in (1, 2, 3):
        in_round = [row for row in rows if row["round"] == str(number)]
        assert sorted(row["email"] for row in in_round) == sorted(everyone)  # exactly once
        placed = [row for row in in_round if row["group"]]
        for row in placed:
            assert row["role"] in {"coach", "coachee"}
            assert float(row["score"]) >= 0
            assert row["reasons"]
        for row in in_round:
            if not row["group"]:
                assert row["reasons"] and not row["role"]
    by_round = pairs_by_round(rows)
    assert set(by_round) == {1, 2, 3}
    for groups in by_round.values():
        assert all(2 <= len(group) <= 3 for group in groups)
        met.update(groups)
    assert max(met.values()) == 1  # nobody meets the same partner twice

    managers = {}
    with SAMPLE.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            managers[row["email"]] = row["manager_email"]
    for groups in by_round.values():
        for group in groups:
            for member in group:
                assert managers[member] not in group  # never with their own manager


def test_it_is_deterministic_for_a_seed(tmp_path):
    outputs = []
    for name in ("a.csv", "b.csv"):
        out = tmp_path / name
        done = peercoach("match", str(SAMPLE), "--size", "4", "--out", str(out), "--seed", "3")
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    rows = read_output(tmp_path / "a.csv")
    roles = Counter(row["role"] for row in rows if row["group"])
    groups = {row["group"] for row in rows if row["group"]}
    assert roles["case_bringer"] == len(groups) and roles["facilitator"] == len(groups)


def test_it_continues_after_history_without_repeats(tmp_path):
    first = tmp_path / "first.csv"
    assert peercoach("match", str(SAMPLE), "--rounds", "2", "--out", str(first)).returncode == 0
    second = tmp_path / "second.csv"
    done = peercoach(
        "match", str(SAMPLE), "--rounds", "2", "--out", str(second), "--history", str(first)
    )
    assert done.returncode == 0, done.stderr
    earlier = {g for groups in pairs_by_round(read_output(first)).values() for g in groups}
    later_rows = read_output(second)
    assert {row["round"] for row in later_rows} == {"3", "4"}
    later = [g for groups in pairs_by_round(later_rows).values() for g in groups]
    assert not earlier & set(later)


def test_it_explains_in_dutch_and_honours_options(tmp_path):
    out = tmp_path / "groups.csv"
    done = peercoach(
        "match",
        str(SAMPLE),
        "--out",
        str(out),
        "--cross-department",
        "--weight-skill-exchange",
        "5",
        "--explain",
        lang="nl",
    )
    assert done.returncode == 0, done.stderr
    assert "Ronde 1" in done.stdout
    assert "Groep 1" in done.stdout
    department = {}
    with SAMPLE.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            department[row["email"]] = row["department"]
    for group in pairs_by_round(read_output(out))[1]:
        assert len({department[member] for member in group}) > 1


def test_it_lists_people_who_cannot_be_placed(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(
        "email,name,languages\na@x.nl,A,nl\nb@x.nl,B,nl\nc@x.nl,C,nl\nd@x.nl,D,fr\n",
        encoding="utf-8",
    )
    out = tmp_path / "groups.csv"
    done = peercoach("match", str(people), "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = read_output(out)
    lonely = [row for row in rows if row["email"] == "d@x.nl"]
    assert len(lonely) == 1 and lonely[0]["group"] == "" and "language" in lonely[0]["reasons"]
    assert {row["email"] for row in rows if row["group"]} == {"a@x.nl", "b@x.nl", "c@x.nl"}


@pytest.mark.parametrize(
    ("content", "lang", "expected"),
    [
        (
            "email,name,manager_email\na@x.nl,A,b@x.nl\nb@x.nl,B,a@x.nl\nbad,C,\n",
            "en",
            [
                "row 2, column manager_email: The reporting line loops",
                "row 4, column email: “bad” is not a valid email address.",
            ],
        ),
        (
            "email;naam;ervaring_jaren\na@x.nl;A;veel\n",
            "nl",
            ["rij 2, kolom experience_years: “veel” is geen heel aantal jaren"],
        ),
        ("email,department\na@x.nl,Sales\n", "en", ["The file has no column “name”"]),
        ("", "en", ["The file is empty."]),
    ],
)
def test_it_reports_bad_input_like_the_import(tmp_path, content, lang, expected):
    people = tmp_path / "people.csv"
    people.write_text(content, encoding="utf-8")
    out = tmp_path / "groups.csv"
    done = peercoach("match", str(people), "--out", str(out), lang=lang)
    assert done.returncode == 2
    for text in expected:
        assert text in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_it_reports_a_missing_file_and_bad_options(tmp_path):
    out = tmp_path / "groups.csv"
    done = peercoach("match", str(tmp_path / "nope.csv"), "--out", str(out))
    assert done.returncode == 2 and "nope.csv" in done.stderr and "Traceback" not in done.stderr
    done = peercoach("match", str(SAMPLE), "--out", str(out), "--size", "12")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    done = peercoach("match", str(SAMPLE), "--out", str(out), "--weight-time-zone", "-1")
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_it_prints_how_close_the_pairs_are_to_the_best_possible(tmp_path):
    out = tmp_path / "groups.csv"
    done = peercoach("match", str(SAMPLE), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "of the best possible pairing" in done.stderr
    assert "no pairing of these people can exceed" in done.stderr
    dutch = peercoach("match", str(SAMPLE), "--out", str(out), lang="nl")
    assert "van de best mogelijke indeling" in dutch.stderr
