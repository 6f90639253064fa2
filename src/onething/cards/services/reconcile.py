"""Reconciliation (对账) of a statement with the operator's own export.

The operator uploads its list of the month's swipes as CSV (UTF-8 with or without a BOM,
or GBK / GB18030) or as an .xlsx workbook, read by core's one table reader
(``core/xlsx.py``). A header row (among the first ten rows; a title
line above it is fine) names the columns, in Chinese or English:

- the swipe: ``刷卡流水号`` / ``swipe_id`` — with ``闸机编号`` / ``gate`` beside it, or, without
  a gate column, written ``<gate code>:<swipe id>``;
- the amount: ``金额（分）`` / ``amount_fen`` (whole fen) or ``金额（元）`` / ``amount_yuan``
  (yuan with at most two decimals, converted to fen exactly).

A swipe is named by what the gate sent us: its gate code and the swipe id the gate chose
(a swipe id is unique per gate only), so the key on both sides is ``<gate code>:<swipe id>``.
The same swipe listed twice by the operator is summed (it then differs from ours in
amount). The comparison (rules.settlement.reconcile) lists the swipes only in our
statement, only in theirs, and those whose amounts differ.

A file we cannot read (not CSV or .xlsx, no header, a missing column) answers 422 naming
``file``; bad rows answer 422 naming each ``rows.<row>.<column>`` (the row as numbered in
the file, the header being one of them). Nothing is stored then.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, require_role
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create
from onething.core.xlsx import Table, check_upload, is_csv, open_tables
from onething.core.xlsx_rows import RowProblems, cell_text

from ..models import Reconciliation, Settlement
from ..rules.settlement import reconcile
from ..selectors.settlement import statement_swipes, swipe_key

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 500_000
MAX_PART = 96 * 2**20  # a sheet of 500,000 swipes unpacks to about 80 MB
MAX_PROBLEMS = 100
HEADER_SEARCH = 10
NAME_MAX = 120
COLUMNS = {  # header (compared loosely: no spaces, brackets ASCII or full width) → column
    **dict.fromkeys(("刷卡流水号", "流水号", "交易流水号", "swipe_id", "swipe"), "swipe_id"),
    **dict.fromkeys(("闸机编号", "闸机", "终端编号", "gate", "gate_code"), "gate"),
    **dict.fromkeys(("金额(分)", "amount_fen"), "amount_fen"),
    **dict.fromkeys(("金额(元)", "amount_yuan"), "amount_yuan"),
}


@dataclass(frozen=True)
class Export:
    rows: int  # data rows read
    amounts: dict[str, int]  # {<gate code>:<swipe id>: fen}


def _file_problem(rule: str, message: str) -> ValidationFailed:
    return ValidationFailed.one("file", rule, message)


def _fen(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = cell_text(value)
    return int(text) if re.fullmatch(r"[+-]?\d+", text) else None


def _yuan(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        amount = Decimal(cell_text(value) if not isinstance(value, float) else repr(value))
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return None
    fen = amount * 100
    return int(fen) if fen == fen.to_integral_value() else None


def read_export(name: str, data: bytes) -> Export:
    """The operator's swipes and amounts in fen, or ValidationFailed."""
    check_upload(data, max_bytes=MAX_BYTES)
    with open_tables(
        data,
        csv=is_csv(
            name, data, refusal=_("Upload the operator's export as CSV (.csv) or Excel (.xlsx).")
        ),
        max_bytes=MAX_BYTES,
        max_part=MAX_PART,
        invalid_rule="format",
    ) as tables:
        table = tables.sheet(
            None,
            COLUMNS,
            required={"swipe_id"},
            max_rows=MAX_ROWS,
            search=HEADER_SEARCH,
            missing_message=_("No header row names the swipe column (刷卡流水号 or swipe_id)."),
        )
        return _export(table)


def _export(table: Table) -> Export:
    amount = "amount_fen" if "amount_fen" in table.at else "amount_yuan"
    if amount not in table.at:
        raise _file_problem(
            "missing_column",
            _(
                "The header row lacks the amount column "
                "(金额（分）/amount_fen or 金额（元）/amount_yuan)."
            ),
        )
    convert = _fen if amount == "amount_fen" else _yuan
    has_gate = "gate" in table.at
    amounts: dict[str, int] = {}
    problems = RowProblems(limit=MAX_PROBLEMS)
    rows = 0
    for n, cells in table.rows():
        rows += 1
        swipe = cell_text(cells["swipe_id"])
        gate = cell_text(cells.get("gate"))
        fen = convert(cells[amount])
        if not swipe:
            problems.add(n, "swipe_id", "required", _("The swipe id is missing."))
        elif not has_gate and ":" not in swipe:
            problems.add(
                n,
                "swipe_id",
                "format",
                _(
                    "Without a gate column (闸机编号/gate) write the swipe as "
                    "<gate code>:<swipe id>."
                ),
            )
        elif has_gate and not gate:
            problems.add(n, "gate", "required", _("The gate code is missing."))
        if fen is None or fen < 0:
            message = (
                _("%(h)s must be a whole number of fen, not negative.")
                if amount == "amount_fen"
                else _("%(h)s must be an amount in yuan with at most two decimals, not negative.")
            )
            rule = "integer" if amount == "amount_fen" else "decimal"
            problems.add(n, amount, rule, message % {"h": table.written[amount]})
        if problems:
            if problems.full:
                break
            continue
        key = swipe_key(gate, swipe) if has_gate else swipe
        amounts[key] = amounts.get(key, 0) + fen
    problems.raise_any()
    if not rows:
        raise _file_problem("empty", _("The file has no rows under its header."))
    return Export(rows, amounts)


@transaction.atomic
def reconciliation_upload(
    *,
    actor: Actor,
    settlement_id: int,
    name: str,
    data: bytes,
    idempotency_key: str | None = None,
) -> Reconciliation:
    """Compare a statement with the operator's export (union staff): the swipes only on our
    side, only on theirs, and with a different amount. Any statement status."""
    require_role(actor, Role.UNION_STAFF)
    settlement = get_visible(actor, Settlement.objects.select_related("operator"), pk=settlement_id)
    name = (name or "").strip()[-NAME_MAX:] or "export"
    export = read_export(name, data)
    digest = hashlib.sha256(data).hexdigest()
    reconciliation, _created = idempotent_create(
        actor=actor,
        operation="cards.reconciliation.upload",
        key=idempotency_key,
        payload={"settlement": settlement.pk, "sha256": digest},
        model=Reconciliation,
        create=lambda: _create(actor, settlement, name, digest, export),
    )
    return reconciliation


def _create(
    actor: Actor, settlement: Settlement, name: str, digest: str, export: Export
) -> Reconciliation:
    ours = statement_swipes(actor, settlement.operator, settlement.month)
    found = reconcile(ours, export.amounts)
    reconciliation = Reconciliation.objects.create(
        settlement=settlement,
        file_name=name,
        sha256=digest,
        rows=export.rows,
        only_ours=found.only_ours,
        only_theirs=found.only_theirs,
        amount_differs=found.amount_differs,
        at=clock.now(),
        by_id=actor.user_id,
    )
    audit_record(
        actor=actor,
        action="reconciliation.upload",
        subject=reconciliation,
        after={
            "settlement": settlement.pk,
            "file": name,
            "sha256": digest,
            "rows": export.rows,
            "only_ours": len(found.only_ours),
            "only_theirs": len(found.only_theirs),
            "amount_differs": len(found.amount_differs),
        },
    )
    return reconciliation
