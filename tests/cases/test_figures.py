"""Figures over cases and the supervisors' deadline board."""

import datetime as dt

import pytest

from onething.cases.models import Case
from onething.core import clock


def _count(rows, code):
    return next((r["cases"] for r in rows if r["key"] == code), 0)


def _overdue(board, code):
    return next((r["overdue"] for r in board if r["department_code"] == code), 0)


def test_counts_rates_and_the_deadline_board(api, submitted):
    clerk, supervisor = api("clerk.hudai"), api("supervisor")
    rates_before = supervisor.get("/api/figures/cases/rates").json()
    by_dept = supervisor.get("/api/figures/cases/counts", group_by="department").json()
    assert _count(by_dept, "HD-SCJG") == Case.objects.filter(department__code="HD-SCJG").count()
    board_before = _overdue(supervisor.get("/api/supervision/deadlines").json(), "HD-SCJG")
    clerk.post(f"/api/cases/{submitted['number']}/accept")
    assert rates_before["online_share"] is not None
    # three weeks later it is overdue (promised one working day): the board, the overdue
    # list and the rates move by one, read from the roll-ups the case keeps
    with clock.frozen(clock.now() + dt.timedelta(days=21)):
        board = supervisor.get("/api/supervision/deadlines").json()
        assert _overdue(board, "HD-SCJG") == board_before + 1
        overdue = supervisor.get("/api/cases", deadline="overdue", page_size=200).json()["items"]
        assert submitted["number"] in [c["number"] for c in overdue]
        rates = supervisor.get("/api/figures/cases/rates").json()
        assert rates["overdue_open"] == rates_before["overdue_open"] + 1
        assert rates["cases"] == rates_before["cases"]


def test_bad_figure_filters_are_422(api):
    supervisor = api("supervisor")
    assert supervisor.get("/api/figures/cases/counts", group_by="colour").status_code == 422
    assert (
        supervisor.get(
            "/api/figures/cases/rates", date_from="2026-05-01", date_to="2026-01-01"
        ).status_code
        == 422
    )
    assert supervisor.get("/api/cases", deadline="late").status_code == 422
    assert supervisor.get("/api/figures/cases/counts", date_from="2026-13-01").status_code == 422


def test_figures_are_scoped(api, submitted):
    xueyan = api("clerk.xueyan").get("/api/figures/cases/rates").json()["cases"]
    assert xueyan == Case.objects.filter(center__code="SC-XY").count()
    hudai = api("clerk.hudai").get("/api/figures/cases/rates").json()["cases"]
    assert hudai == Case.objects.filter(center__code="SC-HD").count()


@pytest.mark.demo_city
def test_a_clerks_figures_come_from_the_centres_roll_up_rows(city):
    """A window clerk's figures count their centre's cases — read from the roll-up's
    centre rows, not from the case table — and agree with a count of the cases."""
    from django.db import connection
    from django.db.models import Count, Q
    from django.test.utils import CaptureQueriesContext

    from onething.cases.selectors.figures import case_counts, case_rates

    clerk = city.actor("clerk.hudai")
    mine = Case.objects.filter(center_id=clerk.service_center_id)
    other = Case.objects.exclude(center_id=clerk.service_center_id).exclude(center=None)
    assert mine.exists() and other.exists()
    with CaptureQueriesContext(connection) as read:
        rates = case_rates(clerk)
        by_item = case_counts(clerk, group_by="item")
    from_cases = [q["sql"] for q in read.captured_queries if '"cases_case"' in q["sql"]]
    assert all("IN ('submitted', 'accepted', 'correction_requested')" in q for q in from_cases)
    expected = mine.aggregate(n=Count("id"), done=Count("id", filter=Q(status="concluded")))
    assert (rates["cases"], rates["concluded"]) == (expected["n"], expected["done"])
    counted = dict(mine.values_list("item__code").annotate(n=Count("id")))
    assert {r["key"]: r["cases"] for r in by_item} == counted
