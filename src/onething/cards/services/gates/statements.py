"""The statements of a gate's hot path, written out once and sent as they are: the token
behind a gate's request, the card with its honoree (locked when caps are counted), and the
swipe with its ledger row. Each is one round trip; none goes through the ORM's query
building, which cost more than the database's work for these one-row statements
(docs/performance.md, "Gate authorisation over HTTP"). The SQL is built from the models'
metadata, so renamed columns follow, and values go through the fields' own conversions both
ways; what the rows mean is the callers' business (``swipe``, ``caller``)."""

from __future__ import annotations

import functools
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Field, Model

from onething.core.models import ApiToken, User

from ...models import Honoree, HonourCard, LedgerEntry, LedgerTally, RideTally, Swipe
from ..cards import TRANSIT_DIGITS
from ..tallies import ledger_counted, month_of, ride_counted


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _columns(model: type[Model], alias: str, names: tuple[str, ...]) -> str:
    return ", ".join(f"{alias}.{_column(model, name)}" for name in names)


def _loaded(model: type[Model], names: tuple[str, ...], values) -> Model:
    """An instance as the ORM would load it with only these fields (the others deferred)."""
    by_name = {
        model._meta.get_field(name).attname: v for name, v in zip(names, values, strict=True)
    }
    attnames = [f.attname for f in model._meta.concrete_fields if f.attname in by_name]
    return model.from_db(connection.alias, attnames, [by_name[a] for a in attnames])


@functools.cache
def _converters(vendor: str, fields: tuple[tuple[type[Model], str], ...]) -> tuple:
    """Per selected column, the converters the ORM would apply to its value (e.g. SQLite's
    datetimes, stored as text, made aware)."""
    found = []
    for model, name in fields:
        field = model._meta.get_field(name)
        col = field.get_col(model._meta.db_table)
        found.append(
            (col, connection.ops.get_db_converters(col) + field.get_db_converters(connection))
        )
    return tuple(found)


def _converted(row: tuple, fields: tuple[tuple[type[Model], str], ...]) -> list[Any]:
    values = list(row)
    for i, (col, converters) in enumerate(_converters(connection.vendor, fields)):
        for converter in converters:
            values[i] = converter(values[i], col, connection)
    return values


