"""How each open dataset is built from ``PublicFigures``: one function per dataset, a row
per dict. Rates and shares become percentages (0–100)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .public import PublicFigures, month_within, percent


def _case_rates(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "online_share": percent(row["online_share"], fraction=True),
        "no_visit_share": percent(row["no_visit_share"], fraction=True),
        "on_time_rate": percent(row["on_time_rate"], fraction=True),
        "satisfaction_rate": percent(row["satisfaction_rate"], fraction=True),
    }


def _counts(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: row[k] for k in keys}


CASE_COUNTS = ("cases", "online", "no_visit", "concluded", "on_time")


def cases_by_month(figures: PublicFigures) -> list[dict[str, Any]]:
    return [
        {"month": r["month"], **_counts(r, *CASE_COUNTS), **_case_rates(r)}
        for r in figures.cases_by("month")
    ]


def cases_by_category(figures: PublicFigures) -> list[dict[str, Any]]:
    return [
        {
            "category_code": r["category_code"],
            "category": r["category"],
            **_counts(r, *CASE_COUNTS),
            **_case_rates(r),
        }
        for r in figures.cases_by("category")
    ]


def case_rates(figures: PublicFigures) -> list[dict[str, Any]]:
    t = figures.case_totals()
    if not t["cases"]:
        return []
    return [
        {
            **_counts(t, "cases", "concluded"),
            **_case_rates(t),
            "mean_working_days": t["mean_working_days"],
        }
    ]


def crossregion_by_year(figures: PublicFigures) -> list[dict[str, Any]]:
    projection = figures.projection()
    return [
        {
            **r,
            "projected": projection.projected if r["period"] == str(projection.year) else None,
        }
        for r in figures.crossregion_by("year")
    ]


def crossregion_by_half(figures: PublicFigures) -> list[dict[str, Any]]:
    return list(figures.crossregion_by("half"))


def crossregion_projection(figures: PublicFigures) -> list[dict[str, Any]]:
    p = figures.projection()
    return [
        {
            "year": p.year,
            "as_of": p.as_of.isoformat(),
            "so_far": p.so_far,
            "projected": p.projected,
            "method": p.method,
        }
    ]


def crossregion_alliances(figures: PublicFigures) -> list[dict[str, Any]]:
    return [dict(r) for r in figures.alliances()]


def bundles(figures: PublicFigures) -> list[dict[str, Any]]:
    return [dict(r) for r in figures.bundle_savings()]


def appeals_by_type(figures: PublicFigures) -> list[dict[str, Any]]:
    return [
        {
            "type": r["key"],
            "type_label": r["label"],
            "total": r["total"],
            "closed": r["closed"],
            "completion_rate": percent(r["completion_rate"]),
            "on_time_conclusion_rate": percent(r["on_time_conclusion_rate"]),
            "on_time_rate": percent(r["on_time_rate"]),
            "satisfaction_rate": percent(r["satisfaction_rate"]),
        }
        for r in figures.appeals()["by_type"]
    ]


APPEAL_TYPES = ("demand", "suggestion", "inquiry", "complaint")
PLURAL = {
    "demand": "demands",
    "suggestion": "suggestions",
    "inquiry": "inquiries",
    "complaint": "complaints",
}


def appeals_by_programme(figures: PublicFigures) -> list[dict[str, Any]]:
    """Per programme: received, of which demands, suggestions, inquiries and complaints, closed and
    the rates. Appeals outside any programme are one row, its types what the programmes
    leave of the whole."""
    left = {r["key"]: r["total"] for r in figures.appeals()["by_type"]}
    out = []
    programmes = figures.appeals()["by_programme"]
    for r in sorted(programmes, key=lambda r: r["key"] == ""):
        if r["key"]:
            types = {t["key"]: t["total"] for t in figures.appeals_in(r["key"])["by_type"]}
            for key, n in types.items():
                left[key] = left.get(key, 0) - n
        else:
            types = left
        out.append(
            {
                "programme": r["key"],
                "programme_label": r["label"],
                "total": r["total"],
                **{PLURAL[t]: types.get(t, 0) for t in APPEAL_TYPES},
                "closed": r["closed"],
                "on_time_conclusion_rate": percent(r["on_time_conclusion_rate"]),
                "completion_rate": percent(r["completion_rate"]),
                "on_time_rate": percent(r["on_time_rate"]),
                "satisfaction_rate": percent(r["satisfaction_rate"]),
            }
        )
    return out


def cards_by_venue(figures: PublicFigures) -> list[dict[str, Any]]:
    return [
        {"venue_code": v["code"], "venue": v["name"], "rides": v["swipes"]}
        for v in figures.cards()["by_venue"]
    ]


def cards_by_month(figures: PublicFigures) -> list[dict[str, Any]]:
    return [
        {"month": m["month"], "rides": m["swipes"]}
        for m in figures.cards()["by_month"]
        if month_within(m["month"], figures.flt)
    ]


def catalogue(figures: PublicFigures) -> list[dict[str, Any]]:
    return [
        {
            **r,
            "online_share": round(r["online"] * 100 / r["items"], 2) if r["items"] else None,
        }
        for r in figures.channels()
    ]


def headline(figures: PublicFigures) -> list[dict[str, Any]]:
    """The headline numbers, each from the same sources as the datasets."""
    t = figures.case_totals()
    rates = _case_rates(t)
    years = figures.crossregion_by("year")
    projection = figures.projection()
    saving = figures.saving_overall()
    appeals = figures.appeals()["overall"]
    cards = figures.cards()
    channels = figures.channels()
    items = sum(r["items"] for r in channels)
    rows = [
        ("cases", _("cases submitted"), t["cases"], ""),
        ("online_share", _("applied for online"), rates["online_share"], "%"),
        ("no_visit_share", _("done without a visit"), rates["no_visit_share"], "%"),
        ("on_time_rate", _("concluded on time"), rates["on_time_rate"], "%"),
        ("satisfaction_rate", _("satisfied ratings"), rates["satisfaction_rate"], "%"),
        ("crossregion_cases", _("cross-region cases"), sum(r["cases"] for r in years), ""),
        (
            "crossregion_projected",
            gettext("cross-region cases expected in %(year)s") % {"year": projection.year},
            projection.projected,
            "",
        ),
        ("bundle_runs", _("one-things concluded"), saving["runs"], ""),
        ("bundle_saving_hours", _("hours saved on average"), saving["saving_hours"], "h"),
        ("appeals", _("appeals received"), appeals["total"], ""),
        ("appeal_completion_rate", _("appeals closed"), percent(appeals["completion_rate"]), "%"),
        ("card_holders", _("model workers holding an honour card"), cards["card_holders"], ""),
        ("cards_issued", _("honour cards issued"), cards["cards_issued"], ""),
        ("card_rides", _("honour card rides"), cards["swipes"], ""),
        (
            "catalogue_online_share",
            _("service items available online"),
            round(sum(r["online"] for r in channels) * 100 / items, 2) if items else None,
            "%",
        ),
    ]
    return [
        {"figure": key, "label": str(label), "value": value, "unit": unit}
        for key, label, value, unit in rows
    ]
