"""Building the email for an outbox row, at the moment it is sent.

One helper (`render`) makes subject, plain text and HTML from the templates
`notifications/email/<kind>.subject.txt`, `<kind>.txt` and `<kind>.html`, in the recipient's
language and time zone. Each kind has a builder that checks the message is still relevant
(a reminder for a session that moved is skipped, not sent) and gathers its context.

Confidentiality: only the action-item nudge carries content (the item's own text), and it goes to
the item's owner only. Everything else carries structure: group name, time, place, link.
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from email.mime.base import MIMEBase
from email.policy import Compat32

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEText
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy

from peercoach.coaching.models import ActionItem, CoachingSession, SessionStatus
from peercoach.growth.models import Feedback, FeedbackRequest, FeedbackRequestStatus
from peercoach.lib import links
from peercoach.notifications import calendar, scheduling
from peercoach.notifications.models import (
    ACCOUNT_KINDS,
    ALWAYS_SENT_KINDS,
    DIGESTIBLE_KINDS,
    Kind,
    NotificationPreference,
    OutgoingMessage,
    ProgramNotificationSettings,
)
from peercoach.notifications.outbox import message_id_for
from peercoach.organisations import accounts
from peercoach.organisations.models import Person
from peercoach.programs.models import Format, Group, GroupMember, Program

UNSUBSCRIBE_SALT = "peercoach.notifications.unsubscribe"


@dataclass
class Skip:
    reason: str


@dataclass
class Hold:
    """Keep the message for the recipient's digest."""


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


