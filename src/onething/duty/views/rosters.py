"""The rosters' pages: the list (a leader's town's, a supervisor's towns'), the planner — a
month's grid, a row a day and a column a leader, each box a night; saved as a draft with
the warnings of the rule of two stays a week — and a roster's page: its grid with each
night's state (kept, missed, planned), its warnings and, for a draft, publishing it
(confirmed: a published roster no longer changes)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.models import Role
from onething.web.display import Mark, local
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages

from ..rules.nights import NIGHT_STATE_LABELS
from ..rules.rosters import DRAFT, ROSTER_STATUS_LABELS, month_of, next_month, parse_month
from ..selectors import rosters as selectors
from ..services.rosters import roster_plan, roster_publish
from .common import duty_actor
from .forms import PublishForm, RosterFilter


def _status(roster) -> Mark:
    return Mark(ROSTER_STATUS_LABELS[roster.status], roster.status)


@login_required
@domain_errors_as_pages
def rosters_page(request):
    actor = duty_actor(request)
    columns = [
        Column(
            _("Month"), lambda r: f"{r.month:%Y-%m}", lambda r: reverse("duty-roster", args=[r.pk])
        ),
        Column(_("Town or street"), lambda r: r.town.name),
        Column(_("Status"), _status),
        Column(_("Nights planned"), lambda r: r.night_count, count=True),
        Column(_("Published"), lambda r: local(r.published_at)),
    ]
    extra = {}
    if actor.role == Role.LEADER:
        extra = {"new_url": reverse("duty-roster-plan"), "new_label": _("Plan a roster")}
    return list_page(
        request,
        title=_("Duty rosters"),
        form_class=RosterFilter,
        rows=lambda f: selectors.rosters_list(
            actor, month=f.get("month", ""), status=f.get("status", "")
        ),
        columns=columns,
        export_name="duty-rosters",
        extra=extra,
    )


def _grid_context(roster_town_id: int, month: dt.date, nights) -> dict:
    grid = selectors.roster_grid(roster_town_id, month, nights)
    # a row a day: each leader's cell of that day
    days = []
    previous_week = None
    for i, day in enumerate(grid["days"]):
        cells = []
        for row in grid["rows"]:
            cell = row.cells[i]
            cells.append(
                {
                    **cell,
                    "leader": row.leader,
                    "name": f"n-{row.leader.pk}-{day['day']:%Y-%m-%d}",
                    "label": NIGHT_STATE_LABELS.get(cell["state"], ""),
                }
            )
        days.append({**day, "cells": cells, "week_start": day["week"] != previous_week})
        previous_week = day["week"]
    return {"grid_days": days, "grid_rows": grid["rows"]}


def _posted_nights(request) -> list[dict]:
    """The nights ticked on the grid (``n-<leader>-<YYYY-MM-DD>``); the service judges them."""
    nights = []
    for key in request.POST:
        if not key.startswith("n-"):
            continue
        _n, leader, day = key.split("-", 2)
        try:
            nights.append({"leader": int(leader), "date": dt.date.fromisoformat(day)})
        except ValueError:
            continue
    return nights


@login_required
@domain_errors_as_pages
def roster_plan_page(request):
    """Plan (or change) the town's draft roster of ``?month=YYYY-MM`` (default: next month)."""
    actor = duty_actor(request)
    if actor.role != Role.LEADER:
        return redirect("duty-rosters")
    today = clock.today()
    raw = request.GET.get("month") or request.POST.get("month") or ""
    month = parse_month(raw) if raw else next_month(month_of(today))
    problems: list[FieldProblem] = []
    if month is None:
        problems.append(FieldProblem("month", "format", _("Give the month as YYYY-MM.")))
        month = next_month(month_of(today))
    roster = selectors.roster_of_month(actor, month)
    if roster is not None and roster.status != DRAFT:
        messages.info(request, _("The roster of %(m)s is published.") % {"m": f"{month:%Y-%m}"})
        return redirect("duty-roster", roster.pk)
    nights = list(roster.nights.all()) if roster else []
    notes = roster.notes if roster else ""
    status = 200
    if request.method == "POST" and not problems:
        posted = _posted_nights(request)
        notes = request.POST.get("notes", "")
        try:
            planned = roster_plan(actor=actor, month=month, nights=posted, notes=notes)
        except ValidationFailed as error:
            problems = error.problems
            status = 422
        except Conflict as error:
            messages.error(request, error.message)
            return redirect("duty-rosters")
        else:
            if planned.warnings:
                messages.warning(
                    request,
                    _("The roster is saved as a draft, with warnings: see below."),
                )
            else:
                messages.success(request, _("The roster is saved as a draft."))
            return redirect("duty-roster", planned.roster.pk)
    elif problems:
        status = 422
    return render(
        request,
        "duty/plan.html",
        {
            "title": _("Plan the duty roster of %(m)s") % {"m": f"{month:%Y-%m}"},
            "month": month,
            "notes": notes,
            "problems": problems,
            "roster": roster,
            "warnings": selectors.roster_warnings(roster) if roster else [],
            **_grid_context(actor.region_id, month, nights),
        },
        status=status,
    )


@login_required
@domain_errors_as_pages
def roster_page(request, roster_id: int, form: PublishForm | None = None, status: int = 200):
    actor = duty_actor(request)
    roster = selectors.roster_get(actor, roster_id)
    nights = list(roster.nights.all())
    may_publish = actor.role == Role.LEADER and roster.status == DRAFT
    return render(
        request,
        "duty/roster.html",
        {
            "title": _("Duty roster of %(town)s, %(m)s")
            % {"town": roster.town.name, "m": f"{roster.month:%Y-%m}"},
            "roster": roster,
            "status_mark": _status(roster),
            "warnings": selectors.roster_warnings(roster),
            "may_publish": may_publish,
            "may_plan": may_publish and roster.month >= month_of(clock.today()),
            "publish_form": form or PublishForm(),
            **_grid_context(roster.town_id, roster.month, nights),
        },
        status=status,
    )


@login_required
@domain_errors_as_pages
def roster_publish_page(request, roster_id: int):
    if request.method != "POST":
        return redirect("duty-roster", roster_id)
    actor = duty_actor(request)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return roster_page(request, roster_id, form=form, status=422)
    try:
        roster_publish(actor=actor, roster_id=roster_id)
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The roster is published."))
    return redirect("duty-roster", roster_id)
