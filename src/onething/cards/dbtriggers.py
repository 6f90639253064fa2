"""The swipe ledger is append-only in the database itself, as the audit log is (see
onething.core.dbtriggers): triggers refuse every UPDATE, DELETE (and, on PostgreSQL,
TRUNCATE) of cards_ledgerentry, whoever connects. A correction is a new row.

Installed by migration 0002 and re-ensured after every ``migrate``/``flush`` (post_migrate,
connected in CardsConfig.ready). Only the test suite removes them, right before its own
flush (tests/conftest.py)."""

TABLE = "cards_ledgerentry"

PG_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{TABLE} is append-only: write a correction instead';
    END;
    $$ LANGUAGE plpgsql""",
    f"CREATE OR REPLACE TRIGGER {TABLE}_no_update BEFORE UPDATE OR DELETE "
    f"ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()",
    f"CREATE OR REPLACE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE "
    f"ON {TABLE} FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only()",
]
PG_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
]
SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: write a correction instead'); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: write a correction instead'); END",
]
SQLITE_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
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
    if TABLE not in connection.introspection.table_names():
        return
    if connection.vendor == "postgresql":
        _run(connection, PG_UNINSTALL)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_UNINSTALL)


def ensure_after_migrate(sender, using="default", **kwargs) -> None:
    from django.db import connections

    connection = connections[using]
    if TABLE in connection.introspection.table_names():
        install(connection)
