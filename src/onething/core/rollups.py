"""Adding to roll-up tables: the one statement the apps' figures are kept with.

``rollup_add`` adds rows of counts to a roll-up model's rows, creating the missing ones:
``INSERT … ON CONFLICT (key) DO UPDATE SET n = n + excluded.n`` (SQLite and PostgreSQL
alike), so two transactions changing the same row queue on its lock instead of losing a
count. Rows are added in key order, so that two transactions never wait for each other's
rows the other way round. The statement is built from the model's metadata."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from django.db import connection


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def chunks(items: Iterable, size: int = 2000) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def rollup_add(model, keys: Sequence[str], measures: Sequence[str], rows: Iterable[tuple]) -> None:
    """Add ``rows`` (the key values, then the measure values) to ``model``'s rows."""
    meta = model._meta
    table = _quoted(meta.db_table)
    key_cols = [_quoted(meta.get_field(k).column) for k in keys]
    measure_cols = [_quoted(meta.get_field(m).column) for m in measures]
    columns = key_cols + measure_cols
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sets = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in measure_cols)
    for batch in chunks(sorted(rows), 500):
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([one] * len(batch))} "
            f"ON CONFLICT ({', '.join(key_cols)}) DO UPDATE SET {sets}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [v for row in batch for v in row])
