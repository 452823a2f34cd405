"""Sending the outbox exactly once.

A worker claims a batch of due rows with one conditional UPDATE (on PostgreSQL the candidate rows
are picked with `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent workers take disjoint batches;
on SQLite the IMMEDIATE transaction serialises claims). Claims carry a unique token and expire
after `NOTIFICATIONS_CLAIM_SECONDS`, so rows of a worker that died are retried by another one.

Each message is marked sent in its own autocommitted UPDATE right after the SMTP server accepted
it. The one window left is the SMTP protocol's own (RFC 1047): if a worker dies after the server
said "250" but before that UPDATE, the message is sent again on retry. The Message-ID is derived
from the idempotency key, so such a resend carries the same Message-ID and receivers that
deduplicate on it show it once.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from peercoach.notifications.models import OutgoingMessage, Status

logger = logging.getLogger(__name__)

# Larger batches mean fewer claim queries, lookup rounds and SMTP handshakes; a batch still
# takes only seconds, far below the claim lease.
BATCH_SIZE = 100
MAX_ATTEMPTS = 5


class TransportDown(Exception):
    """The mail server could not be reached; the batch was released for a later run."""


@dataclass
class QueuedMessage:
    """What `queue()` needs to create one outbox row."""

    key: str
    kind: str
    person_id: int | None
    send_after: datetime
    expires_at: datetime | None = None
    context: dict | None = None
    session_id: int | None = None
    to_email: str = ""


def queue(messages: list[QueuedMessage]) -> int:
    """Add messages to the outbox; a message whose key is already there is left alone."""
    rows = [
        OutgoingMessage(
            idempotency_key=message.key,
            kind=message.kind,
            person_id=message.person_id,
            to_email=message.to_email,
            context=message.context or {},
            session_id=message.session_id,
            send_after=message.send_after,
            expires_at=message.expires_at,
        )
        for message in messages
    ]
    keys = [row.idempotency_key for row in rows]
    existing = set()
    for start in range(0, len(keys), 500):
        existing.update(
            OutgoingMessage.objects.filter(
                idempotency_key__in=keys[start : start + 500]
            ).values_list("idempotency_key", flat=True)
        )
    new = [row for row in rows if row.idempotency_key not in existing]
    # ignore_conflicts: a concurrent scheduler may have inserted the same key meanwhile; the
    # unique constraint decides, not this process.
    OutgoingMessage.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    return len(new)


def message_id_for(key: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "peercoach"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def _claimable(now: datetime) -> Q:
    lease = timedelta(seconds=settings.NOTIFICATIONS_CLAIM_SECONDS)
    return Q(status=Status.PENDING, send_after__lte=now) | Q(
        status=Status.SENDING, claimed_at__lt=now - lease
    )


def claim(worker_id: str, limit: int = BATCH_SIZE, now: datetime | None = None) -> list:
    """Claim up to `limit` due messages for this worker; returns the claimed rows."""
    now = now or timezone.now()
    token = f"{worker_id[:48]}:{secrets.token_hex(6)}"
    with transaction.atomic():
        candidates = OutgoingMessage.objects.filter(_claimable(now)).order_by("send_after", "pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        pks = list(candidates.values_list("pk", flat=True)[:limit])
        if not pks:
            return []
        # Conditional: a row someone else claimed meanwhile no longer matches and is not taken.
        OutgoingMessage.objects.filter(_claimable(now), pk__in=pks).update(
            status=Status.SENDING, claimed_by=token, claimed_at=now, attempts=F("attempts") + 1
        )
    return list(
        OutgoingMessage.objects.filter(claimed_by=token, status=Status.SENDING)
        .select_related(
            "person__organisation", "session__group__program", "session__calendar_state"
        )
        .order_by("send_after", "pk")
    )


def _finish(message: OutgoingMessage, **fields) -> bool:
    """Record the outcome, only if our claim still holds; autocommits at once."""
    return bool(
        OutgoingMessage.objects.filter(
            pk=message.pk, claimed_by=message.claimed_by, status=Status.SENDING
        ).update(**fields)
    )


def _mark_sent(message: OutgoingMessage, *, subject: str, message_id: str) -> bool:
    """`_finish(status=SENT, …)` as one prepared statement: the same conditional UPDATE,
    autocommitted at once, without building an ORM query for every message sent."""
    ops = connection.ops
    table = ops.quote_name(OutgoingMessage._meta.db_table)
    sql = (
        f"UPDATE {table} SET status = %s, sent_at = %s, subject = %s, message_id = %s"
        " WHERE id = %s AND claimed_by = %s AND status = %s"
    )
    params = [
        Status.SENT.value,
        ops.adapt_datetimefield_value(timezone.now()),
        subject,
        message_id,
        message.pk,
        message.claimed_by,
        Status.SENDING.value,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


def deliver_batch(worker_id: str, limit: int = BATCH_SIZE) -> int:
    """Claim and send one batch. Returns how many rows were handled (0: nothing was due)."""
    from peercoach.notifications import emails

    batch = claim(worker_id, limit)
    if not batch:
        return 0
    with emails.batch(batch):
        return _send_batch(batch)


def _send_batch(batch: list) -> int:
    from peercoach.notifications.emails import Hold, Skip, build_email

    smtp = None
    try:
        for position, message in enumerate(batch):
            now = timezone.now()
            if message.expires_at and now >= message.expires_at:
                _finish(message, status=Status.SKIPPED, skip_reason="stale", claimed_at=now)
                continue
            built = build_email(message)
            if isinstance(built, Skip):
                _finish(message, status=Status.SKIPPED, skip_reason=built.reason, claimed_at=now)
                continue
            if isinstance(built, Hold):
                _finish(message, status=Status.HELD, claimed_at=now)
                continue
            try:
                if smtp is None:
                    smtp = get_connection()
                    smtp.open()
                smtp.send_messages([built])
            except Exception as error:  # noqa: BLE001 - any transport error is retried later
                logger.warning("Sending %s failed: %s", message.idempotency_key, error)
                _retry_later(message, error)
                _release(batch[position + 1 :])
                raise TransportDown(str(error)) from error
            _mark_sent(
                message,
                subject=str(built.subject)[:300],
                message_id=built.extra_headers.get("Message-ID", ""),
            )
    finally:
        if smtp is not None:
            smtp.close()
    return len(batch)


def _retry_later(message: OutgoingMessage, error: Exception) -> None:
    if message.attempts >= MAX_ATTEMPTS:
        _finish(message, status=Status.FAILED, last_error=str(error)[:2000])
        return
    backoff = timedelta(minutes=2**message.attempts)
    _finish(
        message,
        status=Status.PENDING,
        claimed_by="",
        send_after=timezone.now() + backoff,
        last_error=str(error)[:2000],
    )


def _release(messages: list) -> None:
    # Not tried: the claim does not count as an attempt.
    for message in messages:
        _finish(message, status=Status.PENDING, claimed_by="", attempts=F("attempts") - 1)


def deliver_all(
    worker_id: str, max_seconds: float | None = None, batch_size: int = BATCH_SIZE
) -> int:
    """Send batches until nothing is due (or the time is up). Returns rows handled."""
    started = timezone.now()
    handled = 0
    while True:
        try:
            count = deliver_batch(worker_id, batch_size)
        except TransportDown:
            return handled
        handled += count
        if count == 0:
            return handled
        if max_seconds is not None and (timezone.now() - started).total_seconds() > max_seconds:
            return handled


def due_count(now: datetime | None = None) -> int:
    return OutgoingMessage.objects.filter(_claimable(now or timezone.now())).count()
