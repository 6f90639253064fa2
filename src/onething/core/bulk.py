"""Writing generated rows fast, for every app's generator: PostgreSQL through COPY FROM
STDIN (psycopg 3's ``cursor.copy()``), SQLite through bulk inserts in chunks. Row ids are
reserved first (from the table's own sequence on PostgreSQL), so that related rows can
name their parents without reading them back; for a large load, the tables' foreign keys
and plain indexes are dropped and rebuilt once (``checks_deferred``). Bypasses ``save()``:
the caller rebuilds its roll-ups afterwards."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connection, models


def reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """``n`` fresh primary keys for ``model`` (in the caller's transaction)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, n],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + n))


def write_rows(model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert ``rows`` (values in the order of ``columns``, attribute names) into
    ``model``'s table. Bypasses ``save()``: the caller rebuilds the roll-ups afterwards."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy(model, columns, rows)
    else:
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model.objects.bulk_create(objects, batch_size=2000)


def _copy(model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> None:
    meta = model._meta
    quote = connection.ops.quote_name
    by_attname = {f.attname: f for f in meta.concrete_fields}
    names = ", ".join(quote(by_attname[c].column) for c in columns)
    sql = f"COPY {quote(meta.db_table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


@contextmanager
def checks_deferred(models_: Sequence[type[models.Model]]) -> Iterator[list[str]]:
    """On PostgreSQL, for a large load into the tables of ``models_``: drop their foreign
    keys and their plain indexes (those backing no constraint), then after the load add the
    foreign keys back (each validated by one query over the table instead of a trigger per
    row) and build the indexes (once, instead of row by row) — all in the caller's
    transaction, so an error rolls the drop back too. The usual recipe for a bulk load; the
    tables are locked meanwhile. Yields the names of what was deferred."""
    if connection.vendor != "postgresql" or not models_:
        yield []
        return
    tables = [m._meta.db_table for m in models_]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [tables],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = ANY(%s::regclass[]) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
            [tables],
        )
        indexes = cursor.fetchall()
        # a key is dropped from both ends, and no table may have checks pending then
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield [name for _t, name, _d in keys] + [name for name, _d in indexes]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no table altered has checks pending
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def settle(tables: Sequence[str]) -> None:
    """After a large load, on PostgreSQL: ``VACUUM (ANALYZE)`` each table, outside any
    transaction. ANALYZE gives the planner the new sizes; the vacuum sets the visibility map,
    without which no index-only scan (a capped count, a page's keys) can skip the heap —
    the state autovacuum would reach hours later on a live server."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
