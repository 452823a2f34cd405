"""The outbox sends each message once: unique keys, claims that exclude each other and expire."""

from __future__ import annotations

import string
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from peercoach.notifications import actions, outbox
from peercoach.notifications.models import Kind, OutgoingMessage, Status
from tests import factories


@pytest.fixture
def invited(cast):
    """The cast's five active participants, each invited to the cast's program."""
    program = cast.program
    people = [cast.member, cast.fellow, cast.other_member, cast.other_partner, cast.manager]
    for person in people:
        actions.queue_program_invitation(person, program)
    return people, program


def test_it_queues_a_message_once_per_idempotency_key(invited):
    people, program = invited
    assert actions.queue_program_invitation(people[0], program) is False
    assert OutgoingMessage.objects.count() == 5
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingMessage.objects.create(
            idempotency_key=f"program-invite:{program.pk}:{people[0].pk}",
            kind=Kind.PROGRAM_INVITATION,
            send_after=timezone.now(),
        )


def test_it_gives_concurrent_claims_disjoint_batches(invited):
    first = outbox.claim("worker-a", limit=3)
    second = outbox.claim("worker-b", limit=3)
    third = outbox.claim("worker-c", limit=3)
    assert len(first) == 3 and len(second) == 2 and third == []
    assert not {m.pk for m in first} & {m.pk for m in second}
    assert {m.attempts for m in first + second} == {1}


def test_it_lets_another_worker_retry_an_expired_claim(invited, settings, smtp):
    dead = outbox.claim("worker-that-died", limit=5)
    assert outbox.claim("worker-b") == []
    later = timezone.now() + timedelta(seconds=settings.NOTIFICATIONS_CLAIM_SECONDS + 1)
    retried = outbox.claim("worker-b", now=later)
    assert {m.pk for m in retried} == {m.pk for m in dead}
    assert {m.attempts for m in retried} == {2}
    # The dead worker's claim no longer holds: it cannot record an outcome any more.
    assert outbox._finish(dead[0], status=Status.SENT) is False
    with pytest.raises(outbox.ClaimLost):
        outbox._mark_handed(dead[0])  # so it cannot hand the message to the mail server
    assert outbox._mark_sent(dead[0], subject="Late", message_id="<late@x>") is False
    outbox._mark_handed(retried[0])
    assert outbox._mark_sent(retried[0], subject="On time", message_id="<ok@x>") is True
    row = OutgoingMessage.objects.get(pk=retried[0].pk)
    assert (row.status, row.subject, row.claimed_by) == (
        Status.SENT,
        "On time",
        retried[0].claimed_by,
    )
    assert row.sent_at is not None and abs(row.sent_at - timezone.now()) < timedelta(minutes=1)


def test_it_sends_and_records_each_message_once(invited, smtp):
    people, _program = invited
    assert outbox.deliver_all("worker-a") == 5
    assert outbox.deliver_all("worker-a") == 0
    assert sorted(m["To"] for m in smtp.messages) == sorted(p.email for p in people)
    sent = OutgoingMessage.objects.filter(status=Status.SENT)
    assert sent.count() == 5
    assert all(m.sent_at and m.message_id and m.subject for m in sent)


