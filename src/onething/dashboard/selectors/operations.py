"""The supervisors' operations page: what is late or nearly late in the region, read through
the other apps' selectors only (cases, appeals, cards) and therefore scoped as they are. Every
figure carries the address of the list behind it, with the filters that give the same rows:
the number on the page is the number of rows in that list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from onething.appeals.selectors import appeals_list, batches_list
from onething.cards.selectors.ledger import pool_status
from onething.cases.selectors.cases import cases_list, rectifications_list
from onething.cases.selectors.figures import deadline_board
from onething.core import clock
from onething.core.errors import PermissionDenied
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.selectors.calendar import schedules_missing

SUPERVISORS = (Role.SUPERVISOR,)
STATES = ("overdue", "warning")
BATCHES_SHOWN = 10


def link(url_name: str, **query: Any) -> str:
    """The address of a list page with its filters in the query string."""
    url = reverse(url_name)
    return f"{url}?{urlencode(query)}" if query else url


@dataclass
class DepartmentRow:
    code: str
    name: str
    overdue: int = 0
    warning: int = 0
    urls: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Block:
    """A section of the page: totals per state with their lists, and rows per department."""

    totals: dict[str, int]
    urls: dict[str, str]
    rows: list[DepartmentRow]

    @property
    def unlinked(self) -> bool:
        """Whether a count of a row has no list to link to."""
        return any(not url for row in self.rows for url in row.urls.values())


# ---------------------------------------------------------------- cases


def case_deadlines(actor: Actor) -> Block:
    """Running cases overdue and in warning, per handling department (the cases app's
    deadline board); each count leads to the supervisor's case list filtered by
    ``department_code`` and ``deadline``."""
    rows = []
    for r in deadline_board(actor):
        if not (r["overdue"] or r["warning"]):
            continue
        code = r["department_code"]
        rows.append(
            DepartmentRow(
                code=code,
                name=r["department"],
                overdue=r["overdue"],
                warning=r["warning"],
                urls={
                    s: link("supervision-cases", department_code=code, deadline=s) for s in STATES
                },
            )
        )
    return Block(
        totals={s: cases_list(actor, deadline=s).count() for s in STATES},
        urls={s: link("supervision-cases", deadline=s) for s in STATES},
        rows=rows,
    )


def rectifications_open(actor: Actor) -> dict[str, Any]:
    """Open rectifications of bad ratings, with the list they come from."""
    return {
        "open": rectifications_list(actor, status="open").count(),
        "url": link("rectifications", status="open"),
    }


# ---------------------------------------------------------------- appeals


def _appeals_url(actor: Actor, state: str, department: str, department_path: str) -> str:
    """An appeal with a department is in the region's list filtered by department; one
    without (received, or returned by a department) waits in the dispatch queue. The
    appeals list filters only by the departments of the supervisor's own region, so a
    department outside it (a city bureau answering a town's appeal) gets no link: its
    appeals are in the region's list of the same state."""
    if not department:
        return link("appeal-dispatch", deadline=state)
    if not department_path.startswith(actor.region_path or ""):
        return ""
    return link("appeal-dispatch", view="all", deadline=state, department=department)


def appeal_deadlines(actor: Actor) -> Block:
    """Open appeals overdue and in warning, per responsible department, as the appeals
    supervision desk counts them (``appeals_list(deadline=…)``)."""
    rows: dict[str, DepartmentRow] = {}
    paths: dict[str, str] = {}
    totals = {}
    for state in STATES:
        appeals = appeals_list(actor, deadline=state).order_by()
        totals[state] = appeals.count()
        counts = appeals.values(
            "department__code", "department__name", "department__region__path"
        ).annotate(n=Count("id"))
        for count in counts:
            code = count["department__code"] or ""
            paths[code] = count["department__region__path"] or ""
            row = rows.setdefault(
                code, DepartmentRow(code=code, name=count["department__name"] or "")
            )
            setattr(row, state, count["n"])
    for row in rows.values():
        row.urls = {s: _appeals_url(actor, s, row.code, paths[row.code]) for s in STATES}
    ordered = sorted(
        rows.values(), key=lambda r: (-r.overdue, -r.warning, r.code == "", r.name, r.code)
    )
    return Block(
        totals=totals,
        urls={s: link("appeal-dispatch", view="all", deadline=s) for s in STATES},
        rows=ordered,
    )


def supervision_batches(actor: Actor, today: dt.date) -> dict[str, Any]:
    """The numbered supervision batches (督办), the newest first: items done, and items still
    open past the batch's own deadline; each leads to its batch page."""
    batches = batches_list(actor)
    shown = []
    for batch in batches[:BATCHES_SHOWN]:
        open_items = batch.total - batch.done
        shown.append(
            {
                "title": batch.title,
                "number": batch.number,
                "deadline": batch.deadline,
                "total": batch.total,
                "done": batch.done,
                "late": open_items if today > batch.deadline else 0,
                "url": reverse("appeal-batch", args=[batch.pk]),
            }
        )
    return {
        "count": batches.count(),
        "url": reverse("appeal-supervision") + "#batches",
        "batches": shown,
    }


# ---------------------------------------------------------------- honour cards


def subsidy_pool(actor: Actor) -> dict[str, Any]:
    """The subsidy pool's available balance and warning threshold, when the cards app lets
    the actor read them; otherwise the reason it does not."""
    try:
        status = pool_status(actor)
    except PermissionDenied:
        return {
            "readable": False,
            "reason": _("The subsidy pool's balance is shown to the trade union's staff only."),
        }
    return {
        "readable": True,
        "name": status["name"],
        "available_yuan": Decimal(status["available_fen"]) / 100,
        "warning_below_yuan": Decimal(status["warning_below_fen"]) / 100,
        "available_fen": status["available_fen"],
        "warning_below_fen": status["warning_below_fen"],
        "warning": status["warning"],
    }


# ---------------------------------------------------------------- the page


def operations_overview(actor: Actor) -> dict[str, Any]:
    """Everything on the operations page, as of today (Asia/Shanghai): a case or appeal is
    overdue when its due date is before today. Supervisors only (403 for other roles)."""
    require_role(actor, *SUPERVISORS)
    today = clock.today()
    return {
        "today": today,
        "cases": case_deadlines(actor),
        "rectifications": rectifications_open(actor),
        "appeals": appeal_deadlines(actor),
        "batches": supervision_batches(actor, today),
        "pool": subsidy_pool(actor),
        "schedules_missing": schedules_missing(today),
    }
