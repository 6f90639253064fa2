"""One list component for every page that shows records: filter (a Django form bound to the
query string), paginate, and export the filtered rows as CSV or .xlsx."""

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
from onething.core.pagination import page_of


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
    if valid and fmt in EXPORT_FORMATS:
        return export_response(
            fmt,
            export_name,
            [str(c.label) for c in columns],
            ([c.value(obj) for c in columns] for obj in _batches(queryset, prepare)),
        )
    try:
        page = page_of(queryset if queryset is not None else [], per_page, request.GET.get("page"))
    except ValidationFailed as error:  # a page number out of range or not a number
        problems_on(form, error)
        valid = False
        page = page_of([], per_page, None)
    if prepare is not None:
        prepare(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    context = {
        "title": title,
        "form": form,
        "columns": columns,
        "page": page,
        "rows": [
            [(c.shown(obj), c.link(obj) if c.link else None) for c in columns]
            for obj in page.object_list
        ],
        "query": query.urlencode(),
        **(extra or {}),
    }
    return render(request, template, context, status=status if valid else 422)


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
