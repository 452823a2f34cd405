"""On PostgreSQL, the append-only trigger lets the retention sweep (audit.retention) delete
entries older than its cut-off: only inside a transaction that set the cut-off, never an entry
younger than 30 days (AUDIT_MINIMUM_DAYS), never an UPDATE."""

from django.db import migrations

TABLE = "audit_auditentry"

ALLOW_SWEEP = """
CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
DECLARE
    before_text text := current_setting('peercoach.audit_sweep_before', true);
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(before_text, '') <> ''
            AND OLD.at < before_text::timestamptz
            AND OLD.at < now() - interval '30 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
"""

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
"""


def allow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_SWEEP)


def refuse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(allow, refuse)]
