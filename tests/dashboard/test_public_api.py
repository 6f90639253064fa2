"""The open data API: the datasets, figures equal to the source apps' selectors, a case
submitted through the services moving its month and category, bad filters as 422."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from onething.appeals.selectors.figures import appeal_figures
from onething.bundles.selectors import average_saving
from onething.cards.selectors.figures import figures_public
from onething.cases.models import Case
from onething.cases.selectors.tallies import case_figures, case_totals, figure_filter
from onething.core.permissions import SYSTEM
from onething.crossregion.selectors import figures as crossregion
from onething.dashboard.schemas import ROWS
from onething.dashboard.selectors.datasets import DATASETS

from .conftest import OPEN_DATA

WUXI, BINHU = "320200", "320211"


def rows_by(answer, key):
    return {r[key]: r for r in answer["rows"]}


def pct(fraction):
    return None if fraction is None else round(fraction * 100, 2)


@pytest.mark.demo_city
def test_the_list_names_every_dataset_with_its_links(anonymous):
    answer = anonymous("en").get(f"{OPEN_DATA}/")
    assert answer.status_code == 200
    listed = {d["key"]: d for d in answer.json()}
    assert set(listed) == set(DATASETS) == set(ROWS)
    cards = listed["cards-by-venue"]
    assert cards["filters"] == ["period"] and "region" in cards["note"]
    assert cards["csv_url"] == "/figures/data/cards-by-venue.csv"
    assert cards["json_url"] == f"{OPEN_DATA}/cards-by-venue"
    assert listed["cases-by-month"]["filters"] == ["period", "region"]
    assert {"key": "online_share", "label": "Share online", "unit": "%"} in listed[
        "cases-by-month"
    ]["columns"]


def test_every_dataset_answers_anonymously_with_its_schema(anonymous):
    spec = anonymous().get("/api/openapi.json").json()
    for key in DATASETS:
        answer = anonymous().get(f"{OPEN_DATA}/{key}")
        assert answer.status_code == 200, (key, answer.content)
        body = answer.json()
        assert body["dataset"] == key
        assert {c["key"] for c in body["columns"]} == set(ROWS[key].model_fields)
        operation = spec["paths"][f"{OPEN_DATA}/{key}"]["get"]
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith(f"DatasetOut_{ROWS[key].__name__}_")
        assert "security" not in operation or operation["security"] in ([], [{}])


@pytest.mark.demo_city
def test_the_case_figures_are_the_roll_ups(open_data):
    flt = figure_filter(region=BINHU)
    months = open_data("cases-by-month", region=BINHU)
    expected = case_figures(flt, ("month",))
    assert [r["month"] for r in months["rows"]] == [r["month"] for r in expected]
    for got, want in zip(months["rows"], expected, strict=True):
        assert got["cases"] == want["cases"] and got["no_visit"] == want["no_visit"]
        assert got["on_time_rate"] == pct(want["on_time_rate"])
    categories = rows_by(open_data("cases-by-category"), "category_code")
    for want in case_figures(figure_filter(), ("category",)):
        assert categories[want["category_code"]]["cases"] == want["cases"]
    (rates,) = open_data("case-rates")["rows"]
    totals = case_totals(figure_filter())
    assert rates["cases"] == totals["cases"] == Case.objects.count()
    assert rates["online_share"] == pct(totals["online_share"])
    assert rates["satisfaction_rate"] == pct(totals["satisfaction_rate"])


@pytest.mark.demo_city
def test_the_other_modules_figures_are_their_selectors(open_data):
    years = rows_by(open_data("crossregion-by-year"), "period")
    assert {k: r["cases"] for k, r in years.items()} == {
        r["period"]: r["cases"] for r in crossregion.by_period("year")
    }
    halves = open_data("crossregion-by-half", date_from="2025-01-01", date_to="2025-12-31")
    assert [(r["period"], r["cases"]) for r in halves["rows"]] == [
        (r["period"], r["cases"]) for r in crossregion.by_period("half", *_year(2025))
    ]
    (projection,) = open_data("crossregion-projection")["rows"]
    expected = crossregion.projection()
    assert (projection["so_far"], projection["projected"]) == (
        expected.so_far,
        expected.projected,
    )
    assert years[str(expected.year)]["projected"] == expected.projected

    bundles = rows_by(open_data("bundles"), "bundle_code")
    assert bundles and all(
        r["saving_hours"] == average_saving(SYSTEM, code)["saving_hours"]
        for code, r in bundles.items()
    )
    appeals = rows_by(open_data("appeals-by-type", region=WUXI), "type")
    source = appeal_figures(None, region=WUXI)["by_type"]
    for want in source:
        got = appeals[want["key"]]
        assert got["total"] == want["total"]
        assert Decimal(str(got["completion_rate"])) == want["completion_rate"]
    cards = figures_public()
    venues = rows_by(open_data("cards-by-venue"), "venue_code")
    assert {k: r["rides"] for k, r in venues.items()} == {
        v["code"]: v["swipes"] for v in cards["by_venue"]
    }
    headline = rows_by(open_data("headline"), "figure")
    assert headline["card_rides"]["value"] == cards["swipes"]
    assert headline["cards_issued"]["value"] == cards["cards_issued"]
    assert headline["card_holders"]["value"] == cards["card_holders"]
    assert headline["appeals"]["value"] == appeal_figures(None)["overall"]["total"]


def _year(year):
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@pytest.mark.demo_city
def test_one_more_case_moves_its_month_and_category(open_data, submit):
    month = timezone.localdate().strftime("%Y-%m")
    before_months = rows_by(open_data("cases-by-month"), "month")
    before_categories = rows_by(open_data("cases-by-category"), "category_code")
    before_headline = rows_by(open_data("headline"), "figure")["cases"]["value"]

    case = submit()
    category = Case.objects.get(number=case["number"]).item.category.code

    months = rows_by(open_data("cases-by-month"), "month")
    categories = rows_by(open_data("cases-by-category"), "category_code")
    was = before_months.get(month, {"cases": 0, "online": 0})
    assert months[month]["cases"] == was["cases"] + 1
    assert months[month]["online"] == was["online"] + 1  # submitted online
    assert categories[category]["cases"] == before_categories[category]["cases"] + 1
    assert rows_by(open_data("headline"), "figure")["cases"]["value"] == before_headline + 1
    others = {k: r["cases"] for k, r in months.items() if k != month}
    assert others == {k: r["cases"] for k, r in before_months.items() if k != month}


@pytest.mark.demo_city
def test_filters_narrow_the_figures(open_data):
    everything = open_data("case-rates")["rows"][0]["cases"]
    binhu = open_data("case-rates", region=BINHU)["rows"][0]["cases"]
    assert 0 < binhu < everything
    one_year = open_data("cases-by-month", date_from="2025-01-15", date_to="2025-12-01")
    assert one_year["filters"] == {"date_from": "2025-01-15", "date_to": "2025-12-01", "region": ""}
    assert {r["month"] for r in one_year["rows"]} <= {f"2025-{m:02}" for m in range(1, 13)}
    assert one_year["rows"]


def test_a_period_with_no_data_is_empty_not_an_error(open_data):
    empty = {"date_from": "2001-01-01", "date_to": "2001-12-31"}
    assert open_data("cases-by-month", **empty)["rows"] == []
    assert open_data("case-rates", **empty)["rows"] == []
    assert open_data("cards-by-month", **empty)["rows"] == []
    assert all(r["total"] == 0 for r in open_data("appeals-by-type", **empty)["rows"])
    headline = rows_by(open_data("headline", **empty), "figure")
    assert headline["cases"]["value"] == 0 and headline["online_share"]["value"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "2026-05-01", "date_to": "2026-01-01"}, "date_to"),
        ({"region": "999999"}, "region"),
        ({"region": "abc"}, "region"),
        ({"date_from": "2026-13-01"}, "date_from"),
        ({"region": "3" * 40}, "region"),
    ],
)
def test_bad_filters_are_422_naming_the_field(anonymous, query, field):
    answer = anonymous("en").get(f"{OPEN_DATA}/cases-by-month", query)
    assert answer.status_code == 422, answer.content
    fields = answer.json()["error"]["details"]["fields"]
    assert field in [f["field"] for f in fields]


def test_the_refusal_speaks_the_users_language(anonymous):
    query = {"date_from": "2026-05-01", "date_to": "2026-01-01"}
    en = anonymous("en").get(f"{OPEN_DATA}/headline", query).json()["error"]["message"]
    zh = anonymous("zh-hans").get(f"{OPEN_DATA}/headline", query).json()["error"]["message"]
    assert "before the start" in en and en != zh


def test_an_unknown_dataset_is_404_listing_them(anonymous):
    answer = anonymous("en").get(f"{OPEN_DATA}/cases-by-colour")
    assert answer.status_code == 404
    assert "cases-by-month" in answer.json()["error"]["message"]
