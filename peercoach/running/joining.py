"""Joining a program by link: the lead opens or revokes the link, a newcomer proves their address
and fills in the intake, and is enrolled.

The link in the URL is a signature over the `JoinLink`'s id and random nonce (so the database
alone does not give it away); revoking it ends it and every confirmation mailed through it.
Someone not signed in types a name and an address; nothing is created until they open the
confirmation mailed to that address through the outbox (signed, single use, a day). Opening it
finds the membership with that address in the program's organisation or creates one, never one
of another organisation and never a second account; then they sign in (the existing account's
sign-in, or the "choose your password" link of `organisations.sign_in_links`) and come back to
the link, which shows the intake. The page that asks for the email says the same for every
address.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from peercoach.audit.log import Action, record
from peercoach.identity import policy
from peercoach.lib import links
from peercoach.notifications.actions import kick_delivery_on_commit
from peercoach.notifications.built import Built, Skip
from peercoach.notifications.models import Kind, OutgoingMessage
from peercoach.notifications.outbox import QueuedMessage, queue
from peercoach.organisations import accounts
from peercoach.organisations.models import Organisation, Person
from peercoach.programs.models import (
    Enrolment,
    JoinLink,
    Program,
    ProgramStatus,
    UsedJoinConfirmation,
)
from peercoach.running.actions import do_enrol

LINK_SALT = "peercoach.running.join-link"
CONFIRM_SALT = "peercoach.running.join-confirm"
CONFIRM_HOURS = 24
ACCEPTING = (ProgramStatus.ENROLLING, ProgramStatus.RUNNING)


def token_of(link: JoinLink) -> str:
    # No timestamp (unlike signing.dumps): the link stays the same until it is revoked.
    return signing.Signer(salt=LINK_SALT).sign_object([link.pk, link.nonce])


def path_of(link: JoinLink) -> str:
    return reverse("join", kwargs={"join_token": token_of(link)})


def link_for_token(token: str) -> JoinLink | None:
    """The link a token names, revoked or not; None for anything else (forged, old, garbage)."""
    try:
        pk, nonce = signing.Signer(salt=LINK_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(nonce, str):
        return None
    link = JoinLink.objects.select_related("program__organisation").filter(pk=pk).first()
    if link is None or not constant_time_compare(link.nonce, nonce):
        return None
    return link


def closed_reason(link: JoinLink) -> str | None:
    """Why the link no longer enrols anyone, as a sentence for its holder; None while it works."""
    if link.revoked_at is not None:
        return _("This join link was withdrawn by the program's lead.")
    if link.expires_on is not None and timezone.localdate() > link.expires_on:
        return _("This join link has expired.")
    if link.program.status not in ACCEPTING:
        return _("This program does not take new participants at the moment.")
    return None


def domain_of(email: str) -> str:
    return accounts.username_for(email).rpartition("@")[2]


def check_domain(link: JoinLink, email: str) -> None:
    if link.allowed_domains and domain_of(email) not in link.allowed_domains:
        raise ValidationError(
            _("This link is for addresses ending in %(domains)s.")
            % {"domains": ", ".join(f"@{domain}" for domain in link.allowed_domains)}
        )


def requires_sso(organisation: Organisation) -> bool:
    found = policy.policy_of(organisation)
    return bool(found and found.require_sso and found.sso_enabled and found.sso_ready)


def parse_domains(text: str) -> list[str]:
    """'acme.example, @Sales.acme.example' → ['acme.example', 'sales.acme.example']."""
    domains = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        domain = part.strip().lower().lstrip("@")
        if not domain:
            continue
        labels = domain.split(".")
        if len(labels) < 2 or not all(
            label and len(label) <= 63 and label.replace("-", "").isalnum() and label.isascii()
            for label in labels
        ):
            raise ValidationError(
                _("“%(domain)s” is not a domain name, e.g. example.org.") % {"domain": part[:80]}
            )
        if domain not in domains:
            domains.append(domain)
    return domains


@transaction.atomic
def do_open_link(program: Program, *, by: Person, domains: list[str], expires_on=None) -> JoinLink:
    """Open enrolment by link; an open link of the program is revoked (one works at a time)."""
    Program.objects.select_for_update().filter(pk=program.pk).first()
    for old in JoinLink.objects.open().filter(program=program):
        do_revoke_link(old, by=by)
    link = JoinLink.objects.create(
        program=program,
        nonce=secrets.token_urlsafe(32),
        allowed_domains=domains,
        expires_on=expires_on,
        created_by=by,
    )
    detail = ("domains " + ", ".join(domains))[:200] if domains else "any address"
    record(
        Action.JOIN_LINK_OPENED,
        actor=by,
        organisation=program.organisation_id,
        target=program,
        detail=detail,
    )
    return link


@transaction.atomic
def do_revoke_link(link: JoinLink, *, by: Person) -> None:
    if JoinLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    ):
        record(
            Action.JOIN_LINK_REVOKED,
            actor=by,
            organisation=link.program.organisation_id,
            target=link.program,
        )


def queue_confirmation(link: JoinLink, *, name: str, email: str, language: str) -> None:
    """One outbox row for the address typed, whatever it is; the link is made when it is sent
    (so no working link is stored in the outbox)."""
    now = timezone.now()
    queue(
        [
            QueuedMessage(
                key=f"join-confirm:{secrets.token_hex(12)}",
                kind=Kind.JOIN_CONFIRM,
                person_id=None,
                to_email=accounts.username_for(email),
                send_after=now,
                expires_at=now + timedelta(hours=1),
                context={"join_link": link.pk, "name": name, "language": language},
            )
        ]
    )
    JoinLink.objects.filter(pk=link.pk).update(requests_count=F("requests_count") + 1)
    kick_delivery_on_commit()


def build_join_confirm(message: OutgoingMessage) -> Built | Skip:
    """Registered in `RunningConfig.ready`; the email speaks the language chosen on the page."""
    link = (
        JoinLink.objects.select_related("program__organisation")
        .filter(pk=message.context.get("join_link"))
        .first()
    )
    if link is None or closed_reason(link) is not None:
        return Skip("join_link_closed")
    name = str(message.context.get("name", ""))[:200]
    language = message.context.get("language")
    token = signing.dumps(
        {
            "l": link.pk,
            "e": message.to_email,
            "n": name,
            "id": secrets.token_urlsafe(16),
        },
        salt=CONFIRM_SALT,
        compress=True,
    )
    # Nobody has this address in the organisation yet, as far as the email may know: it is
    # addressed to the name typed, in the language of the page it was asked for on.
    recipient = Person(
        organisation=link.program.organisation,
        name=name,
        email=message.to_email,
        preferred_language=language if language in ("nl", "en") else "",
    )
    return Built(
        {
            "link_url": links.site_url(reverse("join_confirm", kwargs={"confirm_token": token})),
            "program_name": link.program.name,
            "organisation_name": link.program.organisation.name,
            "hours": CONFIRM_HOURS,
        },
        recipient=recipient,
    )


@dataclass
class Confirmation:
    link: JoinLink
    email: str
    name: str
    digest: str


def confirmation_for_token(token: str) -> Confirmation | None:
    """What a confirmation link says, if it is ours and less than a day old (used or not)."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=timedelta(hours=CONFIRM_HOURS))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not all(
        isinstance(data.get(key), kind)
        for key, kind in (("l", int), ("e", str), ("n", str), ("id", str))
    ):
        return None
    link = JoinLink.objects.select_related("program__organisation").filter(pk=data["l"]).first()
    if link is None:
        return None
    digest = hashlib.sha256(data["id"].encode()).hexdigest()
    return Confirmation(link=link, email=data["e"], name=data["n"], digest=digest)


