"""A bad-input corpus thrown at every form and id parameter the app has.

The pages are found by enumerating the URL conf (as `tests/authorization/test_every_view.py`
does) and visiting each as a member, a program lead and an admin of the authorization world;
the forms, their fields and the query parameters are read from the pages themselves, so a new
form or link is covered without being listed here. One test per class of bad value: each asserts
that no request answers 5xx, and for bad text that none of it was stored.
"""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.apps import apps
from django.core.handlers import wsgi
from django.db import models, transaction
from django.http import QueryDict
from django.test import TestCase, override_settings
from django.urls import reverse

from tests.authorization.test_every_view import URLS, url_for
from tests.authorization.world import build_world
from tests.conftest import signed_in_client

ROLES = ("member", "lead", "admin")
# Query parameters the views read; those found in links on the pages are added to these.
KNOWN_PARAMETERS = ("request", "to", "session", "goal", "seen", "next", "person", "activity")

NUMBERS = [
    "²",  # "²".isdigit() is true, int("²") fails
    "٣",  # int() reads Arabic-Indic digits
    "-1",
    "0",
    "1e3",
    "0x10",
    " 7",
    "1.5",
    "1_000",
    "9223372036854775808",  # one past the largest 64-bit id
    "99999999999999999999999999",
    "",
]
# Every form gets each of these (the whole list costs minutes; these cover each way to fail).
POSTED_NUMBERS = ["²", "٣", " 7", "1e3", "99999999999999999999999999"]
TEXTS = {
    "nul": "before\x00after",
    "control": "bell\x07and escape\x1b[31m",
    "bidi": "Anna\u202eejzeT",
    "overlong": "x" * 25_000,
}


# Each class below visits every form as three roles, which costs about a minute per class. Classes
# whose values both databases store alike (the app refuses them before any query) run once, on
# SQLite; on PostgreSQL run those that meet the database differently: NUL bytes (PostgreSQL
# refuses them in text), lengths (it enforces varchar limits) and numbers (bigint overflow).
same_on_every_database = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="no database-specific behaviour: run on SQLite only (make test runs both)",
)


