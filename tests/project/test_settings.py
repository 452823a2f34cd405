"""Settings: yes/no and number environment variables, and settings the code reads are declared."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

import peercoach
from peercoach.lib.environment import env_flag, env_int


@pytest.mark.parametrize("word", ["1", "true", "YES", " on "])
def test_it_reads_a_yes(monkeypatch, word):
    monkeypatch.setenv("PEERCOACH_TEST_FLAG", word)
    assert env_flag("PEERCOACH_TEST_FLAG") is True


@pytest.mark.parametrize("word", ["0", "false", "No", "off", ""])
def test_it_reads_a_no(monkeypatch, word):
    monkeypatch.setenv("PEERCOACH_TEST_FLAG", word)
    assert env_flag("PEERCOACH_TEST_FLAG", default=True) is False


def test_it_takes_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("PEERCOACH_TEST_FLAG", raising=False)
    assert env_flag("PEERCOACH_TEST_FLAG", default=True) is True


@pytest.mark.parametrize("word", ["ture", "enabled", "2"])
def test_an_unknown_word_is_an_error_not_a_no(monkeypatch, word):
    monkeypatch.setenv("PEERCOACH_TEST_FLAG", word)
    with pytest.raises(ImproperlyConfigured, match="PEERCOACH_TEST_FLAG"):
        env_flag("PEERCOACH_TEST_FLAG")


def test_a_number_is_read_and_an_empty_one_takes_the_default(monkeypatch):
    monkeypatch.setenv("PEERCOACH_TEST_NUMBER", " 42 ")
    assert env_int("PEERCOACH_TEST_NUMBER", 7) == 42
    monkeypatch.setenv("PEERCOACH_TEST_NUMBER", "")
    assert env_int("PEERCOACH_TEST_NUMBER", 7) == 7


@pytest.mark.parametrize("word", ["60s", "1.5", "sixty"])
def test_a_number_that_is_not_whole_is_an_error_naming_the_variable(monkeypatch, word):
    monkeypatch.setenv("PEERCOACH_TEST_NUMBER", word)
    with pytest.raises(
        ImproperlyConfigured, match="PEERCOACH_TEST_NUMBER=.* is not a whole number"
    ):
        env_int("PEERCOACH_TEST_NUMBER", 7)


@pytest.mark.parametrize("name", ["DEBUG", "EMAIL_USE_TLS", "PEERCOACH_PRODUCTION"])
def test_the_site_does_not_start_with_an_unknown_yes_no_word(name):
    """`DEBUG=maybe` stops `manage.py` at start-up with a message naming the variable."""
    environment = {**os.environ, name: "maybe", "SECRET_KEY": "x" * 50}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    started = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(peercoach.__file__).parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert f"{name}='maybe' is not a yes/no value" in started.stderr


def test_no_setting_is_read_with_a_fallback():
    """`getattr(settings, "X", default)` hides a missing or misspelt setting: every setting the
    code reads is declared in settings.py and read without a default."""
    with_fallback = []
    for path in Path(peercoach.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "getattr"
                and len(node.args) >= 3
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id == "settings"
            ):
                with_fallback.append(f"{path.name}:{node.lineno}")
    assert with_fallback == []


def test_every_setting_read_by_name_is_declared():
    """`getattr(settings, "X")`: each X is in settings.py."""
    read = set()
    for path in Path(peercoach.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "getattr"
                and len(node.args) >= 2
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id == "settings"
                and isinstance(node.args[1], ast.Constant)
            ):
                read.add(node.args[1].value)
    assert {name for name in read if not hasattr(settings, name)} == set()