def test_it_keeps_messages_for_later_when_the_mail_server_is_down(invited, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    outbox.deliver_all("worker-a")
    rows = OutgoingMessage.objects.all()
    assert {m.status for m in rows} == {Status.PENDING}
    failed = [m for m in rows if m.last_error]
    assert len(failed) == 1 and failed[0].send_after > timezone.now()
    assert outbox.due_count() == 4


def test_it_respects_unsubscribes_and_program_settings(invited, smtp):
    people, program = invited
    actions.unsubscribe(people[0], Kind.PROGRAM_INVITATION)
    outbox.deliver_all("worker-a")
    assert len(smtp.messages) == 4
    assert OutgoingMessage.objects.get(person=people[0]).skip_reason == "unsubscribed"

    actions.save_program_kinds(program, enabled=[Kind.SESSION_INVITATION])
    group = factories.make_group(program, people[1:3])
    actions.queue_match_announcement(people[1], group, ["You both speak Dutch."])
    factories.make_session(group, days_from_now=2)
    outbox.deliver_all("worker-a")
    kinds = dict(OutgoingMessage.objects.filter(person=people[1]).values_list("kind", "status"))
    assert kinds[Kind.MATCH_ANNOUNCEMENT] == Status.SKIPPED
    assert kinds[Kind.SESSION_INVITATION] == Status.SENT


def test_it_announces_a_match_with_its_reasons_in_the_recipients_language(cast, smtp):
    mia, finn = cast.member, cast.fellow
    mia.preferred_language = "nl"
    mia.save()
    program = factories.make_program(cast.organisation, name="Leiderschap")
    group = factories.make_group(program, [mia, finn])
    actions.queue_match_announcement(mia, group, ["Jullie spreken allebei Nederlands."])
    outbox.deliver_all("worker-a")
    (message,) = smtp.messages
    assert message["Subject"] == "Maak kennis met je coachingmaatje: Finn Fellow"  # a pair
    text = message.get_body(("plain",)).get_content()
    assert "Finn Fellow" in text and "Jullie spreken allebei Nederlands." in text
    assert "Mia Member" not in text.split("\n", 1)[1]


def test_it_holds_nudges_for_the_digest_and_sends_them_weekly(cast, smtp):
    from peercoach.notifications import scheduling

    mia = cast.member  # English, the organisation's language
    actions.save_preferences(mia, wanted=list(Kind.values), digest=True)
    session = factories.make_session(
        factories.make_group(factories.make_program(cast.organisation), [mia]), days_from_now=-10
    )
    factories.make_action_item(
        session, mia, "Call Jan", due_on=timezone.localdate() - timedelta(days=2)
    )
    scheduling.queue_due_messages()
    outbox.deliver_all("worker-a")
    assert OutgoingMessage.objects.get(kind=Kind.ACTION_OVERDUE).status == Status.HELD
    assert not [m for m in smtp.messages if "due date" in m["Subject"]]

    assert scheduling.digests(timezone.now()) == 0  # not a week yet
    OutgoingMessage.objects.filter(status=Status.HELD).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    assert scheduling.digests(timezone.now()) == 1
    assert scheduling.digests(timezone.now()) == 0
    outbox.deliver_all("worker-a")
    (digest,) = [m for m in smtp.messages if m["Subject"] == "Your peer coaching week"]
    assert "One of your actions is past its due date" in digest.get_body(("plain",)).get_content()


def test_it_keeps_text_and_html_parts_intact_with_boundaries_set_up_front():
    from email import message_from_bytes, policy

    from peercoach.notifications.mime import OutboxEmail

    text = "Hello,\n\n--===============0000000000000000000==\nnot a boundary\n"
    email = OutboxEmail(subject="Hi", body=text, to=["a@example.org"])
    email.attach_alternative("<p>Hello</p>", "text/html")
    raw = email.message().as_bytes(linesep="\r\n")

    parsed = message_from_bytes(raw, policy=policy.default)
    boundary = parsed.get_boundary()
    assert boundary and boundary.startswith("=" * 15)
    assert [part.get_content_type() for part in parsed.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == text
    assert parsed.get_body(("html",)).get_content().strip() == "<p>Hello</p>"


@hypothesis_settings(max_examples=3000, deadline=None)
@given(
    name=st.sampled_from(["Subject", "To", "From", "Message-ID", "List-Unsubscribe"]),
    value=st.text(alphabet=st.characters(max_codepoint=0x17F), max_size=120)
    | st.text(alphabet=string.printable, max_size=90),
)
def test_its_header_policy_writes_exactly_what_compat32_writes(name, value):
    from email.errors import HeaderParseError
    from email.policy import compat32

    from peercoach.notifications.mime import HEADER_POLICY

    def folded(policy):
        try:
            return policy.fold_binary(name, value)
        except HeaderParseError as error:
            return type(error)

    assert folded(HEADER_POLICY) == folded(compat32)


def test_it_writes_a_whole_email_as_compat32_would():
    from email import generator
    from email.policy import compat32
    from io import BytesIO

    from peercoach.notifications.mime import OutboxEmail

    email = OutboxEmail(
        subject="Herinnering: intervisie met Groep Één op dinsdag 3 november 14:00",
        body="Hallo Anouk,\n",
        to=["anouk.de.vries@example.org"],
        headers={"List-Unsubscribe": "<https://peercoach.example/u/" + "x" * 120 + ">"},
    )
    email.attach_alternative("<p>Hallo</p>", "text/html")
    message = email.message()
    with_compat32 = BytesIO()
    generator.BytesGenerator(with_compat32, mangle_from_=False, policy=compat32).flatten(
        message, linesep="\r\n"
    )
    assert message.as_bytes(linesep="\r\n") == with_compat32.getvalue()
