"""Building the email for an outbox row, at the moment it is sent (builders in `builders.py`).

One helper (`render`) makes subject, plain text and HTML from the templates
`notifications/email/<kind>.subject.txt`, `<kind>.txt` and `<kind>.html`, in the recipient's
language and time zone. Each kind has a builder that checks the message is still relevant
(a reminder for a session that moved is skipped, not sent) and gathers its context.

Confidentiality: only the action-item nudge carries content (the item's own text), and it goes to
the item's owner only. Everything else carries structure: group name, time, place, link.
"""

from __future__ import annotations

from email.mime.base import MIMEBase

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from peercoach.lib import links
from peercoach.notifications import capabilities
from peercoach.notifications.builders import BUILDERS, SUPPRESSORS, Hold, Skip
from peercoach.notifications.lookups import batch_lookups, current_lookups
from peercoach.notifications.mime import CalendarEmail, OutboxEmail, message_id_for
from peercoach.notifications.models import (
    ACCOUNT_KINDS,
    ADDRESS_KINDS,
    ALWAYS_SENT_KINDS,
    DIGESTIBLE_KINDS,
    OutgoingMessage,
)
from peercoach.notifications.rendering import render
from peercoach.organisations.models import Person


def unsubscribe_url(person: Person, kind: str) -> str:
    """The unsubscribe link for an email of `kind` to `person`: a random key valid for a period.

    Each email renews it (`peercoach.notifications.capabilities`).
    """
    lookups = batch_lookups()
    current = lookups.unsubscribe_tokens.get((person.pk, kind)) if lookups else None
    key = capabilities.unsubscribe_key_for(person, kind, current=current)
    return links.site_url(reverse("notifications:unsubscribe", kwargs={"unsubscribe_token": key}))


def _headers(message: OutgoingMessage, unsubscribe: str) -> dict[str, str]:
    headers = {"Message-ID": message_id_for(message.idempotency_key)}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    headers["Auto-Submitted"] = "auto-generated"
    return headers


def _build_address_email(message: OutgoingMessage) -> EmailMultiAlternatives | Skip:
    """A sign-in link or a join confirmation is queued with only the address typed; its
    recipient (who it speaks to, in which language) is found now."""
    built = BUILDERS[message.kind](message)
    if isinstance(built, Skip):
        return built
    context = {**built.context, "unsubscribe_url": ""}
    subject, text, html = render(message.kind, built.recipient, context)
    email = OutboxEmail(
        subject=subject, body=text, to=[message.to_email], headers=_headers(message, "")
    )
    email.attach_alternative(html, "text/html")
    return email


def build_email(message: OutgoingMessage) -> EmailMultiAlternatives | Skip | Hold:
    """The email for an outbox row, or why it is not sent (now or at all)."""
    if message.kind in ADDRESS_KINDS:
        return _build_address_email(message)
    person = message.person
    if person is None or not person.is_active:
        return Skip("no_recipient")
    lookups = current_lookups(message)
    preference = lookups.preference(person.pk)
    always = message.kind in ALWAYS_SENT_KINDS
    if message.kind in ACCOUNT_KINDS:
        preference = None  # about the account itself: nobody unsubscribes from these
    if preference is not None and not preference.wants(message.kind) and not always:
        return Skip("unsubscribed")
    built = BUILDERS[message.kind](message)
    if isinstance(built, Skip):
        return built
    if not always and not lookups.program_allows(built.program_id, message.kind):
        return Skip("off_for_program")
    for suppress in SUPPRESSORS:
        reason = suppress(message, built.program_id)
        if reason:
            return Skip(reason)
    if preference is not None and preference.digest and message.kind in DIGESTIBLE_KINDS:
        return Hold()
    context, ics = built.context, built.ics
    context["unsubscribe_url"] = (
        "" if message.kind in ACCOUNT_KINDS else unsubscribe_url(person, message.kind)
    )
    # Every email keeps the person's calendar link alive too (its expiry counts from it).
    capabilities.renew_feed_of(person.pk, lookups.feed_tokens.get(person.pk))
    subject, text, html = render(message.kind, person, context)
    email_class = CalendarEmail if ics else OutboxEmail
    email = email_class(
        subject=subject,
        body=text,
        to=[message.to_email or person.email],
        headers=_headers(message, context["unsubscribe_url"]),
    )
    email.attach_alternative(html, "text/html")
    if ics:
        email.calendar_method = context["method"]
        email.attach_alternative(ics.decode(), "text/calendar")
        attachment = MIMEBase("application", "ics", name="invite.ics")
        attachment.set_payload(ics)
        from email import encoders

        encoders.encode_base64(attachment)
        attachment.add_header("Content-Disposition", "attachment", filename="invite.ics")
        email.attach(attachment)
    return email
