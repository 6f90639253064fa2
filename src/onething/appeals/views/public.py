"""The public board (no sign-in): the published answers to enterprise messages and 微幸福
items, searchable, with names, identity and phone numbers masked."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from onething.core.errors import DomainError
from onething.core.uploads import open_stored
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from .. import rules, selectors
from ..forms import BoardFilter
from ..models import Appeal
from ..selectors.board import board_entry as make_entry
from .display import local, rating_label, status_class


def entry_link(appeal: Appeal) -> str:
    return reverse("appeal-board-entry", args=[appeal.number])


BOARD_COLUMNS = [
    Column(gettext_lazy("Appeal number"), lambda a: a.number, entry_link),
    Column(gettext_lazy("Subject"), lambda a: rules.mask_text(a.title)),
    Column(gettext_lazy("Type"), lambda a: a.get_type_display()),
    Column(gettext_lazy("Programme"), lambda a: a.programme.name if a.programme_id else ""),
    Column(gettext_lazy("Region"), lambda a: a.region.name),
    Column(gettext_lazy("Department"), lambda a: a.department.name if a.department_id else ""),
    Column(gettext_lazy("Status"), lambda a: str(rules.STATUS_LABELS[a.status])),
    Column(gettext_lazy("Received on"), lambda a: local(a.received_at)),
]


def _entries(appeals: list[Appeal]) -> None:
    """Each appeal on the page as the public sees it (masked), for the cards."""
    for appeal in appeals:
        appeal.entry = make_entry(appeal)
        appeal.status_class = status_class(appeal.status)


@domain_errors_as_pages
def board(request):
    programmes = [(p.code, p.name) for p in selectors.programmes_list(page_actor(request))]
    return list_page(
        request,
        title=gettext_lazy("Appeals board"),
        form_class=lambda data: BoardFilter(data, programmes=programmes),
        rows=lambda f: selectors.board_list(
            q=(f.get("q") or "").strip(),
            programme=f.get("programme") or "",
            type=f.get("type") or "",
        ),
        columns=BOARD_COLUMNS,
        export_name="appeal-board",
        template="appeals/board.html",
        # the cards need each entry (one query for its replies); an export only the columns
        prepare=None if request.GET.get("export") else _entries,
    )


@domain_errors_as_pages
def board_entry(request, number: str):
    entry = selectors.board_get(number)
    return render(
        request,
        "appeals/board_entry.html",
        {
            "title": entry.title,
            "entry": entry,
            "status_class": status_class(entry.status),
            "received": local(entry.received_at),
            "replies": [{**r, "at": local(r["at"])} for r in entry.replies],
            "rating_label": rating_label(entry.rating),
        },
    )


def board_photo(request, number: str, photo_id: int):
    """A photo of a published appeal, for everyone."""
    try:
        photo = selectors.board_photo(number, photo_id)
        stream = open_stored(photo.file)
    except DomainError as exc:
        raise Http404(exc.message) from None
    response = FileResponse(stream, content_type=photo.content_type)
    response["Cache-Control"] = "public, max-age=3600"
    return response
