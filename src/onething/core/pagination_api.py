"""The API's pagination (django-ninja): page numbers with a capped count and a cursor to go
on past it, over ``core.pagination``'s windows; and the refusal of a parameter a list does
not have."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field
from ninja.pagination import PaginationBase
from pydantic import BaseModel

from .errors import FieldProblem, ValidationFailed
from .pagination import COUNT_CAP, CURSOR_MAX, MAX_PAGE, MAX_PAGE_SIZE, page_window
from .schema import Schema


class CityPagination(PaginationBase):
    """Page numbers with a capped count, and a cursor to go on past it (``next_cursor``)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1")
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE, description="Rows a page")
        cursor: str | None = Field(
            None,
            max_length=CURSOR_MAX,
            description="Continue after a page: the next_cursor it gave (page is then ignored)",
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(..., description=f"How many, counted up to {COUNT_CAP:,}")
        count_capped: bool = Field(..., description=f"More than {COUNT_CAP:,}")
        next_cursor: str | None = Field(
            None, description="Where the next page starts; null on the last page"
        )

    def __init__(self, *, page_size: int = 20, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.page_size = page_size

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        refuse_unknown_parameters(request, [pagination, *params.values()], params)
        size = pagination.page_size or self.page_size
        window = page_window(queryset, pagination.page, pagination.cursor, size)
        return {
            "items": window.items,
            "count": window.count,
            "count_capped": window.capped,
            "next_cursor": window.next_cursor,
        }


def refuse_unknown_parameters(request, schemas: Sequence[Any], names: dict[str, Any]) -> None:
    """A list's query naming a parameter the list does not have (a misspelt filter, a
    filter of another list) is refused, 422 naming each, rather than quietly ignored:
    the list would otherwise answer as if unfiltered. Known are the fields (by their
    public names) of the parsed ``schemas`` and the operation's other parameter ``names``."""
    known = {name for name, value in names.items() if not isinstance(value, BaseModel)}
    for schema in schemas:
        if isinstance(schema, BaseModel):
            known |= {f.alias or n for n, f in type(schema).model_fields.items()}
    unknown = sorted(set(request.GET) - known)
    if unknown:
        raise ValidationFailed(
            [
                FieldProblem(
                    name,
                    "unknown",
                    _("This list has no parameter called %(name)s; its parameters: %(known)s.")
                    % {"name": name[:40], "known": ", ".join(sorted(known))},
                )
                for name in unknown[:10]
            ]
        )