def _fetchone(sql: str, params: list[Any]) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _execute(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# -- the token ------------------------------------------------------------------------------

TOKEN_FIELDS = ("id", "last_used_at", "expires_at")
USER_FIELDS = (
    "id",
    "username",
    "role",
    "person",
    "enterprise",
    "agent",
    "service_center",
    "department",
    "region",
)


@functools.cache
def _token_sql(vendor: str) -> str:
    t, u = "t", "u"
    return (
        f"SELECT {_columns(ApiToken, t, TOKEN_FIELDS)}, {_columns(User, u, USER_FIELDS)} "
        f"FROM {_table(ApiToken)} {t} INNER JOIN {_table(User)} {u} "
        f"ON {u}.{_column(User, 'id')} = {t}.{_column(ApiToken, 'user')} "
        f"WHERE {t}.{_column(ApiToken, 'digest')} = %s "
        f"AND {t}.{_column(ApiToken, 'revoked_at')} IS NULL "
        f"AND {u}.{_column(User, 'is_active')}"
    )


def token_row(digest: str) -> dict[str, Any] | None:
    """The live token with this digest and its active account: ``token_id``,
    ``last_used_at`` and the account's ``USER_FIELDS`` (foreign keys as ``<name>_id``)."""
    row = _fetchone(_token_sql(connection.vendor), [digest])
    if row is None:
        return None
    fields = (*((ApiToken, f) for f in TOKEN_FIELDS), *((User, f) for f in USER_FIELDS))
    user = [f if f in ("id", "username", "role") else f"{f}_id" for f in USER_FIELDS]
    keys = ["token_id", "last_used_at", "expires_at", *user]
    return dict(zip(keys, _converted(row, fields), strict=True))


# -- the card and its honoree ----------------------------------------------------------------

CARD_FIELDS = ("id", "status", "honoree")
HONOREE_FIELDS = ("id", "status", "level")


@functools.cache
def _card_sql(vendor: str, by: str, lock: bool) -> str:
    c, h = "c", "h"
    return (
        f"SELECT {_columns(HonourCard, c, CARD_FIELDS)}, {_columns(Honoree, h, HONOREE_FIELDS)} "
        f"FROM {_table(HonourCard)} {c} INNER JOIN {_table(Honoree)} {h} "
        f"ON {h}.{_column(Honoree, 'id')} = {c}.{_column(HonourCard, 'honoree')} "
        f"WHERE {c}.{_column(HonourCard, by)} = %s" + (f" FOR UPDATE OF {h}" if lock else "")
    )


def card_of(number: str, *, lock: bool) -> HonourCard | None:
    """The card with this transit number (16 digits) or card number (12), with its honoree
    (``card.honoree``), with ``lock`` locked FOR UPDATE where the database can (SQLite
    writes one transaction at a time anyway); None for no such card. Only the fields a
    swipe reads are loaded (the others are deferred)."""
    by = "transit_number" if len(number) == TRANSIT_DIGITS else "number"
    lock = lock and connection.features.has_select_for_update_of
    row = _fetchone(_card_sql(connection.vendor, by, lock), [number])
    if row is None:
        return None
    n = len(CARD_FIELDS)
    row = _converted(
        row, (*((HonourCard, f) for f in CARD_FIELDS), *((Honoree, f) for f in HONOREE_FIELDS))
    )
    card = _loaded(HonourCard, CARD_FIELDS, row[:n])
    card.honoree = _loaded(Honoree, HONOREE_FIELDS, row[n:])
    return card


# -- the swipe and its ledger row -------------------------------------------------------------


@functools.cache
def _attnames(model: type[Model]) -> dict[str, Field]:
    return {f.attname: f for f in model._meta.concrete_fields}


def _params(model: type[Model], values: dict[str, Any], db) -> list[Any]:
    fields = _attnames(model)
    return [fields[name].get_db_prep_save(value, db) for name, value in values.items()]


def _insert(model: type[Model], names: tuple[str, ...]) -> tuple[str, str]:
    """("INSERT INTO table (columns)", "%s, …") for these attnames."""
    fields = _attnames(model)
    columns = ", ".join(connection.ops.quote_name(fields[name].column) for name in names)
    return f"INSERT INTO {_table(model)} ({columns})", ", ".join(["%s"] * len(names))


@functools.cache
def _swipe_sql(vendor: str, names: tuple[str, ...]) -> str:
    head, values = _insert(Swipe, names)
    return (
        f"{head} VALUES ({values}) "
        f"ON CONFLICT ({_column(Swipe, 'gate')}, {_column(Swipe, 'swipe_id')}) DO NOTHING "
        f"RETURNING {_column(Swipe, 'id')}"
    )


def _tally_sql(model: type[Model], keys: tuple[str, ...], measures: tuple[str, ...]) -> str:
    """Add one row of counts to a roll-up, if the swipe was stored (``FROM s``)."""
    table = _table(model)
    key_cols = [_column(model, k) for k in keys]
    measure_cols = [_column(model, m) for m in measures]
    values = ", ".join(["%s"] * (len(keys) + len(measures)))
    sets = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in measure_cols)
    return (
        f"INSERT INTO {table} ({', '.join(key_cols + measure_cols)}) SELECT {values} FROM s "
        f"ON CONFLICT ({', '.join(key_cols)}) DO UPDATE SET {sets}"
    )


