"""The institute's public figures as of a day, counted from the records on a small world
with dates: two finished summers read from their roll-ups, this summer counted on its
rows up to the day; placements started, universities with an agreement valid that day
(985, overseas), partners joined and advisers appointed by then; the current cohort and
its tracks. The number of queries does not grow with the rows; the API answers anyone
(cached a minute), names a bad day; the page draws its charts with no inline script."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onething.core import clock
from onething.training.selectors.figures import figures_cached, public_figures

from .world import NOW
from .world_catalogue import application, enrolment, old_cohort, placement, shencun

pytestmark = pytest.mark.django_db
KEYS = {
    "on",
    "applications",
    "selected",
    "placed",
    "universities",
    "universities_985",
    "universities_overseas",
    "partner_companies",
    "advisers",
    "current_cohort",
    "cohorts",
    "tracks",
}


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


def world(inst):
    """2023 and 2024 (finished: 8,000 and 9,000 applications, 900 and 1,000 selected, by
    their roll-ups); this summer: four applications (one after 10 June), three enrolments
    (one on 14 July in the algorithms class); two placements (2024, 2025)."""
    shencun(inst)
    c2023 = old_cohort(inst, 2023, applications=8_000, enrolled=900)
    old_cohort(inst, 2024, applications=9_000, enrolled=1_000)
    summer = inst.cohort
    first = application(inst, summer, "2025-05-02")
    second = application(inst, summer, "2025-05-20", university=inst.sydney)
    third = application(inst, summer, "2025-06-10", track=inst.algorithms)
    application(inst, summer, "2025-06-15")
    enrolment(inst, first, "2025-07-10")
    enrolment(inst, second, "2025-07-10")
    enrolment(inst, third, "2025-07-14")
    earlier = application(inst, c2023, "2023-05-10")
    placement(inst, enrolment(inst, earlier, "2023-07-10"), "2024-03-01")
    return summer


def test_the_figures_of_a_day_during_applications(inst):
    world(inst)
    figures = public_figures(dt.date(2025, 6, 10))
    assert set(figures) == KEYS
    assert figures["applications"] == 8_000 + 9_000 + 3  # 15 June's comes later
    assert figures["selected"] == 900 + 1_000  # nobody enrolled yet this summer
    assert figures["placed"] == 1
    assert (figures["universities"], figures["universities_985"]) == (2, 1)
    assert figures["universities_overseas"] == 1
    assert (figures["partner_companies"], figures["advisers"]) == (3, 2)
    assert figures["current_cohort"] == {
        "code": "2024S",
        "name": "2024年暑期实训班",
        "starts_on": dt.date(2024, 7, 10),
        "ends_on": dt.date(2024, 9, 9),
        "capacity": 1_000,
        "enrolled": 1_000,
    }
    assert [(c["code"], c["applications"], c["enrolled"]) for c in figures["cohorts"]] == [
        ("2023S", 8_000, 900),
        ("2024S", 9_000, 1_000),
        ("2025S", 3, 0),
    ]
    assert figures["tracks"] == [
        {"name": "AI芯片", "enrolled": 0},
        {"name": "算法优化", "enrolled": 0},
    ]


def test_the_figures_once_the_summer_class_runs(inst):
    world(inst)
    figures = public_figures(dt.date(2025, 7, 14))
    assert figures["applications"] == 17_004 and figures["selected"] == 1_903
    current = figures["current_cohort"]
    assert (current["code"], current["capacity"], current["enrolled"]) == ("2025S", 750, 3)
    assert figures["tracks"] == [
        {"name": "AI芯片", "enrolled": 2},
        {"name": "算法优化", "enrolled": 1},
        {"name": "数字电路设计", "enrolled": 0},
    ]
    july = public_figures(dt.date(2025, 7, 13))
    assert july["current_cohort"]["code"] == "2024S" and july["selected"] == 1_902


def test_the_figures_of_an_earlier_day(inst):
    world(inst)
    figures = public_figures(dt.date(2024, 1, 1))
    assert [c["code"] for c in figures["cohorts"]] == ["2023S"]
    assert (figures["applications"], figures["selected"], figures["placed"]) == (8_000, 900, 0)
    assert (figures["universities"], figures["universities_overseas"]) == (0, 0)
    assert (figures["partner_companies"], figures["advisers"]) == (2, 0)
    later = public_figures(dt.date(2024, 6, 1))
    assert later["universities"] == 1 and later["universities_985"] == 1  # 兰州大学 from March
    before_all = public_figures(dt.date(2020, 1, 1))
    assert before_all["current_cohort"] is None and before_all["cohorts"] == []
    assert before_all["tracks"] == [] and before_all["applications"] == 0


def test_a_terminated_agreement_counts_until_its_last_day(inst, city):
    from onething.training.services.catalogue import agreement_terminate

    world(inst)
    agreement_terminate(
        actor=inst.staff, number="XY-2025-002", reason="合作调整", on=dt.date(2025, 6, 11)
    )
    assert public_figures(dt.date(2025, 6, 10))["universities_overseas"] == 1
    assert public_figures(dt.date(2025, 6, 11))["universities_overseas"] == 0


def test_the_queries_do_not_grow_with_the_rows(inst):
    summer = world(inst)
    day = dt.date(2025, 7, 20)
    with CaptureQueriesContext(connection) as few:
        public_figures(day)
    for n in range(30):
        made = application(inst, summer, "2025-06-01", track=inst.circuits)
        if n % 2:
            placement(inst, enrolment(inst, made, "2025-07-12"), "2025-07-15")
    old_cohort(inst, 2022, applications=5_000, enrolled=700)
    with CaptureQueriesContext(connection) as many:
        figures = public_figures(day)
    assert len(many) == len(few) <= 10
    assert figures["applications"] == 5_000 + 17_004 + 30 and figures["placed"] == 1 + 15


def test_the_api_answers_anyone_is_cached_and_names_a_bad_day(inst, city):
    world(inst)
    client = city.client(language="zh-hans")
    answer = client.get("/api/training/figures?on=2025-07-14")
    assert answer.status_code == 200, answer.content
    assert answer["Cache-Control"] == "public, max-age=60"
    body = answer.json()
    assert set(body) == KEYS and body["on"] == "2025-07-14"
    assert (body["applications"], body["selected"], body["placed"]) == (17_004, 1_903, 1)
    assert body["current_cohort"]["starts_on"] == "2025-07-14"
    assert body["cohorts"][-1] == {
        "code": "2025S",
        "name": "2025年暑期实训班",
        "starts_on": "2025-07-14",
        "applications": 4,
        "enrolled": 3,
    }
    bad = client.get("/api/training/figures?on=2025-02-30")
    assert bad.status_code == 422
    assert [p["field"] for p in bad.json()["error"]["details"]["fields"]] == ["on"]
    assert client.get("/api/training/figures").json()["on"] == "2025-06-10"  # today
    # kept a minute: a new application shows after the cache is renewed
    day = dt.date(2025, 7, 14)
    before = figures_cached(day)["applications"]
    application(inst, inst.cohort, "2025-06-01")
    assert figures_cached(day)["applications"] == before
    cache.clear()
    assert figures_cached(day)["applications"] == before + 1


def test_the_figures_page_draws_its_charts(inst, city):
    from .test_catalogue_pages import chinese

    world(inst)
    page = city.client().get("/training/figures/?on=2025-07-14")
    assert page.status_code == 200
    html = chinese(page)
    assert 'data-testid="applications">17,004<' in html and 'data-testid="selected">1,903<' in html
    assert "/static/vendor/echarts/echarts.min.js" in html
    assert "/static/training/figures/charts.js" in html
    for chart in ("chart-cohorts", "chart-placed", "chart-universities"):
        assert f'data-chart="{chart}"' in html and f'id="{chart}" type="application/json"' in html
    charts = {
        name: json.loads(re.search(rf'id="{name}" type="application/json">([^<]*)<', html).group(1))
        for name in ("chart-cohorts", "chart-placed", "chart-universities")
    }
    assert charts["chart-cohorts"]["labels"][-1] == "2025年暑期实训班"
    assert [s["data"] for s in charts["chart-cohorts"]["series"]] == [
        [8_000, 9_000, 4],
        [900, 1_000, 3],
    ]
    assert charts["chart-placed"]["labels"] == ["2024年"]
    assert charts["chart-universities"]["kind"] == "pie"
    assert charts["chart-universities"]["series"][0]["data"] == [1, 1, 0]
    bad = city.client().get("/training/figures/?on=2025-13-01")
    assert bad.status_code == 422 and 'data-field="on"' in bad.content.decode()
