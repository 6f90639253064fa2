"""Core's one mechanism for append-only tables (no database): the SQL it writes for a table,
the same for the audit log and for the cards' swipe ledger."""

from onething.cards.dbtriggers import LEDGER
from onething.core.dbtriggers import AUDIT_LOG, AppendOnly


def test_sqlite_refuses_update_and_delete_with_the_refusal():
    table = AppendOnly("x_rows", refusal="x_rows keeps every row")
    install = table.install_statements("sqlite")
    assert [s.split()[5] for s in install] == ["x_rows_no_update", "x_rows_no_delete"]
    assert "BEFORE UPDATE ON x_rows" in install[0]
    assert "BEFORE DELETE ON x_rows" in install[1]
    assert all("RAISE(ABORT, 'x_rows keeps every row')" in s for s in install)
    assert table.uninstall_statements("sqlite") == [
        "DROP TRIGGER IF EXISTS x_rows_no_update",
        "DROP TRIGGER IF EXISTS x_rows_no_delete",
    ]


def test_postgresql_refuses_update_delete_and_truncate():
    install = AppendOnly("x_rows").install_statements("postgresql")
    assert "FUNCTION x_rows_append_only()" in install[0]
    assert "RAISE EXCEPTION 'x_rows is append-only'" in install[0]
    assert "BEFORE UPDATE OR DELETE ON x_rows FOR EACH ROW" in install[1]
    assert "BEFORE TRUNCATE ON x_rows FOR EACH STATEMENT" in install[2]
    assert AppendOnly("x_rows").uninstall_statements("postgresql") == [
        "DROP TRIGGER IF EXISTS x_rows_no_update ON x_rows",
        "DROP TRIGGER IF EXISTS x_rows_no_truncate ON x_rows",
    ]


def test_other_databases_get_no_triggers():
    assert AppendOnly("x_rows").install_statements("mysql") == []
    assert AppendOnly("x_rows").uninstall_statements("oracle") == []


def test_the_audit_log_and_the_ledger_are_declared_once_each():
    assert AUDIT_LOG.table == "core_auditentry"
    assert AUDIT_LOG.message == "core_auditentry is append-only"
    assert LEDGER.table == "cards_ledgerentry"
    assert LEDGER.message.endswith("is append-only: write a correction instead")