@functools.cache
def _ledger_sql(vendor: str, names: tuple[str, ...], after: tuple[str, ...] | None) -> str:
    """The ledger row's INSERT, its swipe last; with ``after`` (the swipe's attnames), one
    statement that inserts the swipe, then the ledger row from its RETURNING and the ride
    and the ledger amount into their roll-ups."""
    head, values = _insert(LedgerEntry, (*names, "swipe_id"))
    if after is None:
        return f"{head} VALUES ({values})"
    pk = _column(Swipe, "id")
    rides = _tally_sql(RideTally, ("month", "venue"), ("rides",))
    booked = _tally_sql(LedgerTally, ("month", "operator", "venue"), ("entries", "amount_fen"))
    return (
        f"WITH s AS ({_swipe_sql(vendor, after)}), "
        f"l AS ({head} SELECT {values.removesuffix(', %s')}, s.{pk} FROM s), "
        f"r AS ({rides}), b AS ({booked}) "
        f"SELECT s.{pk} FROM s"
    )


@functools.cache
def _counted_sql(vendor: str, names: tuple[str, ...]) -> str:
    """The swipe's INSERT and its ride in the roll-up, one statement (no ledger row)."""
    pk = _column(Swipe, "id")
    rides = _tally_sql(RideTally, ("month", "venue"), ("rides",))
    return f"WITH s AS ({_swipe_sql(vendor, names)}), r AS ({rides}) SELECT s.{pk} FROM s"


def _insert_counted(db, names: tuple[str, ...], params: list[Any], swipe: dict) -> int | None:
    """An allowed swipe that writes no ledger row (a priority service, a dining discount at
    the merchant's cost): the swipe and its ride in the roll-up."""
    if db.vendor == "postgresql":
        row = _fetchone(
            _counted_sql(db.vendor, names), [*params, month_of(swipe["at"]), swipe["venue_id"], 1]
        )
        return row[0] if row else None
    with transaction.atomic(savepoint=False):
        row = _fetchone(_swipe_sql(db.vendor, names), params)
        if row is None:
            return None
        ride_counted(swipe["at"], swipe["venue_id"])
        return row[0]


def insert_once(
    swipe: dict[str, Any], ledger: dict[str, Any] | None, *, counted: bool | None = None
) -> int | None:
    """INSERT the swipe (attnames → values) unless (gate, swipe_id) is stored already, and
    then, with ``ledger`` (the ledger row's values but its swipe), its ledger row: the
    swipe's id, or None (stored already: no ledger row either). ``counted``: the swipe is
    a use (allowed) and goes into the rides' roll-up — by default when it has a ledger row;
    an allowed use owing nothing has none. No savepoint: a conflict (a retry racing the
    first) is not an error. On PostgreSQL the rows are one statement (the ledger row is
    inserted from the swipe's ``RETURNING``), elsewhere a few in one transaction: atomic
    either way, inside a transaction or not."""
    db = connections[DEFAULT_DB_ALIAS]
    names, params = tuple(swipe), _params(Swipe, swipe, db)
    if ledger is None:
        if counted:
            return _insert_counted(db, names, params, swipe)
        row = _fetchone(_swipe_sql(db.vendor, names), params)
        return row[0] if row else None
    ledger_names, ledger_params = tuple(ledger), _params(LedgerEntry, ledger, db)
    ride_month = month_of(swipe["at"])
    booked_month = month_of(ledger["booked_on"])
    if db.vendor == "postgresql":
        counts = [
            ride_month,
            ledger["venue_id"],
            1,
            booked_month,
            ledger["operator_id"],
            ledger["venue_id"],
            1,
            ledger["amount_fen"],
        ]
        sql = _ledger_sql(db.vendor, ledger_names, names)
        row = _fetchone(sql, [*params, *ledger_params, *counts])
        return row[0] if row else None
    with transaction.atomic(savepoint=False):
        row = _fetchone(_swipe_sql(db.vendor, names), params)
        if row is None:
            return None
        _execute(_ledger_sql(db.vendor, ledger_names, None), [*ledger_params, row[0]])
        ride_counted(swipe["at"], ledger["venue_id"])
        ledger_counted(
            ledger["booked_on"], ledger["operator_id"], ledger["venue_id"], ledger["amount_fen"]
        )
        return row[0]
