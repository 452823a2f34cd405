"""Audit entries leave the log only through the daily retention sweep, once old enough."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from peercoach.audit import retention
from peercoach.audit.models import Action, AuditEntry
from peercoach.notifications import retention as daily

pytestmark = pytest.mark.django_db


def entry_of_age(org, days: float) -> AuditEntry:
    return AuditEntry.objects.create(
        organisation=org,
        action=Action.SIGN_IN_FAILED,
        ip="203.0.113.5",
        at=timezone.now() - timedelta(days=days),
    )


def test_the_daily_sweep_deletes_entries_older_than_the_retention(org, settings):
    settings.RETENTION_AUDIT_DAYS = 90
    old, older = entry_of_age(org, 91), entry_of_age(org, 400)
    young = entry_of_age(org, 89)
    counts = daily.sweep()
    assert counts["audit_entries_removed"] == 2
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [young.pk]
    assert not AuditEntry.objects.filter(pk__in=[old.pk, older.pk]).exists()
    assert daily.sweep()["audit_entries_removed"] == 0


def test_the_retention_is_never_shorter_than_the_minimum(org, settings):
    settings.RETENTION_AUDIT_DAYS = 1
    kept = entry_of_age(org, retention.AUDIT_MINIMUM_DAYS - 1)
    gone = entry_of_age(org, retention.AUDIT_MINIMUM_DAYS + 1)
    assert retention.sweep() == 1
    assert AuditEntry.objects.filter(pk=kept.pk).exists()
    assert not AuditEntry.objects.filter(pk=gone.pk).exists()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_database_lets_only_the_sweep_delete_and_only_old_entries(org):
    old, young = entry_of_age(org, 400), entry_of_age(org, 5)

    def refused(sql: str, params: list, cutoff=None) -> None:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            if cutoff is not None:
                cursor.execute(
                    "SELECT set_config('peercoach.audit_sweep_before', %s, true)",
                    [cutoff.isoformat()],
                )
            cursor.execute(sql, params)

    delete = "DELETE FROM audit_auditentry WHERE id = %s"
    refused(delete, [old.pk])  # outside the sweep, even an old entry
    refused(delete, [young.pk], cutoff=timezone.now())  # a cut-off of today: not a young one
    refused(
        "UPDATE audit_auditentry SET detail = 'x' WHERE id = %s", [old.pk], cutoff=timezone.now()
    )
    assert AuditEntry.objects.filter(pk__in=[old.pk, young.pk]).count() == 2
    assert retention.sweep() == 1
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [young.pk]


def test_the_privacy_page_says_how_long_the_log_keeps_entries(client, settings):
    client.cookies["django_language"] = "en"
    settings.RETENTION_AUDIT_DAYS = 180
    text = " ".join(client.get(reverse("privacy:page")).content.decode().split())
    assert "network address each came from" in text
    assert "keeps an entry for 180 days; then it is deleted" in text
    settings.RETENTION_AUDIT_DAYS = 400
    text = " ".join(client.get(reverse("privacy:page")).content.decode().split())
    assert "keeps an entry for 400 days" in text and "180 days" not in text
