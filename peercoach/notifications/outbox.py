"""Sending the outbox exactly once.

A worker claims a batch of due rows with one conditional UPDATE (on PostgreSQL one autocommitted
statement whose candidate rows are picked with `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent
workers take disjoint batches and no row lock outlives a cut connection; on SQLite the IMMEDIATE
transaction serialises claims). Claims carry a unique token and a lease of
`NOTIFICATIONS_CLAIM_SECONDS` that the worker renews while it works through the batch
(`_Lease.renew`), so the rows of a worker that died are retried by another one soon after.

Per message, just before the SMTP client sends the end of the message (the DATA terminator), the
row is marked HANDED, conditionally on the claim still being ours: a worker whose lease ran out
and was taken over stops there and the server discards the unfinished message. After the server's
"250" the row is marked SENT; if the database is away at that moment the worker keeps trying
(`_record`), it knows the outcome. What remains is the SMTP protocol's own window (RFC 1047): a
worker killed after handing over and before recording the answer leaves a HANDED row, and nobody
can ask the server whether it arrived. `reconcile` turns such rows, once their lease expired, into
UNCERTAIN and does not send them again: at most once, and visible (see README.md).
"""

from __future__ import annotations

import logging
import secrets
import smtplib
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from peercoach.notifications import lookups
from peercoach.notifications.builders import Hold, Skip
from peercoach.notifications.emails import build_email
from peercoach.notifications.models import OutgoingMessage, Status

logger = logging.getLogger(__name__)

# Larger batches mean fewer claim queries, lookup rounds and SMTP handshakes; a batch still
# takes only seconds, far below the claim lease.
BATCH_SIZE = 100
MAX_ATTEMPTS = 5


class TransportDown(Exception):
    """The mail server could not be reached; the batch was released for a later run."""


class ClaimLost(Exception):
    """Another worker took this message over (our lease had run out): we must not send it."""


DATABASE_DOWN = (OperationalError, InterfaceError)


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


def _lease() -> timedelta:
    return timedelta(seconds=settings.NOTIFICATIONS_CLAIM_SECONDS)


def _claimable(now: datetime) -> Q:
    return Q(status=Status.PENDING, send_after__lte=now) | Q(
        status=Status.SENDING, claimed_at__lt=now - _lease()
    )


def reconcile(now: datetime | None = None) -> int:
    """HANDED rows whose worker is gone become UNCERTAIN: not sent again (see module doc)."""
    now = now or timezone.now()
    return OutgoingMessage.objects.filter(
        status=Status.HANDED, claimed_at__lt=now - _lease()
    ).update(
        status=Status.UNCERTAIN,
        last_error="The worker stopped after handing the message to the mail server and "
        "before hearing its answer; not sent again.",
    )


@dataclass
class _Lease:
    """Renews the claim on a batch while the worker is working through it."""

    token: str
    renewed: float = field(default_factory=time.monotonic)

    def renew(self) -> None:
        if time.monotonic() - self.renewed < settings.NOTIFICATIONS_CLAIM_SECONDS / 3:
            return
        OutgoingMessage.objects.filter(
            claimed_by=self.token, status__in=[Status.SENDING, Status.HANDED]
        ).update(claimed_at=timezone.now())
        self.renewed = time.monotonic()


def claim(worker_id: str, limit: int = BATCH_SIZE, now: datetime | None = None) -> list:
    """Claim up to `limit` due messages for this worker; returns the claimed rows."""
    now = now or timezone.now()
    token = f"{worker_id[:48]}:{secrets.token_hex(6)}"
    if connection.vendor == "postgresql":
        _claim_in_one_statement(token, limit, now)
    else:
        # SQLite: the IMMEDIATE transaction serialises claims. A SQLite file has no connection
        # that a network can cut; a process that dies mid-claim has its lock released by the OS.
        with transaction.atomic():
            candidates = OutgoingMessage.objects.filter(_claimable(now))
            pks = list(candidates.order_by("send_after", "pk").values_list("pk", flat=True)[:limit])
            if not pks:
                return []
            # Conditional: a row someone else claimed meanwhile no longer matches.
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


