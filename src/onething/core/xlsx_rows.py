"""The rows of an uploaded table, as :mod:`.xlsx` reads them: the cell readers every import
shares, and :class:`RowProblems`, the one way an all-or-nothing import collects what is
wrong with its rows.

An import reads and checks every row first, collecting each problem under its row's name
(``rows.7.id_number``; a workbook of several sheets names its sheets' rows its own way,
``row 7.promised_days`` and ``materials row 12.form``), and writes nothing unless there
is none: :meth:`RowProblems.raise_any` raises one ``ValidationFailed`` listing every
problem, by sheet then by row. Pure: no database."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .errors import FieldProblem, ValidationFailed

TRUE = {"true", "yes", "y", "1", "是", "√", "✓"}
FALSE = {"false", "no", "n", "0", "否", "×", "✗"}


def header_key(value: Any) -> str:
    """A header cell compared loosely: no spaces, lower case, full-width brackets as ASCII."""
    text = re.sub(r"\s+", "", str(value if value is not None else "")).lower()
    return text.replace("（", "(").replace("）", ")")


def cell_text(value: Any) -> str:
    """A cell as text, stripped: a whole float without its ``.0`` (a code typed as a number
    comes back as its digits), a date in ISO form; empty for a blank cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def codes(value: Any) -> list[str]:
    """Comma-separated codes (also ， ; ； or line breaks between them)."""
    return [c for c in re.split(r"[,，;；\s]+", cell_text(value)) if c]


def boolean(value: Any, default: bool = True) -> bool | None:
    """TRUE/FALSE, 是/否, yes/no, 1/0; empty is ``default``; None when it is none of these."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = cell_text(value).lower()
    if not word:
        return default
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    return None


def rows_label(n: int) -> str:
    """How a problem names row ``n`` of a one-sheet upload: ``rows.<n>``."""
    return f"rows.{n}"


class RowProblems:
    """Every problem of an upload's rows, each named by its row: ``<label>.<field>``.

    ``labels`` gives each sheet's naming of its rows, in the order the sheets are listed
    (``rows.<n>`` for a one-sheet upload). Problems are listed by sheet, then by row, then
    as found (``by_field``: by field within a row); a problem whose row is not known comes
    last. Past ``limit`` problems, more are not kept (:attr:`full` says so)."""

    def __init__(
        self,
        *labels: Callable[[int], str],
        limit: int | None = None,
        by_field: bool = False,
    ) -> None:
        self.labels = labels or (rows_label,)
        self.limit = limit
        self.by_field = by_field
        self._found: list[tuple[tuple[int, int], FieldProblem]] = []

    def row(self, n: int, sheet: int = 0) -> RowAt:
        """Row ``n`` of sheet ``sheet``, to report its problems by field."""
        return RowAt(self, n, sheet)

    def label(self, n: int, sheet: int = 0) -> str:
        return self.labels[sheet](n)

    def place(self, problem: FieldProblem, n: int | None, sheet: int = 0) -> None:
        """A problem already named by its row (a service's, say), listed at that row."""
        if self.full:
            return
        self._found.append(((sheet, n) if n is not None else (len(self.labels), 0), problem))

    def add(self, n: int, field: str, rule: str, message: str, sheet: int = 0) -> None:
        self.place(FieldProblem(f"{self.label(n, sheet)}.{field}", rule, message), n, sheet)

    def extend(self, n: int, problems: Iterable[FieldProblem], sheet: int = 0) -> None:
        """Problems about row ``n`` named by field only (a service's about one row)."""
        for p in problems:
            self.add(n, p.field, p.rule, p.message, sheet)

    @property
    def full(self) -> bool:
        return self.limit is not None and len(self._found) >= self.limit

    @property
    def problems(self) -> list[FieldProblem]:
        """Every problem, by sheet, then row, then as found (or by field)."""
        if self.by_field:
            found = sorted(self._found, key=lambda f: (f[0], f[1].field))
        else:
            found = sorted(self._found, key=lambda f: f[0])
        return [p for _where, p in found]

    def __len__(self) -> int:
        return len(self._found)

    def __iter__(self) -> Iterator[FieldProblem]:
        return iter(self.problems)

    def raise_any(self) -> None:
        """Raise one ValidationFailed listing every problem, if there is one."""
        if self._found:
            raise ValidationFailed(self.problems)


@dataclass(frozen=True)
class RowAt:
    """One row of :class:`RowProblems`: its problems named ``<its label>.<field>``."""

    problems: RowProblems
    n: int
    sheet: int = 0

    @property
    def label(self) -> str:
        return self.problems.label(self.n, self.sheet)

    def add(self, field: str, rule: str, message: str) -> None:
        self.problems.add(self.n, field, rule, message, self.sheet)

    def boolean(self, field: str, value: Any, default: bool = True) -> bool:
        """The cell as TRUE or FALSE (:func:`boolean`); anything else is a problem
        (``boolean``), read as ``default``."""
        answer = boolean(value, default)
        if answer is None:
            self.add(field, "boolean", _("TRUE or FALSE is expected."))
            return default
        return answer
