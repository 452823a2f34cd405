"""On PostgreSQL, the database itself refuses to change or remove audit entries.

Row triggers: TRUNCATE (what an operator, or a test run's flush, uses to empty the table) is
left to whoever holds the database owner's rights.
"""

from django.db import migrations

TABLE = "audit_auditentry"

CREATE = f"""
CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entries_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
"""

DROP = f"""
DROP TRIGGER IF EXISTS audit_entries_append_only ON {TABLE};
DROP FUNCTION IF EXISTS audit_entries_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_entry")]

    operations = [migrations.RunPython(create, drop)]
