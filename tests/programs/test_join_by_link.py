"""Joining a program by link: a lead opens it, newcomers prove their address, fill in the intake
and are enrolled; every way around it is refused with a page that says why."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peercoach.audit.models import Action, AuditEntry
from peercoach.notifications import outbox
from peercoach.notifications.models import Kind, OutgoingMessage
from peercoach.organisations.models import Person, Role
from peercoach.programs.models import Enrolment, JoinLink, ProgramStatus
from peercoach.running import joining
from tests import factories
from tests.conftest import signed_in_client
from tests.sso.test_settings import require_sso

CONFIRM = re.compile(r"https?://[^\s\"<>]+(/join/confirm/[^\s\"<>/]+/)")
CSRF = re.compile(r"[A-Za-z0-9]{64}")
INTAKE = {
    "department": "Finance",
    "preferred_language": "en",
    "time_zone": "Europe/Amsterdam",
    "languages": "nl, en",
    "skills_offered": "planning",
    "skills_wanted": "saying no",
    "experience_years": "4",
    "role_preference": "both",
}


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def org(cast):
    return cast.organisation


@pytest.fixture
def lead(cast):
    return cast.lead


@pytest.fixture
def program(org, lead):
    """A new program of the cast's lead, open for enrolment, that nobody has joined yet."""
    return factories.make_program(
        org, name="Peer circles", status=ProgramStatus.ENROLLING, leads=[lead]
    )


@pytest.fixture
def link(program, lead):
    return joining.do_open_link(program, by=lead, domains=["acme.example"])


def confirmation_path(smtp, address: str) -> str:
    outbox.deliver_all("test")
    (message,) = [m for m in smtp.messages if m["To"] == address]
    (path,) = set(CONFIRM.findall(message.get_body(("plain",)).get_content()))
    return path


def ask(client: Client, link: JoinLink, name: str, email: str):
    return client.post(joining.path_of(link), {"name": name, "email": email})


def test_it_enrols_a_newcomer_who_proves_their_address_over_real_smtp(org, lead, program, smtp):
    client = signed_in_client(lead)
    response = client.post(
        reverse("programs:join_link_open", args=[program.pk]), {"domains": "@Acme.example"}
    )
    assert response.status_code == 302
    link = JoinLink.objects.get(program=program)
    assert link.allowed_domains == ["acme.example"]
    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert joining.path_of(link) in page and "Withdraw the link" in page

    newcomer = english()
    form = newcomer.get(joining.path_of(link)).content.decode()
    assert "Join Peer circles" in form and "Email me a link" in form
    sent = ask(newcomer, link, "Nina Newcomer", "Nina@Acme.example").content.decode()
    assert "Check your email" in sent
    assert not Person.objects.filter(email="nina@acme.example").exists()  # nothing before proof

    path = confirmation_path(smtp, "nina@acme.example")
    (mail,) = smtp.messages
    assert mail["Subject"] == "Confirm your address to join Peer circles"
    assert "Hello Nina Newcomer" in mail.get_body(("plain",)).get_content()
    assert "Confirm and continue" in newcomer.get(path).content.decode()
    assert not Person.objects.filter(email="nina@acme.example").exists()  # a GET changes nothing

    response = newcomer.post(path, follow=True)
    assert "new_password1" in response.content.decode()
    response = newcomer.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Koffie-met-collegas-42", "new_password2": "Koffie-met-collegas-42"},
    )
    assert response["Location"] == joining.path_of(link)
    intake = newcomer.get(joining.path_of(link)).content.decode()
    assert "Join the program" in intake and 'name="department"' in intake
    done = newcomer.post(joining.path_of(link), INTAKE, follow=True).content.decode()
    assert "You are enrolled in Peer circles" in done
    assert reverse("health:rather_not") in done

    nina = Person.objects.get(email="nina@acme.example")
    assert (nina.organisation, nina.role, nina.name) == (org, Role.PARTICIPANT, "Nina Newcomer")
    assert nina.department == "Finance" and nina.skills_wanted == ["saying no"]
    assert nina.profile_confirmed_at is not None
    assert nina.user.check_password("Koffie-met-collegas-42")
    assert Enrolment.objects.active().filter(program=program, person=nina).exists()
    link.refresh_from_db()
    assert (link.requests_count, link.joined_count) == (1, 1)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {Action.JOIN_LINK_OPENED, Action.JOINED_BY_LINK} <= actions

    # Used once: the same link again (another tab, a forwarded email) is refused.
    replay = english()
    assert "already used" in replay.get(path).content.decode()
    assert "already used" in replay.post(path).content.decode()
    assert get_user_model().objects.filter(username="nina@acme.example").count() == 1
    # Joining again is idempotent.
    again = newcomer.post(joining.path_of(link), INTAKE, follow=True).content.decode()
    assert "You are enrolled in Peer circles" in again
    assert Enrolment.objects.filter(program=program, person=nina).count() == 1
    link.refresh_from_db()
    assert link.joined_count == 1


