"""Operations other apps call to send messages, and the ones behind this app's views.

Other apps call these from the action that causes the message (no receiver does it for them):
- `sync_session_calendar(session)` after a session is created, changed or cancelled
  (`coaching.actions`, the session admin); calling it again is harmless.
  `sync_group_calendars(group_id)` when someone joins or leaves a group
  (`running.actions`, `matching.rematch`, `health.actions.do_withdraw`).
- `queue_program_invitation(person, program)` when someone is invited to a program.
- `queue_match_announcement(person, group, reasons)` when a round is published.
- `queue_email_change(person, new_email, token, changed_by)` when someone changes the email of
  a person with an account (`people.actions.do_save_person`).
- `queue_member_joined(membership)` when someone joins a running group.
- `queue_feedback_request` / `queue_feedback_received`, from `growth.services.do_request_feedback`
  and `do_give_feedback`.
Messages are queued in the caller's transaction and a delivery task is enqueued once it commits.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from peercoach.coaching.models import CoachingSession, SessionStatus
from peercoach.lib import links
from peercoach.notifications import capabilities
from peercoach.notifications.group_mail import queue_to_others
from peercoach.notifications.models import (
    CalendarFeedToken,
    Kind,
    NotificationPreference,
    OutgoingMessage,
    ProgramNotificationSettings,
    SessionCalendar,
    Status,
)
from peercoach.notifications.outbox import QueuedMessage, queue
from peercoach.notifications.tasks import kick_delivery_on_commit
from peercoach.organisations.models import Person
from peercoach.programs.models import Group, GroupMember, Program


def _fingerprint(session: CoachingSession, member_ids: list[int]) -> str:
    seen = [
        session.starts_at.isoformat(),
        str(session.duration_minutes),
        session.location,
        session.video_url,
        str(session.status == SessionStatus.CANCELLED),
        ",".join(map(str, sorted(member_ids))),
    ]
    return hashlib.sha256("\n".join(seen).encode()).hexdigest()


def _new_uid(session: CoachingSession) -> str:
    host = links.site_host()
    return f"session-{session.pk}-{secrets.token_hex(8)}@{host}"


@transaction.atomic
def sync_session_calendar(session: CoachingSession) -> int:
    """Send invitations for a new session, updates (SEQUENCE+1) for a changed one, and
    cancellations for a cancelled one, or to whoever left the group. Returns how many messages
    were queued."""
    member_ids = sorted(session.group.memberships.taking_part().values_list("person_id", flat=True))
    fingerprint = _fingerprint(session, member_ids)
    state = SessionCalendar.objects.select_for_update().filter(session=session).first()
    cancelled = session.status == SessionStatus.CANCELLED
    if state is None:
        if cancelled:
            return 0
        state = SessionCalendar.objects.create(
            session=session,
            uid=_new_uid(session),
            sequence=0,
            fingerprint=fingerprint,
            attendee_ids=member_ids,
        )
        left = []
    elif state.fingerprint == fingerprint:
        return 0
    else:
        left = sorted(set(state.attendee_ids) - set(member_ids))
        state.sequence += 1
        state.fingerprint = fingerprint
        state.attendee_ids = member_ids
        state.save(update_fields=["sequence", "fingerprint", "attendee_ids", "updated_at"])
        # Older versions not yet sent are superseded by this one; a cancellation for someone who
        # left still has to reach them.
        OutgoingMessage.objects.filter(
            session=session, kind=Kind.SESSION_INVITATION, status=Status.PENDING
        ).exclude(context__left_group=True).update(status=Status.SKIPPED, skip_reason="superseded")
    now = timezone.now()
    if session.ends_at <= now:
        return 0
    method = "CANCEL" if cancelled else "REQUEST"

    def invitation(person_id: int, method: str, **context) -> QueuedMessage:
        return QueuedMessage(
            key=f"invite:{session.pk}:{state.sequence}:{person_id}",
            kind=Kind.SESSION_INVITATION,
            person_id=person_id,
            session_id=session.pk,
            send_after=now,
            expires_at=session.ends_at,
            context={"method": method, "sequence": state.sequence, **context},
        )

    queued = queue(
        [invitation(person_id, method) for person_id in member_ids]
        + [invitation(person_id, "CANCEL", left_group=True) for person_id in left]
    )
    if queued:
        kick_delivery_on_commit()
    return queued


def sync_group_calendars(group_id: int) -> int:
    """After the group's membership changed: update the calendars of its upcoming sessions."""
    now = timezone.now()
    sessions = CoachingSession.objects.filter(
        group_id=group_id, starts_at__gt=now - timedelta(days=1)
    ).select_related("group")
    return sum(sync_session_calendar(session) for session in sessions if session.ends_at > now)


