"""The public figures of the city, composed from the other apps' selectors only (cases'
roll-ups, cross-region figures, bundles' average saving, appeals' figures, the honour
cards' public figures, the catalogue's channels). Aggregates only: no case, no person.

``public_filter`` checks the filters once (422 naming the field); ``PublicFigures`` reads
each source at most once per request, for every dataset built from it (datasets.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import pgettext

from onething.appeals.selectors.figures import appeal_figures_per_programme, enterprise_platform
from onething.bundles.selectors import average_saving, bundles_list
from onething.bundles.selectors.figures import handled, handled_filter
from onething.cards.selectors.figures import figures_public
from onething.cases.selectors.tallies import FigureFilter, case_figures, case_totals, figure_filter
from onething.catalog.selectors.figures import channel_figures
from onething.core import clock
from onething.core.permissions import SYSTEM
from onething.crossregion.selectors import figures as crossregion


@dataclass(frozen=True)
class PublicFilter:
    """The checked filters: the days of the period (either end may be open) and a region
    code (its subtree; empty: the whole city)."""

    date_from: dt.date | None
    date_to: dt.date | None
    region: str
    cases: FigureFilter  # the same filter, as the cases' roll-ups take it

    def as_query(self) -> dict[str, str]:
        """The filters as query parameters (for the download links)."""
        query = {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "region": self.region,
        }
        return {k: v for k, v in query.items() if v}


def public_filter(
    *, date_from: dt.date | None = None, date_to: dt.date | None = None, region: str = ""
) -> PublicFilter:
    """Check the filters: an inverted period (``date_to``) and an unknown region
    (``region``) are a 422 naming the field, every problem at once."""
    region = (region or "").strip()
    cases = figure_filter(date_from=date_from, date_to=date_to, region=region)
    return PublicFilter(date_from=date_from, date_to=date_to, region=region, cases=cases)


def percent(value: float | Decimal | None, *, fraction: bool = False) -> float | None:
    """A rate as a percentage (two decimals at most); ``fraction``: given as 0..1."""
    if value is None:
        return None
    if fraction:
        return round(float(value) * 100, 2)
    return float(value)


def month_within(month: str, flt: PublicFilter) -> bool:
    """Whether the month ``YYYY-MM`` falls within the filter's period (whole months)."""
    first = dt.date(int(month[:4]), int(month[5:7]), 1)
    if flt.cases.month_from and first < flt.cases.month_from:
        return False
    return not (flt.cases.month_to and first > flt.cases.month_to)


class PublicFigures:
    """The sources of the public figures under one filter, each read once."""

    def __init__(self, flt: PublicFilter) -> None:
        self.flt = flt
        self._memo: dict[str, Any] = {}

    def _once(self, key: str, read: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = read()
        return self._memo[key]

    # cases (roll-ups)
    def cases_by(self, dimension: str) -> list[dict[str, Any]]:
        return self._once(f"cases:{dimension}", lambda: case_figures(self.flt.cases, (dimension,)))

    def case_totals(self) -> dict[str, Any]:
        return self._once("cases:totals", lambda: case_totals(self.flt.cases))

    # cross-region (the whole alliance: no region filter)
    def crossregion_by(self, period: str) -> list[dict[str, Any]]:
        flt = self.flt
        return self._once(
            f"crossregion:{period}",
            lambda: crossregion.by_period(period, flt.date_from, flt.date_to),
        )

    def alliances(self) -> list[dict[str, Any]]:
        return self._once("crossregion:alliances", crossregion.alliances_today)

    def projection(self) -> crossregion.Projection:
        """The full-year projection of the year the period ends in (this year when open),
        as of its last day (today at the latest)."""
        today = clock.today()
        as_of = min(self.flt.date_to, today) if self.flt.date_to else today
        return self._once("crossregion:projection", lambda: crossregion.projection(None, as_of))

    # bundles (every concluded run)
    def bundle_savings(self) -> list[dict[str, Any]]:
        def read() -> list[dict[str, Any]]:
            return [
                {"bundle_code": b.code, "bundle": b.name, **average_saving(SYSTEM, b.code)}
                for b in bundles_list(SYSTEM).order_by("code")
            ]

        return self._once("bundles", read)

    def saving_overall(self) -> dict[str, Any]:
        return self._once("bundles:all", lambda: average_saving(SYSTEM))

    def onething(self) -> dict[str, Any]:
        """高效办成一件事: the one-things per level (国家级, 省级, 市级) and the runs they
        took in within the period and region (the bundles' daily roll-up)."""
        flt = self.flt
        return self._once(
            "bundles:handled",
            lambda: handled(
                handled_filter(date_from=flt.date_from, date_to=flt.date_to, region=flt.region)
            ),
        )

    # appeals
    def _appeal_figures(self) -> dict[str, Any]:
        flt = self.flt  # the whole and every programme, from one read of the roll-ups
        return self._once(
            "appeals",
            lambda: appeal_figures_per_programme(
                date_from=flt.date_from, date_to=flt.date_to, region=flt.region
            ),
        )

    def appeals(self) -> dict[str, Any]:
        return self._appeal_figures()["all"]

    def appeals_in(self, programme: str) -> dict[str, Any]:
        """The appeals' figures of one programme (无难事、悉心办, 微幸福…)."""
        return self._appeal_figures()["programmes"][programme]

    def enterprise_platform(self) -> dict[str, Any] | None:
        """无难事、悉心办 as the seed counts it: 留言总量, 涉企诉求, 惠企建议, 按时办结率."""
        return enterprise_platform(self._appeal_figures())

    # honour cards (the public figures: no money, no person)
    def cards(self) -> dict[str, Any]:
        flt = self.flt
        return self._once(
            "cards", lambda: figures_public(date_from=flt.date_from, date_to=flt.date_to)
        )

    # catalogue
    def channels(self) -> list[dict[str, Any]]:
        return self._once("catalogue", lambda: channel_figures(region=self.flt.region))


def onething_section(figures: PublicFigures) -> dict[str, Any]:
    """The figures page's 高效办成一件事 section: the one-things each level lists, the runs
    each level took in and concluded in the period (a bar per level), and the key items'
    total in 万 as the seed writes it (上半年 when the period is a first half-year)."""
    data = figures.onething()
    levels = data["levels"]
    series = (
        ("started", pgettext("one-things handled", "Taken in")),
        ("concluded", pgettext("one-things handled", "Concluded")),
    )
    return {
        **data,
        "chart": {
            "kind": "bar",
            "labels": [level["label"] for level in levels],
            "series": [
                {"name": name, "data": [level[key] for level in levels]} for key, name in series
            ],
            "unit": "",
            "empty": not any(level["started"] or level["concluded"] for level in levels),
        },
    }
