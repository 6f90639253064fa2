"""The swipe ledger is append-only in the database itself, as the audit log is, by core's
mechanism (onething.core.dbtriggers): triggers refuse every UPDATE, DELETE (and, on
PostgreSQL, TRUNCATE) of cards_ledgerentry, whoever connects. A correction is a new row.

Installed by migration 0002 and re-ensured after every ``migrate``/``flush`` (post_migrate,
connected in CardsConfig.ready). Only the test suite removes them, right before its own
flush (tests/conftest.py)."""

from onething.core.dbtriggers import AppendOnly

LEDGER = AppendOnly(
    "cards_ledgerentry", refusal="cards_ledgerentry is append-only: write a correction instead"
)