def test_it_refuses_an_address_of_another_domain(link, smtp):
    page = ask(english(), link, "Eve", "eve@elsewhere.example").content.decode()
    assert "This link is for addresses ending in @acme.example." in page
    assert not OutgoingMessage.objects.filter(kind=Kind.JOIN_CONFIRM).exists()


def test_the_page_says_the_same_for_every_address(org, link, smtp):
    factories.make_person(org, "Known", email="known@acme.example")
    known = ask(english(), link, "Known", "known@acme.example").content.decode()
    stranger = ask(english(), link, "Known", "stranger@acme.example").content.decode()

    def plain(page: str) -> str:
        return CSRF.sub("", page)

    assert plain(known).replace("known@", "X@") == plain(stranger).replace("stranger@", "X@")


def test_a_revoked_or_expired_link_says_so_and_ends_mailed_confirmations(lead, program, link, smtp):
    ask(english(), link, "Nina", "nina@acme.example")
    path = confirmation_path(smtp, "nina@acme.example")
    client = signed_in_client(lead)
    client.post(reverse("programs:join_link_revoke", args=[program.pk]))
    response = english().get(joining.path_of(link))
    assert response.status_code == 410
    assert "This join link was withdrawn" in response.content.decode()
    refused = english().post(path)
    assert refused.status_code == 410
    assert not Person.objects.filter(email="nina@acme.example").exists()
    assert AuditEntry.objects.filter(action=Action.JOIN_LINK_REVOKED).count() == 1

    expired = joining.do_open_link(
        program, by=lead, domains=[], expires_on=timezone.localdate() + timedelta(days=1)
    )
    JoinLink.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - timedelta(1))
    assert "This join link has expired." in english().get(joining.path_of(expired)).content.decode()


def test_a_closed_program_takes_nobody(org, lead, program, link):
    program.status = ProgramStatus.CLOSED
    program.save(update_fields=["status"])
    # A colleague beside the cast, with an address of the link's domain (the cast's are not).
    member = factories.make_person(org, email="mo@acme.example")
    response = signed_in_client(member).post(joining.path_of(link), INTAKE)
    assert response.status_code == 410
    assert "does not take new participants" in response.content.decode()
    assert not Enrolment.objects.filter(program=program).exists()


def test_a_colleague_signed_in_fills_in_the_intake_and_is_enrolled(org, program, link):
    member = factories.make_person(org, "Mo Member", email="mo@acme.example")
    client = signed_in_client(member)
    assert "Join the program" in client.get(joining.path_of(link)).content.decode()
    client.post(joining.path_of(link), INTAKE)
    client.post(joining.path_of(link), INTAKE)
    assert Enrolment.objects.filter(program=program, person=member).count() == 1
    member.refresh_from_db()
    assert member.department == "Finance"


