"""Reconciliation (对账) of a statement with the operator's own export.

The operator uploads its list of the month's swipes as CSV (UTF-8 with or without a BOM,
or GBK / GB18030) or as an .xlsx workbook. A header row (among the first ten rows; a title
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

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, require_role
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create
from onething.core.xlsx import open_workbook, sheet_lines

from ..models import Reconciliation, Settlement
from ..rules.settlement import reconcile
from ..selectors.settlement import statement_swipes, swipe_key

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 500_000
MAX_PART = 96 * 2**20  # a sheet of 500,000 swipes unpacks to about 80 MB
MAX_PROBLEMS = 100
HEADER_SEARCH = 10
NAME_MAX = 120


def _normal(header: Any) -> str:
    text = re.sub(r"\s+", "", str(header or "")).lower()
    return text.replace("（", "(").replace("）", ")")


COLUMNS = {  # normalised header → column
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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _csv_lines(data: bytes) -> Iterable[tuple[int, list[Any]]]:
    if b"\x00" in data:
        raise _file_problem("format", _("The file is not a CSV text file nor an .xlsx workbook."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _file_problem("encoding", _("The CSV file is neither UTF-8 nor GBK (GB18030) text."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for line in reader:
            yield reader.line_num, line
    except csv.Error as error:
        raise _file_problem(
            "format", _("The CSV file cannot be read: %(e)s.") % {"e": error}
        ) from None


def _xlsx_lines(data: bytes) -> Iterable[tuple[int, list[Any]]]:
    book = open_workbook(data, max_bytes=MAX_BYTES, max_part=MAX_PART, invalid_rule="format")
    try:
        if not book.worksheets:
            raise _file_problem("empty", _("The workbook has no sheet."))
        lines = sheet_lines(
            book.worksheets[0], max_rows=MAX_ROWS + HEADER_SEARCH, invalid_rule="format"
        )
        for n, line in lines:
            yield n, list(line)
    finally:
        book.close()


def _lines(name: str, data: bytes) -> Iterable[tuple[int, list[Any]]]:
    lower = name.lower()
    if lower.endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        return _xlsx_lines(data)
    if lower.endswith((".csv", ".txt")) or "." not in lower:
        return _csv_lines(data)
    raise _file_problem("format", _("Upload the operator's export as CSV (.csv) or Excel (.xlsx)."))


def _header(lines) -> tuple[dict[str, int], dict[str, str]]:
    """{column: index} and {column: the header as written} of the header row."""
    for _n, line in lines:
        found: dict[str, int] = {}
        written: dict[str, str] = {}
        for i, cell in enumerate(line):
            column = COLUMNS.get(_normal(cell))
            if column and column not in found:
                found[column], written[column] = i, _text(cell)
        if "swipe_id" in found:
            return found, written
        if _n >= HEADER_SEARCH:
            break
    raise _file_problem(
        "missing_column",
        _("No header row names the swipe column (刷卡流水号 or swipe_id)."),
    )


def _fen(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _text(value)
    return int(text) if re.fullmatch(r"[+-]?\d+", text) else None


def _yuan(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        amount = Decimal(_text(value) if not isinstance(value, float) else repr(value))
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return None
    fen = amount * 100
    return int(fen) if fen == fen.to_integral_value() else None


def read_export(name: str, data: bytes) -> Export:
    """The operator's swipes and amounts in fen, or ValidationFailed."""
    if not data:
        raise _file_problem("required", _("The file is empty."))
    if len(data) > MAX_BYTES:
        raise _file_problem(
            "too_large", _("The file is larger than %(n)s MB.") % {"n": MAX_BYTES // 2**20}
        )
    lines = iter(_lines(name, data))
    where, written = _header(lines)
    amount = "amount_fen" if "amount_fen" in where else "amount_yuan"
    if amount not in where:
        raise _file_problem(
            "missing_column",
            _(
                "The header row lacks the amount column "
                "(金额（分）/amount_fen or 金额（元）/amount_yuan)."
            ),
        )
    convert = _fen if amount == "amount_fen" else _yuan
    gate_at = where.get("gate")
    amounts: dict[str, int] = {}
    problems: list[FieldProblem] = []
    rows = 0

    def cell(line: list[Any], i: int | None) -> Any:
        return line[i] if i is not None and i < len(line) else None

    for n, line in lines:
        if all(_text(v) == "" for v in line):
            continue
        rows += 1
        if rows > MAX_ROWS:
            raise _file_problem("too_many_rows", _("At most %(n)s rows.") % {"n": MAX_ROWS})
        swipe = _text(cell(line, where["swipe_id"]))
        gate = _text(cell(line, gate_at))
        fen = convert(cell(line, where[amount]))
        if not swipe:
            problems.append(
                FieldProblem(f"rows.{n}.swipe_id", "required", _("The swipe id is missing."))
            )
        elif gate_at is None and ":" not in swipe:
            problems.append(
                FieldProblem(
                    f"rows.{n}.swipe_id",
                    "format",
                    _(
                        "Without a gate column (闸机编号/gate) write the swipe as "
                        "<gate code>:<swipe id>."
                    ),
                )
            )
        elif gate_at is not None and not gate:
            problems.append(
                FieldProblem(f"rows.{n}.gate", "required", _("The gate code is missing."))
            )
        if fen is None or fen < 0:
            message = (
                _("%(h)s must be a whole number of fen, not negative.")
                if amount == "amount_fen"
                else _("%(h)s must be an amount in yuan with at most two decimals, not negative.")
            )
            problems.append(
                FieldProblem(
                    f"rows.{n}.{amount}",
                    "integer" if amount == "amount_fen" else "decimal",
                    message % {"h": written[amount]},
                )
            )
        if problems:
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        key = swipe_key(gate, swipe) if gate_at is not None else swipe
        amounts[key] = amounts.get(key, 0) + fen
    if problems:
        raise ValidationFailed(problems[:MAX_PROBLEMS])
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