def queue_program_invitation(person: Person, program: Program) -> bool:
    queued = queue(
        [
            QueuedMessage(
                key=f"program-invite:{program.pk}:{person.pk}",
                kind=Kind.PROGRAM_INVITATION,
                person_id=person.pk,
                send_after=timezone.now(),
                expires_at=timezone.now() + timedelta(days=30),
                context={"program": program.pk},
            )
        ]
    )
    if queued:
        kick_delivery_on_commit()
    return bool(queued)


def queue_email_change(person: Person, new_email: str, token: str, changed_by: Person) -> None:
    """Ask the new address to confirm (link with `token`) and tell the old one it is changing.

    Both go to the typed addresses, and neither carries a credential: the confirmation link
    works only for the account holder, signed in.
    """
    now = timezone.now()
    nonce = secrets.token_hex(6)
    context = {"new_email": new_email, "old_email": person.email, "changed_by": changed_by.name}
    queue(
        [
            QueuedMessage(
                key=f"email-change:{person.pk}:{nonce}:confirm",
                kind=Kind.EMAIL_CHANGE_CONFIRM,
                person_id=person.pk,
                to_email=new_email,
                send_after=now,
                expires_at=now + timedelta(days=3),
                context={**context, "token": token},
            ),
            QueuedMessage(
                key=f"email-change:{person.pk}:{nonce}:notice",
                kind=Kind.EMAIL_CHANGE_NOTICE,
                person_id=person.pk,
                to_email=person.email,
                send_after=now,
                expires_at=now + timedelta(days=3),
                context=context,
            ),
        ]
    )
    kick_delivery_on_commit()


def queue_sign_in_link(address: str) -> None:
    """'Send me a link' for `address`: one outbox row whatever the address, looked up only when
    the worker sends it (the request takes as long for a stranger as for someone known)."""
    now = timezone.now()
    queue(
        [
            QueuedMessage(
                key=f"sign-in-link:{secrets.token_hex(12)}",
                kind=Kind.SIGN_IN_LINK,
                person_id=None,
                to_email=address,
                send_after=now,
                expires_at=now + timedelta(hours=1),
            )
        ]
    )
    kick_delivery_on_commit()


def queue_sign_in_locked(user, *, bucket: int, until) -> bool:
    """Tell an account's holder that it is locked after failed sign-ins; once per `bucket`."""
    person = Person.objects.filter(user=user, is_active=True).order_by("pk").first()
    if person is None or not user.email:
        return False
    now = timezone.now()
    queued = queue(
        [
            QueuedMessage(
                key=f"sign-in-locked:{user.pk}:{bucket}",
                kind=Kind.SIGN_IN_LOCKED,
                person_id=person.pk,
                to_email=user.email,
                send_after=now,
                expires_at=until,
                context={"until": until.isoformat()},
            )
        ]
    )
    if queued:
        kick_delivery_on_commit()
    return bool(queued)


def queue_match_announcement(person: Person, group: Group, reasons: list[str]) -> bool:
    """Tell `person` who they were matched with and why (`reasons`: sentences in their language).

    Queued once per person and group; calling it again for the same pair does nothing.
    """
    queued = queue(
        [
            QueuedMessage(
                key=f"match:{group.pk}:{person.pk}",
                kind=Kind.MATCH_ANNOUNCEMENT,
                person_id=person.pk,
                send_after=timezone.now(),
                expires_at=timezone.now() + timedelta(days=30),
                context={"group": group.pk, "reasons": [str(reason) for reason in reasons]},
            )
        ]
    )
    if queued:
        kick_delivery_on_commit()
    return bool(queued)


