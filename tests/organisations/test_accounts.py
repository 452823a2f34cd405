"""Who owns an account: email changes, memberships from other organisations, roles."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from peercoach.notifications import outbox
from peercoach.organisations.models import Person, Role
from tests import factories
from tests.authorization.test_chained_attacks import person_form_data
from tests.conftest import signed_in_client

CONFIRM = re.compile(r"https?://[^\s\"<>]+(/account/email/[^\s\"<>]+/)")


@pytest.fixture
def admin(cast):
    return cast.admin


@pytest.fixture
def pia(cast):
    """A participant of Org A with an account: the cast's member."""
    return cast.member


def by_recipient(smtp) -> dict:
    return {message["To"]: message for message in smtp.messages}


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_an_email_change_waits_for_the_account_holder_to_confirm_it(admin, pia, smtp):
    pia.preferred_language = "nl"
    pia.save()
    old_address = pia.email
    response = signed_in_client(admin).post(
        reverse("people:edit", args=[pia.pk]),
        person_form_data(pia, email="pia.new@elsewhere.example", job_title="Tester"),
        follow=True,
    )
    assert "once they confirm pia.new@elsewhere.example" in response.content.decode()
    pia.refresh_from_db()
    assert pia.email == old_address and pia.job_title == "Tester"

    outbox.deliver_all("test")
    mail = by_recipient(smtp)
    confirm, notice = mail["pia.new@elsewhere.example"], mail[old_address]
    assert confirm["Subject"] == "Bevestig je nieuwe e-mailadres voor peercoach"
    assert "Ada Admin" in text_of(notice) and "pia.new@elsewhere.example" in text_of(notice)
    assert "/password/" not in text_of(confirm) + text_of(notice)
    assert "List-Unsubscribe" not in confirm
    (link,) = CONFIRM.findall(text_of(confirm))

    # Whoever reads the new mailbox is not the account holder: the link does nothing for them.
    assert signed_in_client(admin).post(link).status_code == 404
    assert signed_in_client(None).post(link).status_code == 302  # to the sign-in page
    pia.refresh_from_db()
    assert pia.email == old_address

    holder = signed_in_client(pia)
    assert "pia.new@elsewhere.example" in holder.get(link).content.decode()
    holder.post(link)
    pia.refresh_from_db()
    assert pia.email == "pia.new@elsewhere.example"
    assert pia.user.username == pia.user.email == "pia.new@elsewhere.example"
    assert holder.get(link).status_code == 404  # used


def test_someone_without_an_account_just_gets_the_new_address(cast, admin, smtp):
    imported = factories.make_person(cast.organisation, "Ilse Import", with_user=False)
    signed_in_client(admin).post(
        reverse("people:edit", args=[imported.pk]),
        person_form_data(imported, email="ilse@new.example"),
    )
    imported.refresh_from_db()
    assert imported.email == "ilse@new.example" and imported.user is None
    outbox.deliver_all("test")
    assert smtp.messages == []


def test_a_seat_whose_address_was_retyped_reads_nothing_written_before(cast, admin):
    """A lead or admin who types their own second address for a colleague who never signed in
    must not read that colleague's group by taking the seat."""
    from peercoach import access

    colleague = factories.make_person(cast.organisation, "Cor Collega", with_user=False)
    partner = cast.fellow
    program = factories.make_program(cast.organisation)
    group = factories.make_group(program, [colleague, partner])
    session = factories.make_session(group, days_from_now=-3)
    factories.make_entry(session, partner, "What Finn told Cor in confidence")
    assert access.entries_visible_to(colleague).count() == 1

    signed_in_client(admin).post(
        reverse("people:edit", args=[colleague.pk]),
        person_form_data(colleague, email="second-address@attacker.example"),
    )
    colleague.refresh_from_db()
    assert colleague.email == "second-address@attacker.example"
    assert access.entries_visible_to(colleague).count() == 0


def test_another_organisation_adding_an_address_waits_for_the_holder(cast, pia, smtp):
    other, boss = cast.other_organisation, cast.outsider  # Org B and its admin
    signed_in_client(boss).post(
        reverse("people:add"),
        person_form_data(pia, role=Role.PARTICIPANT, manager=""),
    )
    copy = Person.objects.get(organisation=other, email=pia.email)
    assert copy.user is None

    client = signed_in_client(pia)
    home = client.get(reverse("home")).content.decode()
    assert "Org B" in home  # asked, not switched
    assert client.get(reverse("people:list")).status_code == 404  # still a participant of Org A
    client.post(reverse("membership_accept", args=[copy.pk]), follow=True)
    copy.refresh_from_db()
    assert copy.user == pia.user
    assert client.session["current_person_id"] == copy.pk


def test_a_declined_membership_is_not_asked_again_and_gives_nothing(cast, pia):
    copy = factories.make_person(cast.other_organisation, "Mia", email=pia.email, with_user=False)
    stranger = cast.fellow
    assert (
        signed_in_client(stranger).post(reverse("membership_accept", args=[copy.pk])).status_code
        == 404
    )
    client = signed_in_client(pia)
    client.post(reverse("membership_decline", args=[copy.pk]))
    copy.refresh_from_db()
    assert copy.user is None and copy.account_declined_at is not None
    page = client.get(reverse("memberships")).content.decode()
    assert reverse("membership_accept", args=[copy.pk]) not in page
    assert client.post(reverse("membership_accept", args=[copy.pk])).status_code == 404


def test_the_last_admin_cannot_be_demoted_or_deactivated(cast, admin):
    client = signed_in_client(admin)
    for change in ({"role": Role.PARTICIPANT}, {"is_active": False}):
        response = client.post(
            reverse("people:edit", args=[admin.pk]), person_form_data(admin, **change)
        )
        assert "the last active admin of this organisation" in response.content.decode()
        admin.refresh_from_db()
        assert admin.role == Role.ADMIN and admin.is_active

    second = factories.make_person(cast.organisation, "Bo Second", role=Role.ADMIN)
    client.post(reverse("people:edit", args=[second.pk]), person_form_data(second, is_active=False))
    second.refresh_from_db()
    assert not second.is_active  # another admin remains: allowed


def test_a_lead_edits_participants_but_not_their_role(cast, admin, pia):
    lee = cast.lead
    client = signed_in_client(lee)
    assert client.get(reverse("people:edit", args=[admin.pk])).status_code == 404
    assert client.get(reverse("people:edit", args=[lee.pk])).status_code == 404
    client.post(
        reverse("people:edit", args=[pia.pk]),
        person_form_data(pia, job_title="Analyst", role=Role.ADMIN, is_active=False),
    )
    pia.refresh_from_db()
    assert pia.job_title == "Analyst" and pia.role == Role.PARTICIPANT and pia.is_active


def test_a_deactivated_person_gets_a_clear_page(pia):
    client = signed_in_client(pia)
    pia.is_active = False
    pia.save()
    page = client.get(reverse("home"))
    assert page.status_code == 403
    assert "geen actief lidmaatschap" in page.content.decode()  # no person: the site default
