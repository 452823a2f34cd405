"""What a builder of an email returns: the context to render, or why the email is not sent."""

from __future__ import annotations

from dataclasses import dataclass

from peercoach.organisations.models import Person


@dataclass
class Skip:
    reason: str


@dataclass
class Built:
    """What a builder found for a message: the template context, the program the message is
    about (its email settings may have turned this kind off), and a calendar invitation."""

    context: dict
    program_id: int | None = None
    ics: bytes | None = None
    # For a message queued with only an address (a sign-in link): who it turned out to be for.
    recipient: Person | None = None


@dataclass
class Hold:
    """Keep the message for the recipient's digest."""
