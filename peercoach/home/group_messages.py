"""A short message to the whole group by email, from the home page.

Only a member writes to their own group (`access.get_own_group`), and it reaches the group's
other active members and no one else: one email each, queued in the notifications outbox and
sent by its worker. A few messages per person and group a day (`PER_DAY`), so the form cannot
be used to flood colleagues. Each form carries a random token that is part of the messages'
keys: sending the same form twice (a double click, a retried request) queues them once.

`register()` (from `HomeConfig.ready`) adds the email's builder to the notifications app; its
templates are with the other emails (notifications/email/group_message.*), in that catalogue.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peercoach.lib import links
from peercoach.notifications import builders
from peercoach.notifications.builders import Built, Skip
from peercoach.notifications.group_mail import others_in, queue_to_others
from peercoach.notifications.models import Kind, OutgoingMessage
from peercoach.organisations.models import Person
from peercoach.programs.models import Group, GroupMember

PER_DAY = 3
MAX_LENGTH = 1000
TOKEN = re.compile(r"[A-Za-z0-9_-]{8,64}")


def _prefix(group: Group, sender: Person) -> str:
    return f"group-message:{group.pk}:{sender.pk}:"


def check_can_send(sender: Person, group: Group) -> list[int]:
    """The ids of the group's other active members with an address; ValidationError when there
    is nobody to write to or the sender already wrote `PER_DAY` messages today."""
    recipients = others_in(group, sender.pk, with_address=True)
    if not recipients:
        raise ValidationError(_("Nobody else in this group can receive email yet."))
    keys = OutgoingMessage.objects.filter(
        kind=Kind.GROUP_MESSAGE,
        idempotency_key__startswith=_prefix(group, sender),
        created_at__gte=timezone.now() - timedelta(days=1),
    ).values_list("idempotency_key", flat=True)
    sent = {key.split(":")[3] for key in keys}
    if len(sent) >= PER_DAY:
        raise ValidationError(
            ngettext(
                "You already sent %(count)d message to this group today; try again tomorrow.",
                "You already sent %(count)d messages to this group today; try again tomorrow.",
                PER_DAY,
            )
            % {"count": PER_DAY}
        )
    return recipients


def do_send(sender: Person, group: Group, text: str, token: str) -> int:
    """Queue one email per other member; returns how many were queued (0 for a form sent
    twice). The caller has checked that `sender` is a member (`access.get_own_group`)."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Write a message first."))
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _("A message to the group has at most %(max)d characters.") % {"max": MAX_LENGTH}
        )
    if not TOKEN.fullmatch(token or ""):
        raise ValidationError(_("This form has expired. Please write your message again."))
    with transaction.atomic():
        # One sender's messages to one group are counted one at a time (the limit holds).
        GroupMember.objects.select_for_update().filter(group=group, person=sender).first()
        recipients = check_can_send(sender, group)
        return queue_to_others(
            group,
            sender.pk,
            kind=Kind.GROUP_MESSAGE,
            key=f"{_prefix(group, sender)}{token}",
            context={"group": group.pk, "sender": sender.pk, "text": text},
            lasts=timedelta(days=2),
            recipients=recipients,
        )


def build_group_message(message: OutgoingMessage) -> Built | Skip:
    """Sent only while both the recipient and the sender are in the group."""
    group = Group.objects.select_related("program").filter(pk=message.context["group"]).first()
    if group is None:
        return Skip("gone")
    members = dict(group.memberships.taking_part().values_list("person_id", "person__name"))
    if message.person_id not in members:
        return Skip("not_a_member")
    sender = Person.objects.filter(pk=message.context["sender"], is_active=True).first()
    if sender is None or sender.pk not in members:
        return Skip("sender_left")
    return Built(
        {
            "group": group,
            "sender": sender.name,
            "sender_email": sender.email,
            "text": message.context["text"],
            "group_url": links.site_url(reverse("coaching:group_detail", args=[group.pk])),
        },
        program_id=group.program_id,
    )


def register() -> None:
    builders.BUILDERS[Kind.GROUP_MESSAGE] = build_group_message
