"""The steps a lead or an admin takes on a group, as the attack tests chain them."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import signed_in_client


def add_member(by, group, person):
    url = reverse("programs:member_add", kwargs={"group_pk": group.pk})
    return signed_in_client(by).post(url, {"person": person.pk}, follow=True)


def form_group(by, program, members, name="By hand"):
    url = reverse("programs:group_create", kwargs={"program_pk": program.pk})
    return signed_in_client(by).post(url, {"name": name, "members": [m.pk for m in members]})


def names_the_rule(body: str, a: str, b: str, rule: str) -> bool:
    return f"{a} and {b} {rule}" in body or f"{b} and {a} {rule}" in body
