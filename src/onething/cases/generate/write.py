"""Writing generated rows fast: PostgreSQL through COPY FROM STDIN (psycopg 3's
``cursor.copy()``), SQLite through bulk inserts in chunks. Row ids are reserved first
(from the table's own sequence on PostgreSQL), so that evaluations can name their cases
without reading them back."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connection, models

from ..models import Case, Evaluation, Rectification

# The columns written, by attribute name; every concrete field of Case is named, so a new
# field fails here loudly instead of silently taking no value.
CASE_COLUMNS = (
    "id",
    "number",
    "item_id",
    "applicant_id",
    "enterprise_id",
    "submitted_by_id",
    "channel",
    "center_id",
    "department_id",
    "status",
    "form_data",
    "form_personal",
    "delivery",
    "delivery_address",
    "submitted_at",
    "accepted_at",
    "due_date",
    "due_provisional",
    "paused_days",
    "paused_since",
    "correction_reason",
    "declined_reason",
    "concluded_at",
    "outcome",
    "outcome_reason",
    "working_days_taken",
    "withdrawn_at",
    "handed_over_at",
    "tracking_number",
)
EVALUATION_COLUMNS = ("id", "case_id", "level", "comment", "rated_by_id", "rated_at")
RECTIFICATION_COLUMNS = (
    "evaluation_id",
    "case_id",
    "department_id",
    "status",
    "opened_at",
    "due_date",
    "due_provisional",
    "result",
    "follow_up_at",
    "follow_up_note",
    "closed_by_id",
    "closed_at",
)


def check_columns() -> None:
    """Every concrete field of the three models is written (or is the automatic id)."""
    for model, columns in (
        (Case, CASE_COLUMNS),
        (Evaluation, EVALUATION_COLUMNS),
        (Rectification, (*RECTIFICATION_COLUMNS, "id")),
    ):
        fields = {f.attname for f in model._meta.concrete_fields}
        if fields != set(columns):
            raise RuntimeError(
                f"{model.__name__}: the generator writes {sorted(columns)}, "
                f"the model has {sorted(fields)}"
            )


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
    names = ", ".join(quote(meta.get_field(c.removesuffix("_id")).column) for c in columns)
    sql = f"COPY {quote(meta.db_table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def empty_form():
    """An empty application form as each writer takes it (COPY: JSON text)."""
    return "{}" if connection.vendor == "postgresql" else {}


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
