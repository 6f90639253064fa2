"""One list component for every page that shows records: filter (a Django form bound to the
query string), paginate, and export the filtered rows as CSV or .xlsx. ``list_page`` shows
numbered pages; ``cursor_list_page`` a big list read by cursor (keyset: the next page starts
after the last row's ordering values, through the list's index, however deep), a table on a
desktop and cards on a phone (web/cards.js)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from onething.core.errors import ValidationFailed
from onething.core.exports import EXPORT_FORMATS, export_response
from onething.core.forms import problems_on
from onething.core.numbers import number
from onething.core.pagination import count_label, page_of, page_window

CURSOR_PER_PAGE = 20  # the rows of a page of a list read by cursor


@dataclass(frozen=True)
class Column:
    """One column of a list. The export carries ``value`` as it is (a number stays a number
    in .xlsx); the page shows an exact Decimal (money in yuan) as ``1,234.50`` and, with
    ``count``, a whole number as ``12,345`` (onething.core.numbers)."""

    label: str
    value: Callable[[Any], Any]
    link: Callable[[Any], str] | None = None
    count: bool = False

    def shown(self, obj: Any) -> Any:
        value = self.value(obj)
        if isinstance(value, Decimal) or (self.count and isinstance(value, int)):
            return number(value)
        return value


def list_page(
    request: HttpRequest,
    *,
    title: str,
    form_class: type[forms.Form],
    rows: Callable[[dict[str, Any]], QuerySet],
    columns: list[Column],
    export_name: str,
    template: str = "web/list.html",
    per_page: int = 20,
    extra: dict[str, Any] | None = None,
    prepare: Callable[[list[Any]], None] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render (or export) a filtered list. ``rows`` gets the form's cleaned data and
    returns the queryset from a selector (already scoped to the user). Invalid filters
    show their errors above an empty list, with status 422. ``prepare`` is given each batch
    of rows before they are shown (to load, in one query, what the columns need). ``status``
    is the answer's code when the filters are valid (a page that also holds a refused form
    answers 422 with the list below it)."""
    form = form_class(request.GET or None)
    queryset, valid = _filtered(request, form, rows)
    if valid and request.GET.get("export"):
        return _exported(request, export_name, columns, queryset, prepare)
    try:
        page = page_of(queryset if queryset is not None else [], per_page, request.GET.get("page"))
    except ValidationFailed as error:  # a page number out of range or not a number
        problems_on(form, error)
        valid = False
        page = page_of([], per_page, None)
    items = list(page.object_list)
    if prepare is not None:
        prepare(items)
    context = {
        **_shown(request, title, form, columns, items, "page"),
        "page": page,
        **(extra or {}),
    }
    return render(request, template, context, status=status if valid else 422)


def cursor_list_page(
    request: HttpRequest,
    *,
    title: str,
    form: forms.Form,
    rows: Callable[[dict[str, Any]], QuerySet],
    columns: list[Column],
    export_name: str,
    template: str = "web/cursor_list.html",
    per_page: int | None = None,
    prepare: Callable[[list[Any]], None] | None = None,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render (or export) a filtered list a page at a time: the first page, then each next
    one after the last row (``?cursor=``). ``form`` is the filter (bound to the query
    string, or not: no filter); ``rows`` gets its cleaned data and returns the selector's
    list (already scoped, ordered by its keyset). A filter, a cursor or an export format the
    list refuses is shown above it with status 422; ``prepare`` and ``status`` are as for
    :func:`list_page`. The page shows a count of the filter's rows and the links to the
    next and the first page (``template`` extends web/cursor_list.html)."""
    listed, valid = _filtered(request, form, rows)
    if valid and request.GET.get("export"):
        return _exported(request, export_name, columns, listed, prepare)
    cursor = request.GET.get("cursor") or None
    items: list[Any] = []
    count, next_cursor = "0", None
    if valid:
        try:
            window = page_window(listed, 1, cursor, per_page or CURSOR_PER_PAGE)
        except ValidationFailed as error:  # a cursor this list did not give out
            problems_on(form, error)
            valid = False
        else:
            items, next_cursor = window.items, window.next_cursor
            count = count_label(window.count, window.capped)
    if prepare is not None:
        prepare(items)
    context = {
        **_shown(request, title, form, columns, items, "cursor"),
        "count": count,
        "next_cursor": next_cursor,
        "continued": bool(cursor),
        **(extra or {}),
    }
    return render(request, template, context, status=status if valid else 422)


def _filtered(
    request: HttpRequest, form: forms.Form, rows: Callable[[dict[str, Any]], QuerySet]
) -> tuple[QuerySet | None, bool]:
    """The rows of the filter, and whether the filter (and the export format asked for)
    is valid; the problems of one that is not are put on the form (None: no rows)."""
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    queryset = None
    if valid:
        try:
            queryset = rows(data)
        except ValidationFailed as error:  # a filter value the selector refuses
            problems_on(form, error)
            valid = False
    fmt = request.GET.get("export")
    if fmt and fmt not in EXPORT_FORMATS:  # a format we do not write: 422 naming it
        choices = ", ".join(EXPORT_FORMATS)
        problems_on(
            form,
            ValidationFailed.one("export", "choice", _("Choose one of: %(c)s.") % {"c": choices}),
        )
        valid, queryset = False, None
    return queryset, valid


def _exported(request, export_name: str, columns: list[Column], queryset, prepare):
    return export_response(
        request.GET["export"],
        export_name,
        [str(c.label) for c in columns],
        ([c.value(obj) for c in columns] for obj in _batches(queryset, prepare)),
    )


def _shown(request, title, form, columns: list[Column], items: list[Any], paging: str) -> dict:
    """What every list page shows: its rows as the columns show them, and the query string
    of its filter (without ``paging``, the page's own parameter, and the export)."""
    query = request.GET.copy()
    for name in (paging, "export"):
        query.pop(name, None)
    return {
        "title": title,
        "form": form,
        "columns": columns,
        "rows": [[(c.shown(o), c.link(o) if c.link else None) for c in columns] for o in items],
        "query": query.urlencode(),
    }


def _batches(queryset: QuerySet, prepare: Callable[[list[Any]], None] | None, size: int = 1000):
    batch: list[Any] = []
    for obj in queryset.iterator(chunk_size=size):
        batch.append(obj)
        if len(batch) == size:
            if prepare is not None:
                prepare(batch)
            yield from batch
            batch = []
    if prepare is not None and batch:
        prepare(batch)
    yield from batch