def is_used(confirmation: Confirmation) -> bool:
    return UsedJoinConfirmation.objects.filter(digest=confirmation.digest).exists()


@dataclass
class Confirmed:
    """What opening a confirmation leads to: a refusal to show, or how to sign in next."""

    refusal: str = ""
    sign_in: bool = False  # an account someone uses: its holder signs in
    new_account_path: str = ""  # no password yet: choose one (proves nothing more is needed)
    sso: bool = False


def _refuse_address() -> Confirmed:
    return Confirmed(
        refusal=_(
            "This address cannot join through a link. Ask the program's lead if you think "
            "this is a mistake."
        )
    )


@transaction.atomic
def do_confirm(confirmation: Confirmation) -> Confirmed:
    """The holder of the address opened the confirmation: find or make their membership in the
    program's organisation, attached to the account with that address (made now if there is
    none), and say how they sign in. Works once."""
    try:
        with transaction.atomic():
            UsedJoinConfirmation.objects.create(digest=confirmation.digest)
    except IntegrityError:
        return Confirmed(refusal=_("This confirmation link was already used."))
    link = (
        JoinLink.objects.select_for_update()
        .select_related("program__organisation")
        .get(pk=confirmation.link.pk)
    )
    reason = closed_reason(link)
    if reason is not None:
        return Confirmed(refusal=reason)
    organisation = link.program.organisation
    if requires_sso(organisation):
        return Confirmed(sso=True)
    address = accounts.username_for(confirmation.email)
    try:
        check_domain(link, address)
    except ValidationError as error:
        return Confirmed(refusal=error.messages[0])
    user = accounts.account_with_address(address)
    if user is not None and not user.is_active:
        return _refuse_address()
    person = Person.objects.filter(organisation=organisation, email=address).first()
    if person is not None and not person.is_active:
        return _refuse_address()  # deactivated (or erased): a link does not bring them back
    if person is None:
        person = Person.objects.create(
            organisation=organisation,
            email=address,
            name=confirmation.name.strip()[:200] or address.partition("@")[0],
        )
        record(Action.PERSON_ADDED, actor=None, target=person, detail="join link")
    if person.user_id is None:
        user = user or accounts.new_account(address)
        # One membership per account and organisation: an account already in it signs in as that.
        if not Person.objects.filter(organisation=organisation, user=user).exists():
            accounts.attach(person, user)
    if (
        user is not None
        and person.user_id == user.pk
        and accounts.needs_password(user)
        and user.last_login is None
        and accounts.is_own_address(user, address)
    ):
        return Confirmed(new_account_path=accounts.new_account_path(address))
    return Confirmed(sign_in=True)


