"""Paginating lists at a city's scale, one way for the API and the pages.

A count is capped: counting stops past ``COUNT_CAP`` rows ("10,000+"), so a list of
millions never counts them all. Page numbers reach as deep as the cap; past it — and for
speed at any depth — a list continues by **cursor** (keyset): the ordering values of the
last row, opaque to the client, so the next rows are found through the ordering's index
instead of an OFFSET over everything before them. A malformed, out-of-range or too deep
page or cursor is a 422 naming the parameter, never a 500.

The ordering of a list is its queryset's (or its model's) with the primary key added as
the last tie-breaker, so a cursor always points between two rows. The API's pagination
class (django-ninja) is in ``pagination_api``."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from .errors import ValidationFailed
from .numbers import number

COUNT_CAP = 10_000
MAX_PAGE = 1_000_000  # the largest page number the input accepts (deeper: refused by depth)
CURSOR_MAX = 600
MAX_PAGE_SIZE = 200


def capped_count(rows: Any) -> tuple[int, bool]:
    """(count, capped): at most COUNT_CAP, and whether there are more."""
    if isinstance(rows, AnyOf):
        return rows.capped_count()
    if not isinstance(rows, QuerySet):
        n = len(rows)
        return min(n, COUNT_CAP), n > COUNT_CAP
    n = rows.order_by()[: COUNT_CAP + 1].count()
    return min(n, COUNT_CAP), n > COUNT_CAP


def count_label(count: int, capped: bool) -> str:
    return f"{number(count)}+" if capped else number(count)


# --- keyset ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Keyset:
    """A queryset's ordering as (field path, descending) pairs ending with the primary key;
    ``None`` when it cannot be resumed from a row (an expression, an annotation, a reverse
    relation or a nullable field on the way)."""

    fields: tuple[tuple[str, bool], ...]

    @classmethod
    def of(cls, queryset: QuerySet, nullable: bool = False) -> Keyset | None:
        """``nullable``: also through nullable fields — an ordering to sort by, which no
        cursor can resume (``after`` cannot compare with a null)."""
        meta = queryset.model._meta
        ordering = list(queryset.query.order_by or meta.ordering or [])
        pairs: list[tuple[str, bool]] = []
        for item in ordering:
            if not isinstance(item, str) or item.startswith("?"):
                return None
            path, descending = item.lstrip("-"), item.startswith("-")
            if _final_field(queryset.model, path, nullable) is None:
                return None
            pairs.append((meta.pk.name if path == "pk" else path, descending))
        if not pairs or pairs[-1][0] not in (meta.pk.name, meta.pk.attname):
            pairs.append((meta.pk.name, pairs[-1][1] if pairs else False))
        return cls(tuple(pairs))

    def order(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by(*(f"-{n}" if d else n for n, d in self.fields))

    def encode(self, row: Any) -> str:
        values = [_plain(_read(row, path)) for path, _d in self.fields]
        raw = json.dumps(values, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def after(self, queryset: QuerySet, cursor: str, param: str = "cursor") -> QuerySet:
        """The rows after the one ``cursor`` names, in this ordering."""
        values = self._decode(queryset, cursor, param)
        condition = Q()
        for i, (path, descending) in enumerate(self.fields):
            step = Q(**{f"{path}__{'lt' if descending else 'gt'}": values[i]})
            for j, (earlier, _d) in enumerate(self.fields[:i]):
                step &= Q(**{earlier: values[j]})
            condition |= step
        return self.order(queryset).filter(condition)

    def _decode(self, queryset: QuerySet, cursor: str, param: str) -> list[Any]:
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            values = json.loads(base64.urlsafe_b64decode(padded.encode()))
            if not isinstance(values, list) or len(values) != len(self.fields):
                raise ValueError
            return [
                _final_field(queryset.model, path).to_python(value)
                for (path, _d), value in zip(self.fields, values, strict=True)
            ]
        except Exception:
            raise ValidationFailed.one(
                param, "format", _("This cursor is not one this list gave out.")
            ) from None


def _final_field(model: Any, path: str, nullable: bool = False) -> Any:
    """The concrete, non-null (or, with ``nullable``, any) field a path of forward
    relations ends at (else None)."""
    meta = model._meta
    parts = path.split("__")
    for n, part in enumerate(parts):
        try:
            field = meta.pk if part == "pk" else meta.get_field(part)
        except Exception:  # an annotation or an unknown name
            return None
        if not field.concrete or (field.null and not nullable):
            return None
        if n < len(parts) - 1:
            if not field.many_to_one and not field.one_to_one:
                return None
            meta = field.related_model._meta
        elif field.is_relation:
            return field.target_field
    return field


def _read(row: Any, path: str) -> Any:
    value = row
    for part in path.split("__"):
        value = getattr(value, "pk" if part == "pk" else part)
    return value.pk if hasattr(value, "_meta") else value  # a related object: its key


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# --- a list that is the OR of parts ----------------------------------------------------


class AnyOf:
    """A list whose rows are those of any of its parts (a scope such as "my department's
    OR the ones my department replied to"): the queryset filtered by the OR, and the same
    list filtered by each part alone instead.

    One statement with the OR cannot walk an index in the list's order, so the database
    reads and sorts every row the OR matches — millions for a big department. A page is
    therefore read part by part: each part's first rows in the list's order (the primary
    key and the ordering values only, through that part's own index), merged, the page's
    rows then loaded by key. Counting unites the parts' keys, each read up to the cap.
    The parts must together be the queryset (their union, in any overlap)."""

    def __init__(self, queryset: QuerySet, parts: Sequence[QuerySet]) -> None:
        self.queryset = queryset
        self.parts = tuple(parts)
        self.model = queryset.model
        self.keyset = Keyset.of(queryset)  # None: read by page number only
        self.ordering = self.keyset or Keyset.of(queryset, nullable=True)

    def iterator(self, chunk_size: int = 2000):  # the whole list, for an export
        return self.queryset.iterator(chunk_size=chunk_size)

    def capped_count(self) -> tuple[int, bool]:
        keys: set[Any] = set()
        for part in self.parts:
            keys.update(part.order_by().values_list("pk", flat=True)[: COUNT_CAP + 1])
            if len(keys) > COUNT_CAP:
                return COUNT_CAP, True
        return len(keys), False

    def rows(self, start: int, stop: int, cursor: str | None = None) -> list[Any]:
        """Rows ``start`` to ``stop`` of the list (of those after ``cursor`` when given)."""
        if cursor and self.keyset is None:
            raise ValidationFailed.one(
                "cursor", "unsupported", _("This list is read by page number only.")
            )
        if self.ordering is None:  # ordered by an expression: the OR as it stands
            return list(self.queryset[start:stop])
        fields = self.ordering.fields
        paths = [path for path, _descending in fields]
        found: dict[Any, tuple[Any, ...]] = {}
        for part in self.parts:
            rows = self.keyset.after(part, cursor) if cursor else self.ordering.order(part)
            for values in rows.values_list(*paths)[:stop]:
                found[values[-1]] = values
        merged = list(found.values())
        largest = connections[self.queryset.db].features.nulls_order_largest
        for i in reversed(range(len(paths))):  # stable sorts, the last key first; a null
            merged.sort(  # sorts as the database sorts it (PostgreSQL: above every value)
                key=lambda values, i=i: ((values[i] is None) == largest, values[i]),
                reverse=fields[i][1],
            )
        keys = [values[-1] for values in merged[start:stop]]
        loaded = self.queryset.in_bulk(keys)
        return [loaded[key] for key in keys if key in loaded]

    def __getitem__(self, index: slice) -> list[Any]:  # a page, for the paginator
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("a list of parts is read a page (a slice) at a time")
        return self.rows(index.start or 0, index.stop)


# --- the API ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """A page: its rows, the capped count, and where the next page starts."""

    items: list[Any]
    count: int
    capped: bool
    next_cursor: str | None


class Mapped:
    """A queryset seen through ``shape`` one page at a time: counted and paged in the
    database, only the page's rows shaped (for ``@paginate``)."""

    def __init__(self, queryset: QuerySet, shape: Callable[[Any], Any]) -> None:
        self.queryset = queryset
        self.shape = shape


def page_window(
    rows: Any, page: int, cursor: str | None, size: int, *, param: str = "page"
) -> Window:
    """One page of ``rows`` by number (as deep as the capped count) or after a cursor."""
    if isinstance(rows, Mapped):
        window = page_window(rows.queryset, page, cursor, size, param=param)
        return replace(window, items=[rows.shape(o) for o in window.items])
    count, capped = capped_count(rows)
    if isinstance(rows, AnyOf):
        keyset = rows.keyset
        if cursor:
            chunk = rows.rows(0, size + 1, cursor)
        else:
            start = _page_start(page, size, count, capped, param)
            chunk = rows.rows(start, start + size + 1)
        more = len(chunk) > size
        items = chunk[:size]
        next_cursor = keyset.encode(items[-1]) if more and keyset and items else None
        return Window(items, count, capped, next_cursor)
    if not isinstance(rows, QuerySet):
        items = list(rows)
        start = (page - 1) * size
        return Window(items[start : start + size], count, capped, None)
    keyset = Keyset.of(rows)
    ordered = keyset.order(rows) if keyset else rows
    if cursor:
        if keyset is None:
            raise ValidationFailed.one(
                "cursor", "unsupported", _("This list is read by page number only.")
            )
        chunk = list(keyset.after(rows, cursor)[: size + 1])
    else:
        start = _page_start(page, size, count, capped, param)
        chunk = list(ordered[start : start + size + 1])
    more = len(chunk) > size
    items = chunk[:size]
    next_cursor = keyset.encode(items[-1]) if more and keyset and items else None
    return Window(items, count, capped, next_cursor)


def _page_start(page: int, size: int, count: int, capped: bool, param: str) -> int:
    """The first row of page ``page``; a page past the (capped) count is a 422."""
    start = (page - 1) * size
    if start and start >= count:
        if capped:
            raise ValidationFailed.one(
                param,
                "too_deep",
                _(
                    "Pages go as deep as %(n)s records: continue from the last page with "
                    "its next cursor, or narrow the filters."
                )
                % {"n": f"{COUNT_CAP:,}"},
            )
        raise ValidationFailed.one(
            param, "range", _("There are %(n)s pages.") % {"n": f"{-(-count // size):,}"}
        )
    return start


# --- the pages -------------------------------------------------------------------------


class CappedPaginator(Paginator):
    """Django's paginator with the count capped (``count_capped``, ``count_label``) and
    the keyset ordering applied, for the pages' lists."""

    def __init__(self, object_list: Any, per_page: int, **kwargs: Any) -> None:
        if isinstance(object_list, QuerySet):
            keyset = Keyset.of(object_list)
            if keyset is not None:
                object_list = keyset.order(object_list)
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _capped(self) -> tuple[int, bool]:
        return capped_count(self.object_list)

    @cached_property
    def count(self) -> int:
        return self._capped[0]

    @property
    def count_capped(self) -> bool:
        return self._capped[1]

    @property
    def count_label(self) -> str:
        return count_label(*self._capped)


def strict_page(paginator: Paginator, raw: str | None, param: str = "page") -> Page:
    """The page ``raw`` names; a number that is not one, below 1 or past the last page
    answers 422 naming ``param`` (an empty list has its one empty page)."""
    if raw in (None, ""):
        return paginator.page(1)
    text = str(raw).strip()
    if not text.isdigit() or len(text) > 9:
        raise ValidationFailed.one(param, "type", _("The page is a whole number from 1."))
    number = int(text)
    if number < 1 or number > max(paginator.num_pages, 1):
        raise ValidationFailed.one(
            param,
            "range",
            _("There are %(n)s pages.") % {"n": f"{max(paginator.num_pages, 1):,}"},
        )
    return paginator.page(number)


def page_of(rows: Sequence[Any] | QuerySet, per_page: int, raw: str | None, param: str = "page"):
    """A page of a list for a page template (capped count, strict page number)."""
    return strict_page(CappedPaginator(rows, per_page), raw, param)
