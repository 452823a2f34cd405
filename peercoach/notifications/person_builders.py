"""Builders of the emails about a person's own account (see `builders`; feedback's are
`peercoach.growth.emails`)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse

from peercoach.identity.policy import password_links_refused
from peercoach.lib import links
from peercoach.notifications.built import Built, Skip
from peercoach.notifications.models import OutgoingMessage
from peercoach.organisations import accounts
from peercoach.programs.models import Program


def build_program_invitation(message: OutgoingMessage) -> Built | Skip:
    program = Program.objects.filter(pk=message.context["program"]).first()
    if program is None:
        return Skip("program_gone")
    # A credential link only to the account's own address, and only while nobody chose a
    # password; an address with an account that has one is asked to sign in and accept.
    # Where the organisation signs people in with single sign-on only: no password link (and no
    # account made for it); the invitation says to sign in.
    refused = password_links_refused(message.person)
    welcome = accounts.Welcome() if refused else accounts.welcome_for(message.person)
    return Built(
        {
            "program": program,
            "signin_url": links.site_url(reverse("login")),
            "pending": welcome.pending,
            "accept_url": links.site_url(reverse("memberships")),
            "set_password_url": links.site_url(welcome.set_password_url)
            if welcome.set_password_url
            else "",
        },
        program_id=program.pk,
    )


def build_email_change_confirm(message: OutgoingMessage) -> Built | Skip:
    if message.person.email != message.context["old_email"]:
        return Skip("address_changed")
    confirm = reverse("confirm_email", kwargs={"email_token": message.context["token"]})
    return Built({**message.context, "confirm_url": links.site_url(confirm)})


def build_email_change_notice(message: OutgoingMessage) -> Built | Skip:
    return Built(dict(message.context))


def build_sign_in_locked(message: OutgoingMessage) -> Built | Skip:
    return Built({"until": datetime.fromisoformat(message.context["until"])})


def build_sign_in_link(message: OutgoingMessage) -> Built | Skip:
    """Decided now, in the worker: the request that asked for it looked nothing up, so it took
    as long for an unknown address as for a known one (`people.sign_in`)."""
    found = accounts.sign_in_link_for(message.to_email)
    if found is None:
        return Skip("no_account")
    person, path = found
    if password_links_refused(person):
        return Skip("sso_required")  # their organisation signs them in with single sign-on only
    return Built({"link_url": links.site_url(path)}, recipient=person)