def membership_for(link: JoinLink, user) -> Person | None:
    """The signed-in account's active membership in the link's organisation."""
    if not user.is_authenticated:
        return None
    return (
        Person.objects.filter(
            organisation_id=link.program.organisation_id, user=user, is_active=True
        )
        .select_related("organisation")
        .first()
    )


def is_enrolled(link: JoinLink, person: Person) -> bool:
    return Enrolment.objects.active().filter(program_id=link.program_id, person=person).exists()


@transaction.atomic
def do_join(link: JoinLink, person: Person, intake) -> bool:
    """Save the intake (the person's own profile) and enrol them; False if already enrolled."""
    link = JoinLink.objects.select_for_update().select_related("program").get(pk=link.pk)
    reason = closed_reason(link)
    if reason is not None:
        raise ValidationError(reason)
    if not Person.objects.select_for_update().filter(pk=person.pk, is_active=True).exists():
        raise ValidationError(_refuse_address().refusal)
    check_domain(link, person.email)
    saved = intake.save(commit=False)
    saved.profile_confirmed_at = timezone.now()
    # Only what the intake asked: a change an admin made meanwhile (a deactivation) stays.
    saved.save(update_fields=[*intake.fields, "profile_confirmed_at"])
    if is_enrolled(link, person):
        return False
    do_enrol(link.program, [person])
    JoinLink.objects.filter(pk=link.pk).update(joined_count=F("joined_count") + 1)
    record(
        Action.JOINED_BY_LINK,
        actor=person,
        organisation=link.program.organisation_id,
        target=link.program,
    )
    return True
