"""The public pages of the streets: the register (filters, cursor pages, export, cards on a
phone), a street's page — its projects with the items done as chips and the before and
after photos side by side, its monthly scores as a line chart with the published weights
explained, its history on the red and black lists, and the link to score it — and the
renovation programmes with their totals counted from the projects (bars by district)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.numbers import yuan
from onething.core.uploads import photo_response
from onething.web.display import Mark
from onething.web.listing import Column, cursor_list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ...models import PhotoPhase, Street
from ...rules.projects import item_labels, over_budget
from ...rules.ranking import BLACK, LIST_LABELS, RED
from ...selectors import streets as selectors
from .common import (
    budget_mark,
    district_choices,
    milestone_mark,
    street_office_choices,
    url_or_blank,
)
from .forms import StreetFilter

# the monthly score's published weights (percent), as the scoring closes a month
WEIGHT_LABELS = {
    "residents": gettext_lazy("Residents' scores"),
    "inspections": gettext_lazy("Inspectors' checks"),
    "complaints": gettext_lazy("12345 complaints"),
}
PUBLISHED_WEIGHTS = {"residents": 50, "inspections": 30, "complaints": 20}


def street_link(street: Street) -> str:
    return reverse("city-street", args=[street.code])


def _score(street: Street):
    month = getattr(street, "latest_month", None)
    return None if month is None else Decimal(month.score_centi).scaleb(-2)


COLUMNS = [
    Column(pgettext_lazy("street", "Street or lane"), lambda s: s.name, street_link),
    Column(gettext_lazy("District"), lambda s: s.district.name),
    Column(gettext_lazy("Street office"), lambda s: s.street_office.name),
    Column(pgettext_lazy("street", "Category"), lambda s: s.get_category_display()),
    Column(gettext_lazy("Length (m)"), lambda s: s.length_m, count=True),
    Column(gettext_lazy("Managing department"), lambda s: s.department.name),
    Column(gettext_lazy("Latest monthly score"), _score),
]


def _with_scores(streets: list[Street]) -> None:
    latest = selectors.latest_scores([s.pk for s in streets])
    for street in streets:
        street.latest_month = latest.get(street.pk)


@domain_errors_as_pages
def streets_page(request):
    actor = page_actor(request)
    district = request.GET.get("district") or ""
    form = StreetFilter(
        request.GET or None,
        districts=district_choices,
        offices=lambda: street_office_choices(district),
    )

    def rows(data):
        return selectors.streets_list(
            actor,
            district=data.get("district") or "",
            street_office=data.get("street_office") or "",
            category=data.get("category") or "",
            q=data.get("q") or "",
        )

    return cursor_list_page(
        request,
        title=_("Streets and lanes"),
        form=form,
        rows=rows,
        columns=COLUMNS,
        export_name="city-streets",
        prepare=_with_scores,
        extra={
            "programmes_url": reverse("city-programmes"),
            "intro": _(
                "The back streets and lanes of the city's register, their renovation and "
                "the residents' monthly scores."
            ),
        },
        template="citymgmt/streets/list.html",
    )


# ---------------------------------------------------------------- a street's page


def _photos_side_by_side(project) -> list[dict]:
    """The project's photos in pairs: the n-th before photo beside the n-th after one."""
    by_phase = defaultdict(list)
    for photo in project.photos.all():
        by_phase[photo.phase].append(photo)
    before, after = by_phase[PhotoPhase.BEFORE], by_phase[PhotoPhase.AFTER]
    pairs = []
    for n in range(max(len(before), len(after))):
        pairs.append(
            [
                ("before", _photo(project, before[n]) if n < len(before) else None),
                ("after", _photo(project, after[n]) if n < len(after) else None),
            ]
        )
    return pairs


def _photo(project, photo) -> dict:
    return {
        "url": reverse("city-project-photo", args=[project.number, photo.pk]),
        "caption": photo.caption,
        "name": photo.name,
    }


def _project(project) -> dict:
    return {
        "number": project.number,
        "title": project.title,
        "milestone": milestone_mark(project.milestone),
        "items": item_labels(project.items),
        "budget": yuan(project.budget_fen),
        "spent": yuan(project.spent_fen),
        "over_budget": over_budget(project.budget_fen, project.spent_fen),
        "budget_mark": budget_mark(project),
        "programme": project.programme,
        "department": project.department.name,
        "approved_on": project.approved_on,
        "started_on": project.started_on,
        "completed_on": project.completed_on,
        "pairs": _photos_side_by_side(project),
    }


