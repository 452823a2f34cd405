"""One builder per kind of email: is the message still relevant, and what does it say.

A builder returns `Built` (the template context, the program the message is about, a calendar
invitation) or `Skip` with the reason it is not sent; a reminder for a session that moved is
skipped, not sent. Lookups shared by a batch of messages are made once (`lookups.batch`).

Confidentiality: only the action-item nudge carries content (the item's own text), and it goes to
the item's owner only. Everything else carries structure: group name, time, place, link.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy

from peercoach.coaching.models import ActionItem, CoachingSession, SessionStatus
from peercoach.lib import links
from peercoach.notifications import calendar
from peercoach.notifications.built import Built, Hold, Skip
from peercoach.notifications.lookups import batch_lookups, current_lookups
from peercoach.notifications.models import (
    Kind,
    OutgoingMessage,
    reminder_minutes,
)
from peercoach.notifications.person_builders import (
    build_email_change_confirm,
    build_email_change_notice,
    build_program_invitation,
    build_sign_in_link,
    build_sign_in_locked,
)
from peercoach.notifications.rendering import render
from peercoach.organisations.models import Person
from peercoach.programs.models import Format, Group, GroupMember

__all__ = ["BUILDERS", "Built", "Hold", "Skip"]


def _session_link(session_pk: int) -> str:
    return links.site_url(reverse("coaching:session", kwargs={"session_pk": session_pk}))


def _is_member(person: Person, group_id: int) -> bool:
    lookups = batch_lookups()
    if lookups is not None and person.pk in lookups.person_ids:
        return lookups.is_member(person.pk, group_id)
    return GroupMember.objects.filter(group_id=group_id, person=person).exists()


def _session_context(session: CoachingSession, person: Person) -> dict:
    partner = calendar.partner_names(session.group, person)
    return {
        "session": session,
        "group": session.group,
        "session_url": _session_link(session.pk),
        # A pairs program speaks of the partner, never of a group.
        "is_pair": partner is not None,
        "partner": partner or "",
    }


def _for_session(message: OutgoingMessage) -> CoachingSession | Skip:
    session = message.session
    if session is None:
        return Skip("session_gone")
    if not _is_member(message.person, session.group_id):
        return Skip("not_a_member")
    return session


def build_session_invitation(message: OutgoingMessage) -> Built | Skip:
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
    attendees = [m.person for m in session.group.memberships.taking_part().select_related("person")]
    with translation.override(message.person.interface_language):
        ics = calendar.invitation(
            session,
            method=method,
            sequence=sequence,
            attendees=attendees,
            recipient=message.person,
        )
    return Built(
        {**_session_context(session, message.person), "method": method, "is_update": sequence > 0},
        ics=ics,
        program_id=session.group.program_id,
    )


def _build_cancellation_for_leaver(message: OutgoingMessage) -> Built | Skip:
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
            session,
            method="CANCEL",
            sequence=sequence,
            attendees=[message.person],
            recipient=message.person,
        )
    return Built(
        {
            "session": session,
            "group": session.group,
            # A leaver of a pair is told no names: who coaches there now is no longer theirs.
            "is_pair": session.group.program.format == Format.PAIRS,
            "partner": "",
            "method": "CANCEL",
            "left_group": True,
        },
        ics=ics,
        program_id=session.group.program_id,
    )


def build_session_reminder(message: OutgoingMessage) -> Built | Skip:
    session = _for_session(message)
    if isinstance(session, Skip):
        return session
    if session.status != SessionStatus.PLANNED:
        return Skip("not_planned")
    if session.starts_at != datetime.fromisoformat(message.context["starts_at"]):
        return Skip("moved")
    program_id = session.group.program_id
    chosen = current_lookups(message).program_settings.get(program_id)
    if message.context.get("offset") not in reminder_minutes(chosen):
        return Skip("reminder_time_off")  # the lead changed the program's reminder times
    return Built({**_session_context(session, message.person)}, program_id=program_id)


def build_session_follow_up(message: OutgoingMessage) -> Built | Skip:
    session = _for_session(message)
    if isinstance(session, Skip):
        return session
    if session.status == SessionStatus.CANCELLED:
        return Skip("cancelled")
    return Built({**_session_context(session, message.person)}, program_id=session.group.program_id)


def _who_context(group: Group, person_id: int) -> dict:
    """How an email names the people someone meets: a pairs program speaks of their partner."""
    if group.program.format != Format.PAIRS:
        return {"is_pair": False, "with_whom": group.name}
    names = [
        m.person.name
        for m in group.memberships.taking_part().select_related("person")
        if m.person_id != person_id
    ]
    # Lazy: joined with "and" in the recipient's language when the email is rendered.
    partner = get_text_list(names, gettext_lazy("and")) if names else group.name
    return {"is_pair": True, "partner": partner, "with_whom": partner}


def build_check_in(message: OutgoingMessage) -> Built | Skip:
    group = Group.objects.select_related("program").filter(pk=message.context["group"]).first()
    if group is None or not _is_member(message.person, group.pk):
        return Skip("not_a_member")
    last = (
        group.sessions.filter(starts_at__lte=timezone.now())
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("-starts_at")
        .first()
    )
    return Built(
        {
            **_who_context(group, message.person_id),
            "group": group,
            "last_session": last,
            "group_url": links.site_url(reverse("coaching:group_detail", args=[group.pk])),
        },
        program_id=group.program_id,
    )


def build_group_idle(message: OutgoingMessage) -> Built | Skip:
    group = Group.objects.select_related("program").filter(pk=message.context["group"]).first()
    if group is None or not _is_member(message.person, group.pk):
        return Skip("not_a_member")
    if group.sessions.filter(status=SessionStatus.PLANNED, starts_at__gte=timezone.now()).exists():
        return Skip("planned_meanwhile")
    return Built(
        {
            **_who_context(group, message.person_id),
            "group": group,
            "group_url": links.site_url(reverse("coaching:group_detail", args=[group.pk])),
        },
        program_id=group.program_id,
    )


def build_action_overdue(message: OutgoingMessage) -> Built | Skip:
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
    return Built(
        {"item": item, "session_url": _session_link(item.session_id)},
        program_id=item.session.group.program_id,
    )


def build_match_announcement(message: OutgoingMessage) -> Built | Skip:
    group = Group.objects.select_related("program").filter(pk=message.context["group"]).first()
    if group is None or not _is_member(message.person, group.pk):
        return Skip("not_a_member")
    others = [
        m.person.name
        for m in group.memberships.taking_part().select_related("person")
        if m.person_id != message.person_id
    ]
    return Built(
        {
            **_who_context(group, message.person_id),
            "group": group,
            "others": others,
            "reasons": message.context.get("reasons", []),
            "group_url": links.site_url(reverse("coaching:group_detail", args=[group.pk])),
        },
        program_id=group.program_id,
    )


def build_member_joined(message: OutgoingMessage) -> Built | Skip:
    group = Group.objects.select_related("program").filter(pk=message.context["group"]).first()
    if group is None or not _is_member(message.person, group.pk):
        return Skip("not_a_member")
    newcomer = Person.objects.filter(pk=message.context["newcomer"]).first()
    if newcomer is None:
        return Skip("newcomer_gone")
    others = [
        m.person.name
        for m in group.memberships.taking_part().select_related("person")
        if m.person_id not in (message.person_id, newcomer.pk)
    ]
    return Built(
        {
            "is_pair": group.program.format == Format.PAIRS,
            # Lazy: joined with "and" in the recipient's language when the email is rendered.
            "others": get_text_list(others, gettext_lazy("and")) if others else "",
            "group": group,
            "newcomer": newcomer.name,
            "group_url": links.site_url(reverse("coaching:group_detail", args=[group.pk])),
        },
        program_id=group.program_id,
    )


def build_member_left(message: OutgoingMessage) -> Built | Skip:
    group = Group.objects.select_related("program").filter(pk=message.context["group"]).first()
    if group is None or not _is_member(message.person, group.pk):
        return Skip("not_a_member")
    leaver = Person.objects.filter(pk=message.context["leaver"]).first()
    if leaver is None:
        return Skip("leaver_gone")
    return Built(
        {
            "group": group,
            "leaver": leaver.name,
            "group_url": links.site_url(reverse("coaching:group_detail", args=[group.pk])),
        },
        program_id=group.program_id,
    )


def build_digest(message: OutgoingMessage) -> Built | Skip:
    held = OutgoingMessage.objects.filter(pk__in=message.context["messages"])
    entries = []
    for item in held.select_related("session", "person"):
        built = BUILDERS[item.kind](item)
        if isinstance(built, Skip):
            continue
        subject, _text, _html = render(item.kind, message.person, built.context)
        entries.append({"subject": subject})
    if not entries:
        return Skip("nothing_to_digest")
    return Built({"entries": entries})


BUILDERS: dict[str, Callable[[OutgoingMessage], Built | Skip]] = {
    Kind.PROGRAM_INVITATION: build_program_invitation,
    Kind.MATCH_ANNOUNCEMENT: build_match_announcement,
    Kind.SESSION_INVITATION: build_session_invitation,
    Kind.SESSION_REMINDER: build_session_reminder,
    Kind.CHECK_IN: build_check_in,
    Kind.ACTION_OVERDUE: build_action_overdue,
    Kind.GROUP_IDLE: build_group_idle,
    Kind.SESSION_FOLLOW_UP: build_session_follow_up,
    Kind.MEMBER_JOINED: build_member_joined,
    Kind.MEMBER_LEFT: build_member_left,
    Kind.DIGEST: build_digest,
    Kind.EMAIL_CHANGE_CONFIRM: build_email_change_confirm,
    Kind.EMAIL_CHANGE_NOTICE: build_email_change_notice,
    Kind.SIGN_IN_LINK: build_sign_in_link,
    Kind.SIGN_IN_LOCKED: build_sign_in_locked,
}

# Builders and checks other apps add from their AppConfig.ready (peercoach/growth: feedback;
# peercoach/health: its own kinds, and nothing but news for someone on a break). A check takes
# the message and its program's id and returns a reason to skip it, or None.
SUPPRESSORS: list[Callable[[OutgoingMessage, int | None], str | None]] = []
