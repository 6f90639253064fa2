"""Union finance's pages (subsidy pool, settlement, reconciliation, figures) and the
honoree's own rides."""
