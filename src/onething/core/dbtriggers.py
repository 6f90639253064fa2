"""Append-only tables in the database itself: triggers refuse every UPDATE, DELETE (and, on
PostgreSQL, TRUNCATE) of the table, whoever connects. One mechanism for every such table:
the audit log here (``AUDIT_LOG``), the swipe ledger in cards (``onething.cards.dbtriggers``).

An app declares its table once, ``AppendOnly(table, refusal=...)``. Its migration installs the
triggers (RunPython ``install``/``uninstall``) and its AppConfig.ready connects
``ensure_after_migrate`` to post_migrate, so that a database flushed between tests gets them
back after every ``migrate``/``flush``. Only the test suite removes them, right before its own
flush (tests/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AppendOnly:
    """The triggers that keep ``table`` append-only; ``refusal`` is what the database says."""

    table: str
    refusal: str = ""

    @property
    def message(self) -> str:
        return self.refusal or f"{self.table} is append-only"

    def install_statements(self, vendor: str) -> list[str]:
        """The SQL that installs the triggers on ``vendor`` (pure; none for other vendors)."""
        table, message = self.table, self.message
        if vendor == "postgresql":
            return [
                f"""CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{message}';
    END;
    $$ LANGUAGE plpgsql""",
                f"CREATE OR REPLACE TRIGGER {table}_no_update BEFORE UPDATE OR DELETE "
                f"ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
                f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()",
            ]
        if vendor == "sqlite":
            return [
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{event.lower()} BEFORE {event} "
                f"ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END"
                for event in ("UPDATE", "DELETE")
            ]
        return []

    def uninstall_statements(self, vendor: str) -> list[str]:
        """The SQL that removes the triggers on ``vendor`` (pure)."""
        table = self.table
        if vendor == "postgresql":
            return [
                f"DROP TRIGGER IF EXISTS {table}_no_update ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            ]
        if vendor == "sqlite":
            return [
                f"DROP TRIGGER IF EXISTS {table}_no_update",
                f"DROP TRIGGER IF EXISTS {table}_no_delete",
            ]
        return []

    def install(self, connection) -> None:
        _run(connection, self.install_statements(connection.vendor))

    def uninstall(self, connection) -> None:
        if self.table in connection.introspection.table_names():
            _run(connection, self.uninstall_statements(connection.vendor))

    def ensure_after_migrate(self, sender, using="default", **kwargs) -> None:
        """A post_migrate receiver: the triggers again once the table exists."""
        from django.db import connections

        connection = connections[using]
        if self.table in connection.introspection.table_names():
            self.install(connection)


def _run(connection, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# The audit log (core_auditentry): installed by migration 0002, re-ensured by CoreConfig.ready.
AUDIT_LOG = AppendOnly("core_auditentry")