def _claim_in_one_statement(token: str, limit: int, now: datetime) -> None:
    """PostgreSQL: pick (`FOR UPDATE SKIP LOCKED`, so concurrent workers take disjoint rows) and
    claim in one autocommitted statement. No transaction stays open between two round trips:
    when the connection is cut while the statement runs (a network partition, a crashed worker
    machine), the server either claims the rows for a token nobody holds, which the lease
    returns to the queue, or claims nothing. A claim that took two statements in a transaction
    left the server holding the batch's row locks after such a cut, until its TCP keepalive
    noticed (two hours by default): every other worker skipped those messages meanwhile."""
    table = connection.ops.quote_name(OutgoingMessage._meta.db_table)
    sql = f"""
        UPDATE {table} SET status = %s, claimed_by = %s, claimed_at = %s, attempts = attempts + 1
        WHERE id IN (
            SELECT id FROM {table}
            WHERE (status = %s AND send_after <= %s) OR (status = %s AND claimed_at < %s)
            ORDER BY send_after, id
            LIMIT {int(limit)} FOR UPDATE SKIP LOCKED
        )"""
    params = [Status.SENDING.value, token, now, Status.PENDING.value, now]
    params += [Status.SENDING.value, now - _lease()]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _finish(message: OutgoingMessage, *, from_status: str = Status.SENDING, **fields) -> bool:
    """Record the outcome, only if our claim still holds; autocommits at once."""
    return bool(
        OutgoingMessage.objects.filter(
            pk=message.pk, claimed_by=message.claimed_by, status=from_status
        ).update(**fields)
    )


