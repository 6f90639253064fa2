"""How the demo writes the rows no service writes one at a time at this scale (a year of
residents' scores, the inspectors' checks, the programme's projects, the city's parking
register): the fast way, with one audit entry for each load (``loaded``).

``insert_rows`` is ``core.bulk.write_rows`` (COPY on PostgreSQL), but on SQLite one
prepared INSERT run by ``executemany`` over values converted once per column kind, instead
of ``bulk_create`` (whose SQL compilation of every value costs ten times the insert:
125,000 scores in 3 s instead of 35 s)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models

from onething.core.bulk import write_rows
from onething.core.permissions import SYSTEM
from onething.core.services.audit import audit_record

CHUNK = 5000
CACHE_KIB = 131_072  # SQLite's page cache while loading (the default is 2 MB)
PLAIN = (models.IntegerField, models.CharField, models.BooleanField, models.ForeignKey)


def _json(field: models.JSONField, db) -> Callable[[Any], Any]:
    """A JSON value as the database takes it, the same dict converted once."""
    memo: dict[tuple, Any] = {}

    def convert(value: Any) -> Any:
        if not isinstance(value, dict):
            return field.get_db_prep_save(value, db)
        key = tuple(value.items())
        if key not in memo:
            memo[key] = field.get_db_prep_save(value, db)
        return memo[key]

    return convert


def _converter(field: models.Field, db) -> Callable[[Any], Any] | None:
    """How a value of ``field`` is written (None: as it is). On PostgreSQL only JSON needs
    converting (COPY takes dates and times as they are)."""
    if isinstance(field, models.JSONField):
        return _json(field, db)
    if db.vendor != "sqlite" or isinstance(field, PLAIN):
        return None
    if isinstance(field, models.DateTimeField):
        return db.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return db.ops.adapt_datefield_value
    return lambda value: field.get_db_prep_save(value, db)


def _converted(rows: list[tuple], converters: list[tuple[int, Callable]]) -> list[list]:
    converted = []
    for row in rows:
        values = list(row)
        for i, convert in converters:
            if values[i] is not None:
                values[i] = convert(values[i])
        converted.append(values)
    return converted


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert ``rows`` (values in the order of ``columns``, attribute names: every column
    that has no database default)."""
    if not rows:
        return
    db = connections[DEFAULT_DB_ALIAS]
    fields = {f.attname: f for f in model._meta.concrete_fields}
    converters = [(i, c) for i, name in enumerate(columns) if (c := _converter(fields[name], db))]
    if db.vendor != "sqlite":
        write_rows(model, columns, _converted(rows, converters))
        return
    quote = db.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(fields[c].column) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with db.cursor() as cursor:
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # this connection's, for the load
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, _converted(rows[start : start + CHUNK], converters))


def loaded(subject: models.Model | tuple[str, str], what: str, counts: dict) -> None:
    """The one audit entry of a bulk load of the demo's history."""
    audit_record(actor=SYSTEM, action=f"citymgmt.demo.{what}", subject=subject, after=counts)