def weights_text(months) -> list[dict]:
    """The published weights (the latest month's, as the scoring used them), in words."""
    weights = dict(PUBLISHED_WEIGHTS)
    if months and isinstance(months[-1].weights, dict):
        used = {k: v for k, v in months[-1].weights.items() if k in WEIGHT_LABELS}
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in used.values())
        if used and numbers:
            weights = used
    return [
        {"label": str(WEIGHT_LABELS[k]), "percent": weights[k]}
        for k in WEIGHT_LABELS
        if k in weights
    ]


def chart_data(months) -> dict:
    """The line chart's data: a month's label and its combined score (out of 100)."""
    return {
        "labels": [f"{m.month:%Y-%m}" for m in months],
        "series": [
            {
                "name": str(_("Monthly score")),
                "data": [float(Decimal(m.score_centi).scaleb(-2)) for m in months],
            }
        ],
        "max": 100,
    }


def _month(month) -> dict:
    return {
        "month": f"{month.month:%Y-%m}",
        "score": Decimal(month.score_centi).scaleb(-2),
        "residents": month.resident_count,
        "resident_mean": None
        if month.resident_centi is None
        else Decimal(month.resident_centi).scaleb(-2),
        "inspections": month.inspection_count,
        "inspection_mark": month.inspection_mark,
        "complaints": month.complaint_count,
    }


def _ranking(entry) -> dict:
    kind = entry.list
    mark = ""
    if kind in (RED, BLACK):
        mark = Mark(LIST_LABELS[kind], "closed" if kind == RED else "overdue")
    return {
        "batch": entry.batch.title,
        "category": entry.category.name,
        "list": mark,
        "rank": entry.rank,
        "score": Decimal(entry.score_centi).scaleb(-2),
        "not_improved": entry.not_improved,
        "url": _ranking_url(entry),
    }


def _ranking_url(entry) -> str:
    return url_or_blank("city-ranking", f"{entry.batch.year}-{entry.batch.sequence}")


@domain_errors_as_pages
def street_page(request, code: str):
    actor = page_actor(request)
    page = selectors.street_page(actor, code)
    street = page.street
    context = {
        "title": street.name,
        "street": street,
        "projects": [_project(p) for p in page.projects],
        "months": [_month(m) for m in page.months],
        "chart": chart_data(page.months),
        "weights": weights_text(page.months),
        "rankings": [_ranking(e) for e in page.rankings],
        "staff": selectors.street_in_reach(actor, street),
    }
    return render(request, "citymgmt/streets/street.html", context)


@domain_errors_as_pages
def project_photo(request, number: str, photo_id: int):
    """A before or after photo of a project (public, as the street's page shows it)."""
    project = selectors.project_public(page_actor(request), number)
    return photo_response(
        project.photos.all(), photo_id, _("The project has no such photo."), public=True
    )


# ---------------------------------------------------------------- the programmes


@domain_errors_as_pages
def programmes_page(request):
    actor = page_actor(request)
    programmes = list(selectors.programmes_list(actor)[:100])
    totals = selectors.programmes_summary([p.pk for p in programmes])
    rows = [
        {
            "programme": p,
            "totals": totals.get(p.pk) or selectors.money_of({}),
            "url": reverse("city-programme", args=[p.code]),
        }
        for p in programmes
    ]
    return render(
        request,
        "citymgmt/streets/programmes.html",
        {"title": _("Renovation programmes"), "rows": rows},
    )


@domain_errors_as_pages
def programme_page(request, code: str):
    actor = page_actor(request)
    programme = selectors.programme_get(actor, code)
    totals = selectors.programme_totals(programme)
    districts = totals["by_district"]
    chart = {
        "labels": [d["name"] for d in districts],
        "series": [
            {"name": str(_("Streets")), "data": [d["streets"] for d in districts]},
            {"name": str(_("Projects")), "data": [d["projects"] for d in districts]},
        ],
    }
    return render(
        request,
        "citymgmt/streets/programme.html",
        {
            "title": programme.name,
            "programme": programme,
            "totals": totals,
            "chart": chart,
            "investment": yuan(totals["investment_fen"]),
            "budget": yuan(totals["budget_fen"]),
            "districts": [
                d | {"budget": yuan(d["budget_fen"]), "investment": yuan(d["investment_fen"])}
                for d in districts
            ],
            "milestones": [
                m
                | {
                    "label": milestone_mark(m["milestone"]),
                    "budget": yuan(m["budget_fen"]),
                    "investment": yuan(m["investment_fen"]),
                }
                for m in totals["by_milestone"]
            ],
        },
    )
