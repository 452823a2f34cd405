"""A local SMTP server that keeps what it receives: for tests and the benchmark, not production."""

from __future__ import annotations

import logging
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Handler:
    def __init__(self, on_mail=None, on_data=None) -> None:
        self.received: list[bytes] = []
        self.lock = threading.Lock()
        self.on_mail = on_mail
        self.on_data = on_data

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        if self.on_mail is not None:
            await self.on_mail(len(self.received))
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self.lock:
            self.received.append(envelope.original_content or envelope.content)
        if self.on_data is not None:  # the message is complete; its "250" not yet answered
            await self.on_data(len(self.received))
        return "250 Message accepted for delivery"


class SmtpSink:
    """`with SmtpSink() as sink:` listens on 127.0.0.1:`sink.port` and collects `sink.messages`."""

    def __init__(self, on_mail=None, on_data=None, port: int | None = None) -> None:
        self.handler = Handler(on_mail, on_data)
        self.port = port or free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def raw(self) -> list[bytes]:
        with self.handler.lock:
            return list(self.handler.received)

    @property
    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(raw, policy=policy.default) for raw in self.raw]