class _PageParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.forms: list[tuple[str, tuple[str, ...]]] = []
        self.links: set[str] = set()
        self._form: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        for link in (attr.get("href"), attr.get("hx-get"), attr.get("action")):
            if link and link.startswith("/") and "?" in link:
                self.links.add(link)
        if tag == "form":
            post = attr.get("method", "").lower() == "post" or "hx-post" in attr
            action = attr.get("hx-post") or attr.get("action") or self.page_url
            self._form = (action, []) if post else None
        elif (
            self._form
            and tag in ("input", "textarea", "select", "button")
            and attr.get("name") not in (None, "", "csrfmiddlewaretoken")
            and attr.get("type") != "file"
        ):
            self._form[1].append(attr["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form:
            self.forms.append((self._form[0], tuple(dict.fromkeys(self._form[1]))))
            self._form = None


class _ReadRecordingQueryDict(QueryDict):
    """`request.GET` that notes which parameters the request read, by any means (views,
    templates, middleware); iterating or copying it reads them all."""

    current: set[str] = set()
    _read: set[str] | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._read = _ReadRecordingQueryDict.current

    def _note(self, key=None) -> None:
        if self._read is not None:
            self._read.update(dict.keys(self) if key is None else [key])

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def _getlist(self, key, *args, **kwargs):
        self._note(key)
        return super()._getlist(key, *args, **kwargs)

    def __contains__(self, key) -> bool:
        self._note(key)
        return super().__contains__(key)

    def __iter__(self):
        self._note()
        return super().__iter__()

    def keys(self):
        self._note()
        return super().keys()

    def items(self):
        self._note()
        return super().items()

    def lists(self):
        self._note()
        return super().lists()

    def values(self):
        self._note()
        return super().values()


@contextlib.contextmanager
def recording_query_reads():
    """While active, `read()` gives the query parameters read by the latest request."""
    original = wsgi.QueryDict  # what WSGIRequest.GET is built with
    wsgi.QueryDict = _ReadRecordingQueryDict

    def start_request() -> set[str]:
        _ReadRecordingQueryDict.current = set()
        return _ReadRecordingQueryDict.current

    try:
        yield start_request
    finally:
        wsgi.QueryDict = original


def stored_strings(one_line_only: bool = False) -> list[str]:
    """Every text value stored in any of the app's tables (or in their one-line fields only)."""
    values = []
    for model in apps.get_models():
        if not model.__module__.startswith("peercoach."):
            continue
        names = [
            field.attname
            for field in model._meta.concrete_fields
            if not one_line_only or type(field) is models.CharField
        ]
        for row in model.objects.values_list(*names):
            values.extend(value for value in row if isinstance(value, str))
    return values


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class BadInputCorpusTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.pages: list[tuple[str, str]] = []  # (role, url) of every page that answered 200
        cls.forms: set[tuple[str, str, tuple[str, ...]]] = set()  # (role, action, fields)
        cls.parameters: set[tuple[str, str, str]] = set()  # (role, path, parameter)
        for role in ROLES:
            client = signed_in_client(cls.world.people[role])
            for name, kwarg_names in URLS:
                url = url_for(cls.world, name, kwarg_names)
                response = client.get(url)
                if response.status_code != 200 or "html" not in response["Content-Type"]:
                    continue
                cls.pages.append((role, url))
                parser = _PageParser(url)
                parser.feed(response.content.decode())
                cls.forms.update((role, action, fields) for action, fields in parser.forms)
                for link in parser.links:
                    parts = urlsplit(link)
                    cls.parameters.update(
                        (role, parts.path, key) for key, _ in parse_qsl(parts.query)
                    )
                cls.parameters.update((role, url, key) for key in KNOWN_PARAMETERS)

    def post_everywhere(self, value: str) -> list[tuple]:
        failures = []
        clients = {role: signed_in_client(self.world.people[role]) for role in ROLES}
        for role, action, fields in sorted(self.forms):
            # Each post is undone, so one that succeeds (an erasure, a deactivation) leaves the
            # world as the next post expects it.
            with transaction.atomic():
                response = clients[role].post(action, {field: value for field in fields})
                transaction.set_rollback(True)
            if response.status_code >= 500:
                failures.append((role, action, fields, response.status_code))
        return failures

    def test_it_enumerates_forms_and_parameters(self):
        actions = {action for _, action, _ in self.forms}
        assert any("/entries/" in action or "entry" in action for action in actions), actions
        assert len(self.forms) >= 30
        assert any(parameter == "to" for _, _, parameter in self.parameters)

    def test_it_answers_number_like_query_parameters_without_a_5xx(self):
        # Every value for every parameter a page reads. Which ones a page reads is asked twice
        # per page: once without any of them and once with all of them (a page notes a key it
        # looks for whether it is there or not, or only beside another one). A parameter read
        # in neither cannot act on any value; the others get every value, one at a time. Most
        # pages read none of KNOWN_PARAMETERS: two requests a page instead of one a parameter.
        failures, read_by = [], set()
        candidates: dict[tuple[str, str], set[str]] = defaultdict(set)
        for role, path, parameter in self.parameters:
            candidates[(role, path)].add(parameter)
        with recording_query_reads() as start_request:
            for (role, path), parameters in sorted(candidates.items()):
                client = signed_in_client(self.world.people[role])
                reads = set()
                for query in ({}, dict.fromkeys(parameters, NUMBERS[0])):
                    read = start_request()
                    response = client.get(path, query)
                    if response.status_code >= 500:
                        failures.append((role, path, sorted(query), response.status_code))
                    reads |= read
                for parameter in sorted(parameters & reads):
                    read_by.add((role, path, parameter))
                    for value in NUMBERS:
                        response = client.get(path, {parameter: value})
                        if response.status_code >= 500:
                            failures.append((role, path, parameter, value, response.status_code))
        assert failures == []
        # The recording sees reads: the feedback form reads ?to= and ?request=, for instance.
        assert {"to", "request", "session"} <= {parameter for _, _, parameter in read_by}

    def test_it_answers_number_like_values_in_every_form_field_without_a_5xx(self):
        failures = []
        for value in POSTED_NUMBERS:
            failures += [(value, *failure) for failure in self.post_everywhere(value)]
        assert failures == []

    def test_it_answers_ids_past_any_primary_key_in_paths_with_404(self):
        failures = []
        client = signed_in_client(self.world.member)
        for name, kwarg_names in URLS:
            for kwarg in kwarg_names:
                if not isinstance(self.world.kwargs[kwarg], int):
                    continue
                kwargs = {key: self.world.kwargs[key] for key in kwarg_names}
                kwargs[kwarg] = 99999999999999999999999999
                url = reverse(name, kwargs=kwargs)
                for method in (client.get, client.post):
                    status = method(url).status_code
                    if status not in (404, 405):
                        failures.append((url, method.__name__, status))
        assert failures == []

    def check_text_refused(self, value: str, bad: str, one_line_only: bool = False) -> None:
        failures = self.post_everywhere(value)
        assert failures == []
        stored = [text[:60] for text in stored_strings(one_line_only) if bad in text]
        assert stored == []

    def test_it_stores_no_nul_byte_from_any_form(self):
        self.check_text_refused(TEXTS["nul"], "\x00")

    @same_on_every_database
    def test_it_stores_no_control_character_from_any_form(self):
        self.check_text_refused(TEXTS["control"], "\x07")

    @same_on_every_database
    def test_it_stores_no_bidi_override_from_any_form(self):
        self.check_text_refused(TEXTS["bidi"], "\u202e")

    def test_it_stores_no_text_past_its_maximum_length_from_any_form(self):
        failures = self.post_everywhere(TEXTS["overlong"])
        assert failures == []
        assert [len(text) for text in stored_strings() if len(text) > 20_000] == []

    @same_on_every_database
    def test_it_answers_empty_values_in_every_form_field_without_a_5xx(self):
        assert self.post_everywhere("") == []
