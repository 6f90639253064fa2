"""The statements of a gate event's hot path, written out once (docs/performance.md has
why: the ORM's query building costs more than the database's work for these one-row
statements). Built from the models' metadata, so renamed columns follow; values go
through the fields' own conversions.

- ``plate_now``: one SELECT of what an entry needs to know — the groups the plate's
  approved, valid registrations are for, and whether it has an open stay.
- ``open_stay``: the plate's open stay (an exit's).
- ``event_insert``: the event, once per (gate, event id) (``ON CONFLICT DO NOTHING``).
- ``entry_once`` / ``exit_once`` (PostgreSQL): the event, its stay (opened / closed), the
  occupancy and the roll-up in ONE statement (data-modifying CTEs), atomic on its own."""

from __future__ import annotations

import functools
from typing import Any

from django.db import connection
from django.db.models import Field, Model

from ...models import ParkingEvent, ParkingStay, ParkingUse, PlateRegistration, SharedParking
from ...rules.parking import APPROVED

USE_KEYS = ("parking", "day", "window", "group")
USE_MEASURES = ("entries", "minutes", "overstays", "fees_fen", "unmatched_exits")


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model: type[Model]) -> str:
    return _q(model._meta.db_table)


def _col(model: type[Model], name: str) -> str:
    return _q(model._meta.get_field(name).column)


@functools.cache
def _fields(model: type[Model]) -> dict[str, Field]:
    return {f.attname: f for f in model._meta.concrete_fields}


def _params(model: type[Model], values: dict[str, Any]) -> list[Any]:
    fields = _fields(model)
    return [fields[k].get_db_prep_save(v, connection) for k, v in values.items()]


def _columns(model: type[Model], names) -> str:
    fields = _fields(model)
    return ", ".join(_q(fields[n].column) for n in names)