def unsubscribe_token(person: Person, kind: str) -> str:
    return signing.dumps([person.pk, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        person_pk, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind not in Kind.values:
        return None
    return int(person_pk), kind


def unsubscribe_url(person: Person, kind: str) -> str:
    token = unsubscribe_token(person, kind)
    return links.site_url(reverse("notifications:unsubscribe", kwargs={"unsubscribe_token": token}))


def render(kind: str, person: Person, context: dict) -> tuple[str, str, str]:
    """Subject, plain text and HTML of a message to `person`, in their language and time zone."""
    with (
        translation.override(person.interface_language),
        timezone.override(person.effective_time_zone),
    ):
        context = {
            "person": person,
            "time_zone": person.effective_time_zone,
            "site_url": links.site_url(),
            "preferences_url": links.site_url(reverse("notifications:preferences")),
            **context,
        }
        subject = render_to_string(f"notifications/email/{kind}.subject.txt", context)
        text = render_to_string(f"notifications/email/{kind}.txt", context)
        html = render_to_string(f"notifications/email/{kind}.html", context)
    return " ".join(subject.split()), text.strip() + "\n", html


class Lookups:
    """What the builders look up per message, fetched once for a whole batch."""

    def __init__(self, messages: list[OutgoingMessage]) -> None:
        person_ids = {m.person_id for m in messages if m.person_id}
        self.person_ids = person_ids
        self.preferences = {
            p.person_id: p for p in NotificationPreference.objects.filter(person_id__in=person_ids)
        }
        self.program_settings = {s.program_id: s for s in ProgramNotificationSettings.objects.all()}
        self.memberships = set(
            GroupMember.objects.filter(person_id__in=person_ids).values_list(
                "group_id", "person_id"
            )
        )

    def preference(self, person_id: int) -> NotificationPreference | None:
        return self.preferences.get(person_id)

    def program_allows(self, program_id: int | None, kind: str) -> bool:
        state = self.program_settings.get(program_id)
        return state is None or state.is_enabled(kind)

    def is_member(self, person_id: int, group_id: int) -> bool:
        return (group_id, person_id) in self.memberships


_lookups: ContextVar[Lookups | None] = ContextVar("notification_lookups", default=None)


@contextmanager
def batch(messages: list[OutgoingMessage]):
    """Build the emails of `messages` with one round of queries instead of several per message."""
    token = _lookups.set(Lookups(messages))
    try:
        yield
    finally:
        _lookups.reset(token)


def _current_lookups(message: OutgoingMessage) -> Lookups:
    return _lookups.get() or Lookups([message])


def _session_link(session_pk: int) -> str:
    return links.site_url(reverse("coaching:session", kwargs={"session_pk": session_pk}))


def _is_member(person: Person, group_id: int) -> bool:
    lookups = _lookups.get()
    if lookups is not None and person.pk in lookups.person_ids:
        return lookups.is_member(person.pk, group_id)
    return GroupMember.objects.filter(group_id=group_id, person=person).exists()


def _session_context(session: CoachingSession) -> dict:
    return {
        "session": session,
        "group": session.group,
        "session_url": _session_link(session.pk),
    }


def _for_session(message: OutgoingMessage) -> CoachingSession | Skip:
    session = message.session
    if session is None:
        return Skip("session_gone")
    if not _is_member(message.person, session.group_id):
        return Skip("not_a_member")
    return session


def build_session_invitation(message: OutgoingMessage) -> dict | Skip:
    if message.context.get("left_group"):
        return _build_cancellation_for_leaver(message)
    session = _for_session(message)
    if isinstance(session, Skip):
        return session
    method = message.context["method"]
    sequence = message.context["sequence"]
    if calendar.session_sequence(session) != sequence:
        return Skip("superseded")
    if method == "REQUEST" and session.status == SessionStatus.CANCELLED:
        return Skip("cancelled")
    attendees = [m.person for m in session.group.memberships.select_related("person")]
    with translation.override(message.person.interface_language):
        ics = calendar.invitation(session, method=method, sequence=sequence, attendees=attendees)
    return {
        **_session_context(session),
        "method": method,
        "is_update": sequence > 0,
        "ics": ics,
        "_program": session.group.program_id,
    }


def _build_cancellation_for_leaver(message: OutgoingMessage) -> dict | Skip:
    """Take the session out of the calendar of someone who left the group.

    It names only what their invitation already told them (group, time, place) and carries no
    link into the session, which is no longer theirs to open.
    """
    session = message.session
    if session is None:
        return Skip("session_gone")
    if _is_member(message.person, session.group_id):
        return Skip("member_again")
    # The session may have changed since they left: cancel its latest version.
    sequence = calendar.session_sequence(session)
    with translation.override(message.person.interface_language):
        ics = calendar.invitation(
            session, method="CANCEL", sequence=sequence, attendees=[message.person]
        )
    return {
        "session": session,
        "group": session.group,
        "method": "CANCEL",
        "left_group": True,
        "ics": ics,
        "_program": session.group.program_id,
    }


def build_session_reminder(message: OutgoingMessage) -> dict | Skip:
    session = _for_session(message)
    if isinstance(session, Skip):
        return session
    if session.status != SessionStatus.PLANNED:
        return Skip("not_planned")
    if session.starts_at != datetime.fromisoformat(message.context["starts_at"]):
        return Skip("moved")
    program_id = session.group.program_id
    chosen = _current_lookups(message).program_settings.get(program_id)
    if message.context.get("offset") not in scheduling.reminder_minutes(chosen):
        return Skip("reminder_time_off")  # the lead changed the program's reminder times
    return {**_session_context(session), "_program": program_id}


def build_session_follow_up(message: OutgoingMessage) -> dict | Skip:
    session = _for_session(message)
    if isinstance(session, Skip):
        return session
    if session.status == SessionStatus.CANCELLED:
        return Skip("cancelled")
    return {**_session_context(session), "_program": session.group.program_id}


def _who_context(group: Group, person_id: int) -> dict:
    """How an email names the people someone meets: a pairs program speaks of their partner."""
    if group.program.format != Format.PAIRS:
        return {"is_pair": False, "with_whom": group.name}
    names = [
        m.person.name
        for m in group.memberships.select_related("person")
        if m.person_id != person_id
    ]
    # Lazy: joined with "and" in the recipient's language when the email is rendered.
    partner = get_text_list(names, gettext_lazy("and")) if names else group.name
    return {"is_pair": True, "partner": partner, "with_whom": partner}


def build_check_in(message: OutgoingMessage) -> dict | Skip:
    group = Group.objects.select_related("program").filter(pk=message.context["group"]).first()
    if group is None or not _is_member(message.person, group.pk):
        return Skip("not_a_member")
    last = (
        group.sessions.filter(starts_at__lte=timezone.now())
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("-starts_at")
        .first()
    )
    return {
        **_who_context(group, message.person_id),
        "group": group,
        "last_session": last,
        "group_url": links.site_url(reverse("programs:group_detail", args=[group.pk])),
        "_program": group.program_id,
    }


def build_group_idle(message: OutgoingMessage) -> dict | Skip:
    group = Group.objects.select_related("program").filter(pk=message.context["group"]).first()
    if group is None or not _is_member(message.person, group.pk):
        return Skip("not_a_member")
    if group.sessions.filter(status=SessionStatus.PLANNED, starts_at__gte=timezone.now()).exists():
        return Skip("planned_meanwhile")
    return {
        **_who_context(group, message.person_id),
        "group": group,
        "group_url": links.site_url(reverse("programs:group_detail", args=[group.pk])),
        "_program": group.program_id,
    }


def build_action_overdue(message: OutgoingMessage) -> dict | Skip:
    item = (
        ActionItem.objects.select_related("session__group")
        .filter(pk=message.context["item"])
        .first()
    )
    # The item's text is content: it goes to its owner and nobody else.
    if item is None or item.owner_id != message.person_id:
        return Skip("not_the_owner")
    if item.is_done:
        return Skip("done")
    if item.due_on is None or item.due_on.isoformat() != message.context["due_on"]:
        return Skip("due_date_changed")
    return {
        "item": item,
        "session_url": _session_link(item.session_id),
        "_program": item.session.group.program_id,
    }


def build_program_invitation(message: OutgoingMessage) -> dict | Skip:
    program = Program.objects.filter(pk=message.context["program"]).first()
    if program is None:
        return Skip("program_gone")
    # A credential link only to the account's own address, and only while nobody chose a
    # password; an address with an account that has one is asked to sign in and accept.
    welcome = accounts.welcome_for(message.person)
    return {
        "program": program,
        "signin_url": links.site_url(reverse("login")),
        "pending": welcome.pending,
        "accept_url": links.site_url(reverse("memberships")),
        "set_password_url": links.site_url(welcome.set_password_url)
        if welcome.set_password_url
        else "",
        "_program": program.pk,
    }


def build_email_change_confirm(message: OutgoingMessage) -> dict | Skip:
    if message.person.email != message.context["old_email"]:
        return Skip("address_changed")
    confirm = reverse("confirm_email", kwargs={"email_token": message.context["token"]})
    return {**message.context, "confirm_url": links.site_url(confirm)}


def build_email_change_notice(message: OutgoingMessage) -> dict | Skip:
    return dict(message.context)


def build_match_announcement(message: OutgoingMessage) -> dict | Skip:
    group = Group.objects.select_related("program").filter(pk=message.context["group"]).first()
    if group is None or not _is_member(message.person, group.pk):
        return Skip("not_a_member")
    others = [
        m.person.name
        for m in group.memberships.select_related("person")
        if m.person_id != message.person_id
    ]
    return {
        **_who_context(group, message.person_id),
        "group": group,
        "others": others,
        "reasons": message.context.get("reasons", []),
        "group_url": links.site_url(reverse("programs:group_detail", args=[group.pk])),
        "_program": group.program_id,
    }


def build_member_joined(message: OutgoingMessage) -> dict | Skip:
    group = Group.objects.select_related("program").filter(pk=message.context["group"]).first()
    if group is None or not _is_member(message.person, group.pk):
        return Skip("not_a_member")
    newcomer = Person.objects.filter(pk=message.context["newcomer"]).first()
    if newcomer is None:
        return Skip("newcomer_gone")
    return {
        "group": group,
        "newcomer": newcomer.name,
        "group_url": links.site_url(reverse("programs:group_detail", args=[group.pk])),
        "_program": group.program_id,
    }


def build_digest(message: OutgoingMessage) -> dict | Skip:
    held = OutgoingMessage.objects.filter(pk__in=message.context["messages"])
    entries = []
    for item in held.select_related("session", "person"):
        built = BUILDERS[item.kind](item)
        if isinstance(built, Skip):
            continue
        subject, _text, _html = render(item.kind, message.person, built)
        entries.append({"subject": subject})
    if not entries:
        return Skip("nothing_to_digest")
    return {"entries": entries}


def build_feedback_request(message: OutgoingMessage) -> dict | Skip:
    # The topic is the requester's words to this colleague: it goes to them and nobody else.
    found = (
        FeedbackRequest.objects.select_related("requester")
        .filter(pk=message.context["object"], recipient_id=message.person_id)
        .first()
    )
    if found is None:
        return Skip("request_gone")
    if found.status != FeedbackRequestStatus.OPEN:
        return Skip("answered")
    answer = reverse("growth:feedback_create") + f"?request={found.pk}"
    return {
        "requester": found.requester,
        "topic": found.topic,
        "answer_url": links.site_url(answer),
    }


def build_feedback_received(message: OutgoingMessage) -> dict | Skip:
    found = (
        Feedback.objects.select_related("giver")
        .filter(pk=message.context["object"], receiver_id=message.person_id)
        .first()
    )
    if found is None:
        return Skip("feedback_gone")
    return {
        "giver": found.giver,
        "feedback_url": links.site_url(reverse("growth:feedback", args=[found.pk])),
    }


BUILDERS: dict[str, Callable[[OutgoingMessage], dict | Skip]] = {
    Kind.PROGRAM_INVITATION: build_program_invitation,
    Kind.MATCH_ANNOUNCEMENT: build_match_announcement,
    Kind.SESSION_INVITATION: build_session_invitation,
    Kind.SESSION_REMINDER: build_session_reminder,
    Kind.CHECK_IN: build_check_in,
    Kind.ACTION_OVERDUE: build_action_overdue,
    Kind.GROUP_IDLE: build_group_idle,
    Kind.SESSION_FOLLOW_UP: build_session_follow_up,
    Kind.FEEDBACK_REQUEST: build_feedback_request,
    Kind.FEEDBACK_RECEIVED: build_feedback_received,
    Kind.MEMBER_JOINED: build_member_joined,
    Kind.DIGEST: build_digest,
    Kind.EMAIL_CHANGE_CONFIRM: build_email_change_confirm,
    Kind.EMAIL_CHANGE_NOTICE: build_email_change_notice,
}


# Checks other apps add (peercoach/health: nothing but news for someone on a break): each takes
# the message and its program's id and returns a reason to skip it, or None.
SUPPRESSORS: list[Callable[[OutgoingMessage, int | None], str | None]] = []


def _headers(message: OutgoingMessage, unsubscribe: str) -> dict[str, str]:
    headers = {"Message-ID": message_id_for(message.idempotency_key)}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    headers["Auto-Submitted"] = "auto-generated"
    return headers


def build_email(message: OutgoingMessage) -> EmailMultiAlternatives | Skip | Hold:
    """The email for an outbox row, or why it is not sent (now or at all)."""
    person = message.person
    if person is None or not person.is_active:
        return Skip("no_recipient")
    lookups = _current_lookups(message)
    preference = lookups.preference(person.pk)
    always = message.kind in ALWAYS_SENT_KINDS
    if message.kind in ACCOUNT_KINDS:
        preference = None  # about the account itself: nobody unsubscribes from these
    if preference is not None and not preference.wants(message.kind) and not always:
        return Skip("unsubscribed")
    context = BUILDERS[message.kind](message)
    if isinstance(context, Skip):
        return context
    program_id = context.pop("_program", None)
    if not always and not lookups.program_allows(program_id, message.kind):
        return Skip("off_for_program")
    for suppress in SUPPRESSORS:
        reason = suppress(message, program_id)
        if reason:
            return Skip(reason)
    if preference is not None and preference.digest and message.kind in DIGESTIBLE_KINDS:
        return Hold()
    ics = context.pop("ics", None)
    context["unsubscribe_url"] = (
        "" if message.kind in ACCOUNT_KINDS else unsubscribe_url(person, message.kind)
    )
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
