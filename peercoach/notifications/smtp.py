"""Django's SMTP backend with one hook: a callback just before the end of a message's DATA.

Until the SMTP client sends the terminating "<CRLF>.<CRLF>", the server has not accepted
anything and dropping the connection discards the message. The outbox records "handed to SMTP"
in that callback (see `outbox`), which leaves one round trip during which a dying worker cannot
know whether the message arrived.
"""

from __future__ import annotations

import re
import smtplib
from collections.abc import Callable

from django.core.mail.backends.smtp import EmailBackend

_LINE_START_DOT = re.compile(rb"(?m)^\.")


class _HandingMixin:
    before_terminator: Callable[[], None] | None = None

    def data(self, msg):  # same protocol as smtplib.SMTP.data, with the callback before "."
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if isinstance(msg, str):
            msg = re.sub(r"(?:\r\n|\n|\r(?!\n))", "\r\n", msg).encode("ascii")
        body = _LINE_START_DOT.sub(b"..", msg)
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        self.send(body)
        if self.before_terminator is not None:
            try:
                self.before_terminator()
            except BaseException:
                # Without the terminator the server discards what it got; the connection cannot
                # be used again mid-DATA.
                self.close()
                raise
        self.send(b".\r\n")
        return self.getreply()


class HandingSMTP(_HandingMixin, smtplib.SMTP):
    pass


class HandingSMTPSSL(_HandingMixin, smtplib.SMTP_SSL):
    pass


class HandingEmailBackend(EmailBackend):
    """`EmailBackend` whose `before_terminator` runs before each message's final "."."""

    before_terminator: Callable[[], None] | None = None

    @property
    def connection_class(self):
        return HandingSMTPSSL if self.use_ssl else HandingSMTP

    def open(self) -> bool | None:
        opened = super().open()
        if self.connection is not None:
            self.connection.before_terminator = self._call_before_terminator
        return opened

    def _call_before_terminator(self) -> None:
        if self.before_terminator is not None:
            self.before_terminator()
