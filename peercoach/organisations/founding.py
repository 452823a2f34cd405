"""A first real organisation, without the demo: the organisation, its admin, and the email that
lets the admin choose a password (the emailed link is how they prove the address is theirs)."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from peercoach.lib import links
from peercoach.organisations import accounts
from peercoach.organisations.models import Organisation, Person, Role


def unique_slug(name: str) -> str:
    base = slugify(name)[:40] or "organisation"
    slug, number = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def do_create_organisation(
    name: str, admin_email: str, *, admin_name: str = "", language: str, time_zone: str
) -> Person:
    """The organisation and its admin (a person with an account that has no password yet)."""
    organisation = Organisation.objects.create(
        name=name, slug=unique_slug(name), default_language=language, time_zone=time_zone
    )
    email = accounts.username_for(admin_email)
    admin = Person.objects.create(
        organisation=organisation,
        email=email,
        name=admin_name or email.split("@", 1)[0],
        role=Role.ADMIN,
    )
    return admin


def send_admin_welcome(admin: Person) -> None:
    """Email the new admin a link to choose their password, in the organisation's language."""
    # The link goes to the typed address and joins this membership only once its owner uses it;
    # an address that already has an account is asked to sign in and accept instead.
    welcome = accounts.welcome_for(admin)
    context = {
        "organisation": admin.organisation,
        "set_password_url": links.site_url(welcome.set_password_url)
        if welcome.set_password_url
        else "",
        "accept_url": links.site_url(reverse("memberships")),
        "signin_url": links.site_url(reverse("login")),
    }
    with translation.override(admin.interface_language):
        subject = render_to_string("organisations/email/admin_welcome.subject.txt", context)
        text = render_to_string("organisations/email/admin_welcome.txt", context)
        html = render_to_string("organisations/email/admin_welcome.html", context)
    message = EmailMultiAlternatives(" ".join(subject.split()), text, to=[admin.email])
    message.attach_alternative(html, "text/html")
    message.send()