def test_someone_of_another_organisation_joins_with_their_own_account_not_their_seat(
    cast, org, program, link, smtp
):
    other_org = cast.other_organisation
    theirs = factories.make_person(other_org, "Otto Other", email="otto@acme.example")
    client = english()
    ask(client, link, "Otto", "otto@acme.example")
    response = client.post(confirmation_path(smtp, "otto@acme.example"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    seat = Person.objects.get(organisation=org, email="otto@acme.example")
    assert seat.user_id == theirs.user_id  # the same account: never a second one
    assert get_user_model().objects.filter(username="otto@acme.example").count() == 1
    signed_in = client.post(
        response["Location"], {"username": "otto@acme.example", "password": factories.PASSWORD}
    )
    assert signed_in["Location"] == joining.path_of(link)
    client.post(joining.path_of(link), INTAKE)
    assert Enrolment.objects.filter(program=program, person=seat).exists()
    assert not Enrolment.objects.filter(person=theirs).exists()
    theirs.refresh_from_db()
    assert theirs.department == "" and theirs.organisation == other_org


def test_a_deactivated_person_is_not_brought_back(cast, lead, program, smtp):
    gone = cast.former_member
    link = joining.do_open_link(program, by=lead, domains=[])  # any address, the leaver's too
    client = english()
    ask(client, link, "Fred", gone.email)
    response = client.post(confirmation_path(smtp, gone.email))
    assert response.status_code == 410
    assert "This address cannot join through a link." in response.content.decode()
    gone.refresh_from_db()
    assert not gone.is_active
    assert not Enrolment.objects.filter(program=program).exists()
    # Signed in (a session from before the deactivation) they get nothing either.
    assert signed_in_client(gone).post(joining.path_of(link), INTAKE).status_code == 404
    assert not Enrolment.objects.filter(program=program).exists()


def test_an_organisation_with_single_sign_on_sends_newcomers_there(org, program, link, smtp):
    require_sso(org)
    client = english()
    page = client.get(joining.path_of(link)).content.decode()
    assert reverse("sso_begin", args=[org.slug]) in page
    ask(client, link, "Nina", "nina@acme.example")
    assert not OutgoingMessage.objects.filter(kind=Kind.JOIN_CONFIRM).exists()


def test_too_many_requests_are_throttled(link, smtp, settings):
    settings.PASSWORD_LINK_PER_ADDRESS = 2
    settings.PASSWORD_LINK_PER_CLIENT = 4
    client = english()
    for _ in range(4):
        assert ask(client, link, "Nina", "nina@acme.example").status_code == 200
    assert ask(client, link, "Nina", "nina@acme.example").status_code == 429
    assert OutgoingMessage.objects.filter(kind=Kind.JOIN_CONFIRM).count() == 2


@pytest.mark.parametrize(
    "token", ["x", "a" * 3000, "W1siMSJdXQ:1:2", "%00", "..%2F..%2Fetc", "0" * 40 + ":" + "1" * 27]
)
def test_bad_input_gets_a_page_never_a_500(lead, program, link, token):
    for name in ("join", "join_confirm"):
        kwarg = "join_token" if name == "join" else "confirm_token"
        assert english().get(reverse(name, kwargs={kwarg: token})).status_code == 404
        assert english().post(reverse(name, kwargs={kwarg: token})).status_code == 404
    odd = {"name": "Ni\x00na", "email": "nina\x00@acme.example"}
    assert english().post(joining.path_of(link), odd).status_code == 200
    assert english().post(joining.path_of(link), {"name": "x" * 5000}).status_code == 200
    lead_client = signed_in_client(lead)
    for domains in ("not a domain!", "\x00", "a" * 600, "-.-"):
        response = lead_client.post(
            reverse("programs:join_link_open", args=[program.pk]), {"domains": domains}
        )
        assert response.status_code == 302
    response = lead_client.post(
        reverse("programs:join_link_open", args=[program.pk]), {"expires_on": "yesterday"}
    )
    assert response.status_code == 302
    assert JoinLink.objects.open().get(program=program) == link  # none of those opened one


def test_only_whoever_runs_the_program_opens_or_withdraws_its_link(cast, org, program, link):
    other_admin, participant = cast.outsider, cast.member
    other_lead = factories.make_person(org, role=Role.LEAD)  # leads another program, not this one
    for person in (other_admin, participant, other_lead):
        client = signed_in_client(person)
        for name in ("programs:join_link_open", "programs:join_link_revoke"):
            assert client.post(reverse(name, args=[program.pk])).status_code == 404
    assert JoinLink.objects.open().get(program=program) == link
    signed_in_client(cast.admin).post(reverse("programs:join_link_revoke", args=[program.pk]))
    assert not JoinLink.objects.open().filter(program=program).exists()


def test_it_speaks_dutch_on_the_page_and_in_the_email(link, smtp):
    client = Client()
    client.cookies["django_language"] = "nl"
    assert "Mail me een link" in client.get(joining.path_of(link)).content.decode()
    assert "Kijk in je e-mail" in ask(client, link, "Noor", "noor@acme.example").content.decode()
    path = confirmation_path(smtp, "noor@acme.example")
    (mail,) = smtp.messages
    assert mail["Subject"] == "Bevestig je adres om je aan te melden voor Peer circles"
    assert "Bevestigen en verder" in client.get(path).content.decode()


def test_a_department_the_organisation_recorded_is_kept(org, program, link):
    member = factories.make_person(org, email="sales@acme.example", department="Sales")
    client = signed_in_client(member)
    assert 'name="department"' not in client.get(joining.path_of(link)).content.decode()
    client.post(joining.path_of(link), INTAKE)
    member.refresh_from_db()
    assert member.department == "Sales" and member.skills_offered == ["planning"]
    assert Enrolment.objects.filter(program=program, person=member).exists()


def test_an_erased_person_comes_back_as_a_newcomer_with_nothing_of_before(
    org, lead, program, link, smtp
):
    from peercoach.privacy import erasure
    from peercoach.privacy.models import PrivacySettings

    # The organisation's admin is the cast's Ada Admin.
    erased = factories.make_person(org, "Erika Erased", email="erika@acme.example")
    Enrolment.objects.create(program=program, person=erased)
    erased_pk, old_account = erased.pk, erased.user_id
    erasure.do_erase_person(erased)
    client = english()
    # The "former participant" who keeps erased people's group writing is never joined as,
    # even through a link for any address (its address takes no mail; were it confirmed anyway).
    former = erasure.former_participant(PrivacySettings.objects.get(organisation=org))
    open_link = joining.do_open_link(program, by=lead, domains=[])
    token = signing.dumps(
        {"l": open_link.pk, "e": former.email, "n": "x", "id": "forged"},
        salt=joining.CONFIRM_SALT,
        compress=True,
    )
    assert client.post(reverse("join_confirm", args=[token])).status_code == 410
    former.refresh_from_db()
    assert not former.is_active and former.user_id is None
    link = open_link
    ask(client, link, "Erika", "erika@acme.example")
    client.post(confirmation_path(smtp, "erika@acme.example"))
    again = Person.objects.get(organisation=org, email="erika@acme.example")
    assert again.pk != erased_pk and again.user_id != old_account
    assert not Enrolment.objects.filter(person=again).exists()  # until the intake is answered
