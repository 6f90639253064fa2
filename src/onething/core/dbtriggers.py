"""The audit log is append-only in the database itself: triggers refuse every UPDATE,
DELETE (and, on PostgreSQL, TRUNCATE) of core_auditentry, whoever connects.

Installed by migration 0002 and re-ensured after every ``migrate``/``flush`` (post_migrate),
so a test database flushed between tests gets them back. Only the test suite removes them,
right before its own flush."""

PG_INSTALL = [
    """CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'core_auditentry is append-only';
    END;
    $$ LANGUAGE plpgsql""",
    "CREATE OR REPLACE TRIGGER core_auditentry_no_update BEFORE UPDATE OR DELETE "
    "ON core_auditentry FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()",
    "CREATE OR REPLACE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE "
    "ON core_auditentry FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_append_only()",
]
PG_UNINSTALL = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update ON core_auditentry",
    "DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry",
]
SQLITE_INSTALL = [
    "CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update BEFORE UPDATE ON core_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE DELETE ON core_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END",
]
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
]


def _run(connection, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection) -> None:
    if connection.vendor == "postgresql":
        _run(connection, PG_INSTALL)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_INSTALL)


def uninstall(connection) -> None:
    if connection.vendor == "postgresql":
        _run(connection, PG_UNINSTALL)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_UNINSTALL)


def ensure_after_migrate(sender, using="default", **kwargs) -> None:
    from django.db import connections

    connection = connections[using]
    if "core_auditentry" in connection.introspection.table_names():
        install(connection)