def queue_member_joined(membership: GroupMember) -> int:
    """Tell the group's other members who joined, right away (so before their next session):
    from now on the newcomer reads what the group writes. Returns how many were queued."""
    return queue_to_others(
        membership.group,
        membership.person_id,
        kind=Kind.MEMBER_JOINED,
        key=f"joined:{membership.pk}",
        context={"group": membership.group_id, "newcomer": membership.person_id},
        lasts=timedelta(days=30),
    )


def queue_member_left(person: Person, groups) -> int:
    """Tell the other active members of each of `groups` that `person` no longer takes part
    (neutral words: nothing of why). Returns how many were queued."""
    return sum(
        queue_to_others(
            group,
            person.pk,
            kind=Kind.MEMBER_LEFT,
            key=f"left:{group.pk}:{person.pk}",
            context={"group": group.pk, "leaver": person.pk},
            lasts=timedelta(days=30),
        )
        for group in groups
    )


def queue_feedback_request(request_pk: int, recipient_id: int) -> bool:
    """Tell a colleague someone asked them for feedback."""
    return _queue_personal(
        f"feedback-request:{request_pk}", Kind.FEEDBACK_REQUEST, recipient_id, request_pk
    )


def queue_feedback_received(feedback_pk: int, receiver_id: int) -> bool:
    """Tell someone they received feedback (the email carries none of it)."""
    return _queue_personal(
        f"feedback:{feedback_pk}", Kind.FEEDBACK_RECEIVED, receiver_id, feedback_pk
    )


def _queue_personal(key: str, kind: str, person_id: int, object_pk: int) -> bool:
    now = timezone.now()
    queued = queue(
        [
            QueuedMessage(
                key=key,
                kind=kind,
                person_id=person_id,
                send_after=now,
                expires_at=now + timedelta(days=30),
                context={"object": object_pk},
            )
        ]
    )
    if queued:
        kick_delivery_on_commit()
    return bool(queued)


def preference_for(person: Person) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.get_or_create(person=person)
    return preference


def unsubscribe(person: Person, kind: str) -> None:
    with transaction.atomic():
        preference = NotificationPreference.objects.select_for_update().filter(person=person)
        preference = preference.first() or NotificationPreference.objects.create(person=person)
        if kind not in preference.unsubscribed_kinds:
            preference.unsubscribed_kinds = [*preference.unsubscribed_kinds, kind]
            preference.save(update_fields=["unsubscribed_kinds"])


def save_preferences(person: Person, *, wanted: list[str], digest: bool) -> None:
    preference = preference_for(person)
    preference.unsubscribed_kinds = [kind for kind in Kind.values if kind not in wanted]
    preference.digest = digest
    preference.save(update_fields=["unsubscribed_kinds", "digest"])


def save_program_kinds(
    program: Program, enabled: list[str], reminder_minutes: list[int] | None = None
) -> None:
    """Which kinds of email the program sends and, if given, when members are reminded."""
    from peercoach.notifications.models import PROGRAM_KINDS

    state, _created = ProgramNotificationSettings.objects.get_or_create(program=program)
    state.disabled_kinds = [kind.value for kind in PROGRAM_KINDS if kind not in enabled]
    if reminder_minutes is not None:
        state.reminder_minutes = sorted(set(reminder_minutes), reverse=True)
    state.save(update_fields=["disabled_kinds", "reminder_minutes"])


def feed_token_for(person: Person) -> CalendarFeedToken:
    """The person's valid calendar link (renewed), or a new one (see `capabilities`)."""
    return capabilities.feed_token_for(person)


def rotate_feed_token(person: Person) -> CalendarFeedToken:
    """Revoke the person's feed URL and give them a new one."""
    return capabilities.rotate_feed_token(person)


def revoke_capabilities_of(person: Person) -> int:
    """Every link that works without signing in for `person` stops working (see `capabilities`)."""
    return capabilities.revoke_capabilities_of(person)