def _fetchone(sql: str, params: list[Any]) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _fetchall(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _convert(model: type[Model], name: str, value: Any) -> Any:
    field = model._meta.get_field(name)
    col = field.get_col(model._meta.db_table)
    for converter in connection.ops.get_db_converters(col) + field.get_db_converters(connection):
        value = converter(value, col, connection)
    return value


# ---------------------------------------------------------------------- reads


@functools.cache
def _plate_now_sql(vendor: str) -> str:
    r, s = PlateRegistration, ParkingStay
    return (
        f"SELECT {_col(r, 'group')} FROM {_table(r)} WHERE {_col(r, 'parking')} = %s "
        f"AND {_col(r, 'plate')} = %s AND {_col(r, 'status')} = %s "
        f"AND ({_col(r, 'valid_until')} IS NULL OR {_col(r, 'valid_until')} >= %s) "
        f"UNION ALL SELECT '*open' FROM {_table(s)} WHERE {_col(s, 'parking')} = %s "
        f"AND {_col(s, 'plate')} = %s AND {_col(s, 'exited_at')} IS NULL"
    )


def plate_now(parking_id: int, plate: str, day) -> tuple[frozenset[str], bool]:
    """(the groups of the plate's approved registrations valid on ``day``, whether the
    plate has an open stay) in one statement."""
    day_param = _fields(PlateRegistration)["valid_until"].get_db_prep_save(day, connection)
    rows = _fetchall(
        _plate_now_sql(connection.vendor),
        [parking_id, plate, APPROVED, day_param, parking_id, plate],
    )
    found = {r[0] for r in rows}
    return frozenset(found - {"*open"}), "*open" in found


STAY_READ = ("id", "entered_at", "window_id", "group", "allowed_until", "overstayed")


@functools.cache
def _open_stay_sql(vendor: str) -> str:
    s = ParkingStay
    return (
        f"SELECT {_columns(s, STAY_READ)} FROM {_table(s)} WHERE {_col(s, 'parking')} = %s "
        f"AND {_col(s, 'plate')} = %s AND {_col(s, 'exited_at')} IS NULL"
    )


def open_stay(parking_id: int, plate: str) -> dict[str, Any] | None:
    """The plate's open stay (``STAY_READ``), read without a lock, or None."""
    row = _fetchone(_open_stay_sql(connection.vendor), [parking_id, plate])
    if row is None:
        return None
    names = ("id", "entered_at", "window", "group", "allowed_until", "overstayed")
    values = [_convert(ParkingStay, n, v) for n, v in zip(names, row, strict=True)]
    return dict(zip(STAY_READ, values, strict=True))


# ---------------------------------------------------------------------- writes


def _insert_head(model: type[Model], names: tuple[str, ...]) -> str:
    return f"INSERT INTO {_table(model)} ({_columns(model, names)})"


@functools.cache
def _event_sql(vendor: str, names: tuple[str, ...]) -> str:
    e = ParkingEvent
    values = ", ".join(["%s"] * len(names))
    return (
        f"{_insert_head(e, names)} VALUES ({values}) "
        f"ON CONFLICT ({_col(e, 'gate')}, {_col(e, 'event_id')}) DO NOTHING "
        f"RETURNING {_col(e, 'id')}"
    )


def event_insert(values: dict[str, Any]) -> int | None:
    """INSERT the event (attnames → values) unless (gate, event id) is stored: its id, or
    None (stored already: a retry)."""
    row = _fetchone(_event_sql(connection.vendor, tuple(values)), _params(ParkingEvent, values))
    return row[0] if row else None


def _use_sql(source: str) -> str:
    """Add one row of counts (every measure, in ``USE_MEASURES``' order) to the roll-up
    ``FROM source`` (if ``source`` has a row)."""
    u = ParkingUse
    keys = [_col(u, k) for k in USE_KEYS]
    cols = [_col(u, m) for m in USE_MEASURES]
    values = ", ".join(["%s"] * (len(keys) + len(cols)))
    sets = ", ".join(f"{c} = {_table(u)}.{c} + excluded.{c}" for c in cols)
    return (
        f"INSERT INTO {_table(u)} ({', '.join(keys + cols)}) SELECT {values} FROM {source} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}"
    )


@functools.cache
def _entry_sql(event_names: tuple[str, ...], stay_names: tuple[str, ...], counted: bool) -> str:
    s, p = ParkingStay, SharedParking
    occupied = _col(p, "occupied")
    stay_values = ", ".join(["%s"] * len(stay_names))
    parts = [
        f"e AS ({_event_sql('postgresql', event_names)})",
        f"s AS ({_insert_head(s, (*stay_names, 'entry_id'))} SELECT {stay_values}, e.id FROM e "
        f"ON CONFLICT ({_col(s, 'parking')}, {_col(s, 'plate')}) "
        f"WHERE {_col(s, 'exited_at')} IS NULL DO NOTHING RETURNING {_col(s, 'id')})",
        f"o AS (UPDATE {_table(p)} SET {occupied} = {occupied} + 1 "
        f"WHERE {_col(p, 'id')} = %s AND EXISTS (SELECT 1 FROM s))",
    ]
    if counted:
        parts.append(f"u AS ({_use_sql('s')})")
    return f"WITH {', '.join(parts)} SELECT e.id, s.id FROM e LEFT JOIN s ON true"


def entry_once(
    event: dict[str, Any], stay: dict[str, Any], use_key: tuple | None
) -> tuple[int | None, int | None]:
    """PostgreSQL: the entry event, the stay it opens, the occupancy + 1 and the entry
    counted under ``use_key`` (parking, day, window, group; None: counted by the caller)
    in one statement. (event id, stay id): (None, None) for an event stored already;
    (id, None) when the plate had an open stay after all (the caller closes it)."""
    sql = _entry_sql(tuple(event), tuple(stay), use_key is not None)
    params = [
        *_params(ParkingEvent, event),
        *_params(ParkingStay, stay),
        stay["parking_id"],
    ]
    if use_key is not None:
        params += [*_use_key_params(use_key), *_measures(entries=1)]
    row = _fetchone(sql, params)
    return (row[0], row[1]) if row else (None, None)


def _measures(**values: int) -> list[int]:
    return [values.get(m, 0) for m in USE_MEASURES]


def _use_key_params(key: tuple) -> list[Any]:
    parking_id, day, window_id, group = key
    day = _fields(ParkingUse)["day"].get_db_prep_save(day, connection)
    return [parking_id, day, window_id, group]


@functools.cache
def _exit_sql(event_names: tuple[str, ...], counted: bool) -> str:
    s, p = ParkingStay, SharedParking
    occupied = _col(p, "occupied")
    parts = [
        f"e AS ({_event_sql('postgresql', event_names)})",
        f"s AS (UPDATE {_table(s)} SET {_col(s, 'exited_at')} = %s, {_col(s, 'exit')} = e.id, "
        f"{_col(s, 'fee_fen')} = %s FROM e WHERE {_table(s)}.{_col(s, 'id')} = %s "
        f"AND {_table(s)}.{_col(s, 'exited_at')} IS NULL RETURNING {_table(s)}.{_col(s, 'id')})",
        f"o AS (UPDATE {_table(p)} SET {occupied} = {occupied} - 1 "
        f"WHERE {_col(p, 'id')} = %s AND {occupied} > 0 AND EXISTS (SELECT 1 FROM s))",
    ]
    if counted:
        parts.append(f"u AS ({_use_sql('s')})")
    return f"WITH {', '.join(parts)} SELECT e.id, s.id FROM e LEFT JOIN s ON true"


def exit_once(
    event: dict[str, Any],
    *,
    stay_id: int,
    exited_at,
    fee_fen: int,
    minutes: int,
    use_key: tuple | None,
) -> tuple[int | None, int | None]:
    """PostgreSQL: the exit event, its stay closed (``fee_fen``), the occupancy − 1 and
    the minutes and fee counted under ``use_key`` (None: by the caller) in one statement.
    (event id, stay id): (None, None) for an event stored already; (id, None) when the
    stay was closed meanwhile (the caller counts the exit as one with no open stay)."""
    sql = _exit_sql(tuple(event), use_key is not None)
    exited = _fields(ParkingStay)["exited_at"].get_db_prep_save(exited_at, connection)
    params = [*_params(ParkingEvent, event), exited, fee_fen, stay_id, event["parking_id"]]
    if use_key is not None:
        params += [*_use_key_params(use_key), *_measures(minutes=minutes, fees_fen=fee_fen)]
    row = _fetchone(sql, params)
    return (row[0], row[1]) if row else (None, None)
