"""The email classes outbox messages are sent as: fast plain headers, boundaries chosen once,
and a text/calendar part that Outlook understands."""

from __future__ import annotations

import hashlib
import secrets
import sys
from email.policy import Compat32

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEText


class _HeaderPolicy(Compat32):
    """The `compat32` policy Django writes messages with, minus its cost for plain headers.

    `compat32` sends every header through `email.header.Header.encode`, about a tenth of a
    worker's time. A header that is printable ASCII and fits on one line comes out of that
    unchanged, so it is written directly; anything else still takes the standard path.
    """

    def _fold(self, name, value, sanitize):
        if (
            isinstance(value, str)
            and value.isascii()
            and value.isprintable()
            and len(name) + 2 + len(value) <= self.max_line_length
        ):
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


HEADER_POLICY = _HeaderPolicy()


class OutboxEmail(EmailMultiAlternatives):
    """Text and HTML alternatives, with MIME boundaries chosen when the message is built.

    The standard library's generator would pick each boundary while writing the message and
    compile a fresh regular expression per boundary to check it against the parts; that was a
    measurable share of sending. Same shape of boundary, same guarantee: it occurs in no part.
    """

    def message(self):
        msg = super().message()
        msg.policy = HEADER_POLICY
        parts = [part for part in msg.walk() if not part.is_multipart()]
        for part in msg.walk():
            if part.is_multipart() and not part.get_boundary():
                part.set_boundary(_free_boundary(parts))
        return msg


def _free_boundary(parts: list) -> str:
    while True:
        boundary = "=" * 15 + f"{secrets.randbelow(sys.maxsize):019d}" + "=="
        if not any(boundary in str(part.get_payload()) for part in parts):
            return boundary


class CalendarEmail(OutboxEmail):
    """An email whose text/calendar alternative carries the METHOD parameter Outlook needs."""

    calendar_method = "REQUEST"

    def _create_mime_attachment(self, content, mimetype):
        if mimetype == "text/calendar":
            part = SafeMIMEText(content, "calendar", "utf-8")
            part.set_param("method", self.calendar_method)
            return part
        return super()._create_mime_attachment(content, mimetype)


def message_id_for(key: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "peercoach"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"
