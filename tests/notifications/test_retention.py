"""The daily sweep: old email details, finished task rows and import uploads go."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from peercoach.notifications import actions, outbox, retention, tasks
from peercoach.notifications.models import OutgoingMessage, Status
from peercoach.participants.models import ImportUpload
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_clears_what_old_sent_emails_said_but_keeps_their_keys(org, smtp):
    program = factories.make_program(org)
    people = [factories.make_person(org, with_user=False) for _ in range(2)]
    for person in people:
        actions.queue_program_invitation(person, program)
    outbox.deliver_all("test")
    old, recent = OutgoingMessage.objects.order_by("pk")
    OutgoingMessage.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=31))

    assert retention.sweep()["outbox_scrubbed"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.subject, old.to_email, old.context, old.message_id) == ("", "", {}, "")
    assert old.status == Status.SENT and recent.subject != ""
    # The key is still there: queueing the same invitation again sends nothing.
    assert actions.queue_program_invitation(people[0], program) is False

    OutgoingMessage.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=366))
    assert retention.sweep()["outbox_removed"] == 1
    assert list(OutgoingMessage.objects.all()) == [recent]


def test_it_removes_finished_task_rows_and_old_uploads(org, settings):
    settings.RETENTION_TASKS_DAYS = 7
    tasks.deliver_outbox.enqueue()
    tasks.deliver_outbox.enqueue()
    old_done, fresh = DBTaskResult.objects.all()[:2]
    DBTaskResult.objects.filter(pk=old_done.pk).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=8)
    )
    lead = factories.make_person(org, "Lead")
    done = ImportUpload.objects.create(
        organisation=org, uploaded_by=lead, filename="a.csv", data=b"", status="done"
    )
    ImportUpload.objects.filter(pk=done.pk).update(created_at=timezone.now() - timedelta(days=31))
    kept = ImportUpload.objects.create(
        organisation=org, uploaded_by=lead, filename="b.csv", data=b"x"
    )

    removed = retention.sweep()
    assert removed["tasks_removed"] == 1 and removed["uploads_removed"] == 1
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert list(ImportUpload.objects.all()) == [kept]