def _conditional_update(message: OutgoingMessage, sets: dict, from_statuses: list[str]) -> bool:
    """One prepared conditional UPDATE, autocommitted at once, without building an ORM query
    for every message (these run twice per message sent)."""
    ops = connection.ops
    table = ops.quote_name(OutgoingMessage._meta.db_table)
    assignments = ", ".join(f"{ops.quote_name(column)} = %s" for column in sets)
    marks = ", ".join(["%s"] * len(from_statuses))
    sql = (
        f"UPDATE {table} SET {assignments}"
        f" WHERE id = %s AND claimed_by = %s AND status IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*sets.values(), message.pk, message.claimed_by, *from_statuses])
        return cursor.rowcount == 1


def _mark_handed(message: OutgoingMessage) -> None:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    handed = {"status": Status.HANDED.value, "claimed_at": now}
    if not _conditional_update(message, handed, [Status.SENDING.value]):
        raise ClaimLost(message.idempotency_key)


def _mark_sent(message: OutgoingMessage, *, subject: str, message_id: str) -> bool:
    sent = {
        "status": Status.SENT.value,
        "sent_at": connection.ops.adapt_datetimefield_value(timezone.now()),
        "subject": subject,
        "message_id": message_id,
    }
    # UNCERTAIN too: a reconcile may have run while this worker waited for the database.
    return _conditional_update(message, sent, [Status.HANDED.value, Status.UNCERTAIN.value])


def _record(write, *args, **kwargs):
    """Run `write` until the database takes it: this worker knows what the mail server said, and
    that knowledge must not be lost to a database outage. Gives up after
    `NOTIFICATIONS_RECORD_SECONDS` (the row is then reconciled as UNCERTAIN)."""
    deadline = time.monotonic() + settings.NOTIFICATIONS_RECORD_SECONDS
    delay = 0.2
    while True:
        try:
            return write(*args, **kwargs)
        except DATABASE_DOWN:
            if time.monotonic() > deadline or connection.in_atomic_block:
                raise
            logger.warning("The database is unreachable; retrying in %.1f s", delay)
            connection.close()
            time.sleep(delay)
            delay = min(delay * 2, 5)


def deliver_batch(worker_id: str, limit: int = BATCH_SIZE) -> int:
    """Claim and send one batch. Returns how many rows were handled (0: nothing was due)."""
    batch = claim(worker_id, limit)
    if not batch:
        return 0
    with lookups.batch(batch):
        return _send_batch(batch)


def _open_connection():
    smtp = get_connection(timeout=settings.EMAIL_TIMEOUT)
    if type(smtp) is SMTPBackend:
        # The same settings, with the hook that marks a message HANDED before its end.
        smtp = get_connection(
            "peercoach.notifications.smtp.HandingEmailBackend", timeout=settings.EMAIL_TIMEOUT
        )
    smtp.open()
    return smtp


def _hand_over(smtp, message: OutgoingMessage, built) -> None:
    """Send one message, marking it HANDED just before the server can accept it."""
    if hasattr(smtp, "before_terminator"):
        smtp.before_terminator = lambda: _mark_handed(message)
        smtp.send_messages([built])
    else:  # console, file and test backends: no protocol, mark right before
        _mark_handed(message)
        smtp.send_messages([built])


def _send_batch(batch: list) -> int:
    smtp = None
    lease = _Lease(batch[0].claimed_by)
    try:
        for position, message in enumerate(batch):
            lease.renew()
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
                    smtp = _open_connection()
                _hand_over(smtp, message, built)
            except ClaimLost:
                # Not handed over (the server discarded the unfinished message). The rest of the
                # batch stays claimed; its lease, no longer renewed, runs out and another run
                # takes it.
                smtp = None
                raise
            except DatabaseError:
                # Cut off while marking it HANDED, before the terminator: the server discarded
                # it, even if the mark reached the database. Said once the database is back,
                # or a reconcile would take it for perhaps sent and never send it.
                smtp = None
                _record(_not_handed, message)
                _record(_release, batch[position + 1 :])
                raise
            except Exception as error:  # noqa: BLE001 - any transport error is retried later
                logger.warning("Sending %s failed: %s", message.idempotency_key, error)
                _record(_after_transport_error, message, error)
                _record(_release, batch[position + 1 :])
                raise TransportDown(str(error)) from error
            message_id = built.extra_headers.get("Message-ID", "")
            _record(_mark_sent, message, subject=str(built.subject)[:300], message_id=message_id)
    finally:
        if smtp is not None:
            smtp.close()
    return len(batch)


def _after_transport_error(message: OutgoingMessage, error: Exception) -> None:
    """Decide what a failed send means: retry later, or UNCERTAIN when it may have arrived."""
    handed = OutgoingMessage.objects.filter(
        pk=message.pk, claimed_by=message.claimed_by, status=Status.HANDED
    ).exists()
    if handed and not isinstance(error, smtplib.SMTPResponseException):
        # The end was sent but no answer came: the server may have accepted it.
        _finish(
            message,
            from_status=Status.HANDED,
            status=Status.UNCERTAIN,
            last_error=str(error)[:2000],
        )
        return
    _retry_later(message, error, from_status=Status.HANDED if handed else Status.SENDING)


def _retry_later(
    message: OutgoingMessage, error: Exception, from_status: str = Status.SENDING
) -> None:
    if message.attempts >= MAX_ATTEMPTS:
        _finish(
            message, from_status=from_status, status=Status.FAILED, last_error=str(error)[:2000]
        )
        return
    backoff = timedelta(minutes=2**message.attempts)
    _finish(
        message,
        from_status=from_status,
        status=Status.PENDING,
        claimed_by="",
        send_after=timezone.now() + backoff,
        last_error=str(error)[:2000],
    )


def _not_handed(message: OutgoingMessage) -> None:
    ours = OutgoingMessage.objects.filter(pk=message.pk, claimed_by=message.claimed_by)
    ours.filter(status__in=[Status.SENDING, Status.HANDED, Status.UNCERTAIN]).update(
        status=Status.PENDING, claimed_by="", last_error="", attempts=F("attempts") - 1
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
    reconcile(started)
    while True:
        try:
            count = deliver_batch(worker_id, batch_size)
        except (TransportDown, ClaimLost):
            return handled
        handled += count
        if count == 0:
            return handled
        if max_seconds is not None and (timezone.now() - started).total_seconds() > max_seconds:
            return handled


def due_count(now: datetime | None = None) -> int:
    return OutgoingMessage.objects.filter(_claimable(now or timezone.now())).count()
