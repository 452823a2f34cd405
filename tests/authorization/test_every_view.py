"""Confidentiality, proven over every URL the app has.

The URL conf is enumerated, so a view added later is covered without anyone remembering to add
it: if its URL takes a kwarg the world does not know, the test fails and says which.
"""

from __future__ import annotations

import re

import pytest
from django.test import TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authorization.newcomer import BEFORE_JOIN
from tests.authorization.world import (
    CONTENT_ROLES,
    JOINER_ROLES,
    NO_MEMBERSHIP_ROLES,
    ROLES,
    SENTINEL,
    accounts_and_roles,
    assert_nobody_gained,
    build_world,
    client_for,
    extension_modules,
)
from tests.conftest import signed_in_client

SKIPPED_NAMESPACES = {"admin"}  # Django's admin is for staff only; content models are not in it.
# Answered without signing in; world extensions add their capability URLs (secret-token links).
PUBLIC_URLS = {
    "login",
    "healthz",
    "set_language",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
} | {name for module in extension_modules() for name in getattr(module, "PUBLIC_URLS", ())}
# Pages about the account itself, for anyone signed in, with or without a membership.
ACCOUNT_URLS = {"memberships", "switch_organisation"}


def enumerate_urls(patterns=None, namespace: str = "", converters: tuple = ()) -> list:
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        names = converters + tuple(getattr(pattern.pattern, "converters", {}).keys())
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += enumerate_urls(pattern.url_patterns, inner, names)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((f"{namespace}{pattern.name}", names))
    return found


URLS = enumerate_urls()
URL_IDS = [name for name, _ in URLS]


def url_for(world, name: str, kwarg_names: tuple) -> str:
    missing = [kwarg for kwarg in kwarg_names if kwarg not in world.kwargs]
    assert not missing, (
        f"URL {name!r} takes {missing}: add them to the authorization world "
        "(tests/authorization/world.py or a world_<app>.py extension)"
    )
    return reverse(name, kwargs={kwarg: world.kwargs[kwarg] for kwarg in kwarg_names})


def snapshot(world) -> list:
    return [
        (model.__name__, list(model.objects.order_by("pk").values()))
        for model in world.content_models
    ]


def intruder_post_data(world) -> dict:
    data = {
        "text": "INTRUDER",
        "section": "note",
        "section_name": "note",
        "note-section": "note",
        "note-text": "INTRUDER",
        "owner": world.member.pk,
        "name": "INTRUDER",
        "next": "home",
    }
    for module in extension_modules():
        data.update(getattr(module, "post_data", lambda world: {})(world))
    return data


def _older_rows(rows: list, before: list) -> list:
    """The rows of `rows` that existed in `before` and carry a creation time (written content;
    the run state of a session the newcomer now takes part in is not)."""
    existing = {name: {row["id"] for row in values} for name, values in before}
    return [
        (name, [row for row in values if row["id"] in existing[name] and "created_at" in row])
        for name, values in rows
    ]


def test_it_enumerates_the_views():
    assert "coaching:session" in URL_IDS
    assert "coaching:entry_add" in URL_IDS
    assert len(URLS) >= 15


def private_markers(world) -> list[tuple[str, set[str]]]:
    """(text, roles that may see it) of what is one person's alone, from the world extensions
    (e.g. the member's private "rather not with" list)."""
    return [
        marker
        for module in extension_modules()
        for marker in getattr(module, "private_markers", lambda world: [])(world)
    ]


