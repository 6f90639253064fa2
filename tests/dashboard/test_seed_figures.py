"""The demo city's public figures reproduce the seeds' (the newspaper reports the domain
comes from), counted from the records the modules' services made: none is typed in."""

import pytest

pytestmark = pytest.mark.demo_city


def _rows(answer, key):
    return {r[key]: r for r in answer["rows"]}


def test_cross_region_figures_of_the_seed(open_data):
    years = _rows(open_data("crossregion-by-year"), "period")
    assert years["2021"]["cases"] == 17
    halves = _rows(open_data("crossregion-by-half"), "period")
    assert halves["2025-H1"]["cases"] == 113
    [projection] = open_data(
        "crossregion-projection", date_from="2025-01-01", date_to="2025-06-30"
    )["rows"]
    assert projection["so_far"] == 113 and projection["projected"] >= 240
    [alliance] = open_data("crossregion-alliances")["rows"]
    assert (alliance["towns"], alliance["items"], alliance["categories"]) == (3, 29, 5)


def test_appeal_figures_of_the_seed(open_data):
    """Each programme as of its seed: the enterprise platform "上线至今" in mid-2025, and
    微幸福 "截至2021年12月" (done by the end of 2021, satisfied)."""
    mid_2025 = _rows(open_data("appeals-by-programme", date_to="2025-06-30"), "programme_label")
    enterprise = mid_2025["无难事、悉心办"]
    assert (enterprise["total"], enterprise["demands"], enterprise["suggestions"]) == (307, 245, 62)
    assert enterprise["on_time_rate"] == 100.0
    seed_day = _rows(open_data("appeals-by-programme", date_to="2025-07-18"), "programme_label")
    assert seed_day["无难事、悉心办"]["on_time_conclusion_rate"] == 100.0  # "按时办结率100%"
    end_2021 = _rows(open_data("appeals-by-programme", date_to="2021-12-31"), "programme_label")
    happiness = end_2021["微幸福"]
    assert happiness["total"] == 1291
    assert 95 < happiness["completion_rate"] < 100 and happiness["satisfaction_rate"] == 100.0
    assert "无难事、悉心办" not in end_2021  # the platform came later


def test_honour_card_and_one_thing_figures_of_the_seed(open_data):
    headline = _rows(open_data("headline", date_to="2025-07-17"), "figure")
    assert headline["card_holders"]["value"] == 4735
    assert headline["card_rides"]["value"] == 3657
    bundles = _rows(open_data("bundles"), "bundle")
    equity = bundles["股权转让一件事"]
    assert equity["elapsed_hours"] < 24  # the same day
    project = bundles["工业项目拿地即开工一件事"]
    assert project["saving_hours"] > 0 and project["elapsed_hours"] < project["relay_hours"]


def test_a_period_with_no_data_is_empty_not_an_error(open_data):
    answer = open_data("cases-by-month", date_from="1990-01-01", date_to="1990-12-31")
    assert answer["rows"] == []
