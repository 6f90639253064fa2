"""The history's bulk writes: ``citymgmt.writes.insert_rows`` (one prepared INSERT on
SQLite, COPY on PostgreSQL), with the columns the caller does not name filled with their
fields' defaults — so a field added to a model with a default (as the app grows) needs no
change here."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models

from ..citymgmt.writes import insert_rows


def insert(model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert ``rows`` (values in the order of ``columns``); every other column but the
    primary key gets its field's default."""
    named = set(columns)
    others = [
        f
        for f in model._meta.concrete_fields
        if f.attname not in named and not f.primary_key and (f.has_default() or not f.null)
    ]
    if others:
        defaults = tuple(f.get_default() for f in others)
        columns = (*columns, *(f.attname for f in others))
        rows = [(*row, *defaults) for row in rows]
    insert_rows(model, columns, rows)