def check_get(world, name: str, kwarg_names: tuple) -> None:
    url = url_for(world, name, kwarg_names)
    markers = private_markers(world)
    for role in ROLES:
        response = client_for(world, role).get(url)
        assert response.status_code < 500, (role, url)
        body = response.content.decode(errors="replace")
        if role not in CONTENT_ROLES:
            assert SENTINEL not in body, f"{role} sees group content at {url}"
        for marker, allowed in markers:
            assert role in allowed or marker not in body, f"{role} sees {marker!r} at {url}"
        if role in JOINER_ROLES:
            assert BEFORE_JOIN not in body, f"{role} sees what was written before they joined"
        if role == "outsider" and kwarg_names:
            # 405 (wrong method) is answered before any object is looked up: it reveals nothing.
            assert response.status_code in (404, 405), (
                f"outsider got {response.status_code} at {url}"
            )
        if role in NO_MEMBERSHIP_ROLES and name not in PUBLIC_URLS | ACCOUNT_URLS:
            assert response.status_code in (403, 404, 405), (role, url, response.status_code)
        if role == "anonymous" and response.status_code != 405:
            assert response.status_code in (302, 404) or name in PUBLIC_URLS, (url, response)
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("login")), url


def check_post(world, name: str, kwarg_names: tuple) -> None:
    url = url_for(world, name, kwarg_names)
    data = intruder_post_data(world)
    for role in ROLES:
        if role in CONTENT_ROLES:
            continue
        before, accounts_before = snapshot(world), accounts_and_roles()
        response = client_for(world, role).post(url, data)
        assert response.status_code < 500, (role, url)
        if role in JOINER_ROLES:
            # A member writes, but nothing written before they joined changes or vanishes.
            assert _older_rows(snapshot(world), before) == _older_rows(before, before), (
                f"{role} changed content written before they joined through {url}"
            )
            continue
        assert snapshot(world) == before, f"{role} changed group content through {url}"
        assert_nobody_gained(accounts_before)
        if role == "outsider" and kwarg_names:
            assert response.status_code == 404, f"outsider got {response.status_code} at {url}"


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class EveryViewTest(TestCase):
    """One test per URL and check; the world is built once and each test is rolled back."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()


def _add_url_tests() -> None:
    for name, kwarg_names in URLS:
        slug = re.sub(r"\W+", "_", name)

        def test_get(self, name=name, kwarg_names=kwarg_names):
            check_get(self.world, name, kwarg_names)

        def test_post(self, name=name, kwarg_names=kwarg_names):
            check_post(self.world, name, kwarg_names)

        setattr(EveryViewTest, f"test_it_never_shows_content_outside_the_group__{slug}", test_get)
        setattr(EveryViewTest, f"test_it_writes_nothing_for_outsiders__{slug}", test_post)


_add_url_tests()


@pytest.mark.django_db
def test_it_shows_private_markers_to_whom_they_belong():
    world = build_world()
    markers = private_markers(world)
    assert markers
    for marker, allowed in markers:
        for role in allowed:
            url, expected = marker_page(world, marker)
            assert expected in client_for(world, role).get(url).content.decode(), role


def marker_page(world, marker: str) -> tuple[str, str]:
    for module in extension_modules():
        pages = getattr(module, "marker_pages", lambda world: {})(world)
        if marker in pages:
            return pages[marker], marker
    raise AssertionError(f"no page shows {marker!r} to its owner")


@pytest.mark.django_db
def test_it_shows_content_to_the_members_themselves():
    world = build_world()
    session_url = reverse("coaching:session", kwargs={"session_pk": world.session.pk})
    for role in CONTENT_ROLES:
        body = signed_in_client(world.people[role]).get(session_url).content.decode()
        assert SENTINEL in body, role
    home = signed_in_client(world.member).get(reverse("home")).content.decode()
    assert f"{SENTINEL} action" in home


@pytest.mark.django_db
def test_it_lets_members_write_and_leads_only_see_counts():
    world = build_world()
    session_url = reverse("coaching:session", kwargs={"session_pk": world.session.pk})
    add_url = reverse("coaching:entry_add", kwargs={"session_pk": world.session.pk})
    response = signed_in_client(world.fellow).post(
        add_url, {"section_name": "win", "win-section": "win", "win-text": "Fellow's win"}
    )
    assert response.status_code == 302
    assert world.session.entries.filter(text="Fellow's win", author=world.fellow).exists()
    lead_page = signed_in_client(world.lead).get(session_url)
    assert lead_page.status_code == 200
    assert "Fellow's win" not in lead_page.content.decode()
    assert "8 agenda entries" in lead_page.content.decode()
