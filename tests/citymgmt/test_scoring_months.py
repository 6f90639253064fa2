"""Closing a month of street scores: the arithmetic from real records (counted residents'
scores, an inspector's check, 12345 complaints taken in through appeals' own service), the
refusals (not over yet, twice, another office), the monthly job, and what a closed month
freezes (reviews, checks)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onething.appeals.selectors.complaints import complaints_naming
from onething.appeals.services.intake import appeal_submit
from onething.citymgmt.models import ScoringMonth, StreetMonth, StreetScore
from onething.citymgmt.rules.scoring import average_centi
from onething.citymgmt.services.scoring import (
    inspection_record,
    month_close,
    score_review,
    score_submit,
)
from onething.core import clock
from onething.core.errors import Conflict, PermissionDenied, ValidationFailed
from onething.core.permissions import ANONYMOUS, SYSTEM
from tests.citymgmt import world_scoring
from tests.citymgmt.world_scoring import GOOD, at

pytestmark = pytest.mark.django_db
NOVEMBER = dt.date(2021, 11, 1)


def complaint(
    title: str, *, address: str = "", region: str = "320214001", when=None, kind="complaint"
):
    return appeal_submit(
        actor=SYSTEM,
        channel="hotline",
        type=kind,
        category_code="sanitation",
        title=title,
        text=f"{title}，请尽快处理。",
        region_code=region,
        address=address,
        contact_name="李娜",
        contact_phone="13912345678",
        received_at=when or at("2021-11-10", 9),
    )


@pytest.fixture
def w(city):
    with clock.frozen(at("2021-11-08", 9)):
        scoring = world_scoring.build(city)
    # 春潮菜场支路 in November: two counted scores (4.25 and 3.75: mean 4.00 → 75), one
    # flagged (not counted), an inspector's check of 80, two complaints naming it
    with clock.frozen(at("2021-11-08", 10)):
        score_submit(actor=ANONYMOUS, point=scoring.device, voter="A", marks=GOOD)
        score_submit(
            actor=ANONYMOUS,
            point=scoring.device,
            voter="B",
            marks={"sanitation": 4, "traffic_order": 4, "facilities": 4, "shop_signs": 3},
        )
        StreetScore.objects.create(
            street=scoring.chunchao,
            channel="qr",
            day=dt.date(2021, 11, 8),
            voter_digest="flagged-one",
            marks=dict.fromkeys(GOOD, 1),
            average_centi=average_centi(dict.fromkeys(GOOD, 1)),
            status="flagged",
            flag_reason="outlier",
            created_at=clock.now(),
        )
        inspection_record(actor=scoring.inspector, street_code=scoring.chunchao.code, mark=80)
    complaint("菜场门口垃圾满溢", address="新吴区旺庄街道春潮菜场支路12号")
    complaint("春潮菜场支路占道经营", address="春潮菜场支路北口")  # named twice: counts once
    # not counted: another district, not a complaint, another month
    complaint("春潮菜场支路乱停车", address="胡埭镇春潮菜场支路", region="320211102")
    complaint("春潮菜场支路路灯建议", kind="suggestion")
    complaint("春潮菜场支路噪音", when=at("2021-12-02", 9))
    # 旺庄路北支巷: one complaint, nothing else
    complaint("旺庄路北支巷积水")
    return scoring


def test_complaints_are_counted_per_street_in_one_pass(w):
    start, end = at("2021-11-01", 0), at("2021-12-01", 0)
    streets = [(s.pk, s.name, s.district_id) for s in (w.chunchao, w.wangzhuang, w.hudai)]
    with CaptureQueriesContext(connection) as queries:
        counts = complaints_naming(start=start, end=end, streets=streets)
    assert counts == {w.chunchao.pk: 2, w.wangzhuang.pk: 1, w.hudai.pk: 0}
    assert sum("appeals_appeal" in q["sql"] for q in queries.captured_queries) == 1


def test_the_month_is_refused_before_it_is_over(w):
    with clock.frozen(at("2021-11-30", 23)), pytest.raises(Conflict) as refused:
        month_close(actor=w.city_office, month=NOVEMBER)
    assert refused.value.code == "month_not_over"
    assert not ScoringMonth.objects.exists()


def test_only_the_citys_office_closes_a_month(w):
    with clock.frozen(at("2021-12-01", 9)):
        for who in (w.office, w.other_office, w.managing, w.inspector):
            with pytest.raises(PermissionDenied):
                month_close(actor=who, month=NOVEMBER)
    assert not ScoringMonth.objects.exists()


def test_the_month_combines_residents_inspections_and_complaints(w):
    with clock.frozen(at("2021-12-01", 9)), CaptureQueriesContext(connection) as queries:
        closing = month_close(actor=w.city_office, month=dt.date(2021, 11, 20))
    assert closing.month == NOVEMBER and closing.streets == 2
    assert closing.closed_by_id == w.city_office.user_id
    # one pass over the month's appeals whatever the number of streets
    assert sum("appeals_appeal" in q["sql"] for q in queries.captured_queries) == 1
    rows = {r.street: r for r in StreetMonth.objects.filter(month=NOVEMBER)}
    assert set(rows) == {w.chunchao, w.wangzhuang}  # 胡埭老街 had no data
    chunchao = rows[w.chunchao]
    assert (chunchao.resident_count, chunchao.resident_centi) == (2, 400)
    assert (chunchao.inspection_count, chunchao.inspection_mark) == (1, 80)
    assert chunchao.complaint_count == 2
    assert chunchao.weights == {"residents": 50, "inspections": 30, "complaints": 20}
    assert chunchao.score_centi == 7750  # 0.5 × 75 + 0.3 × 80 + 0.2 × 80
    lane = rows[w.wangzhuang]
    assert (lane.resident_count, lane.resident_centi, lane.inspection_mark) == (0, None, None)
    assert lane.complaint_count == 1 and lane.weights == {"complaints": 20}
    assert lane.score_centi == 9000
    with clock.frozen(at("2021-12-02", 9)), pytest.raises(Conflict) as twice:
        month_close(actor=w.city_office, month=NOVEMBER)
    assert twice.value.code == "month_closed"


def test_a_closed_month_stays_as_counted(w):
    flagged = StreetScore.objects.get(status="flagged")
    with clock.frozen(at("2021-12-01", 9)):
        month_close(actor=SYSTEM, month=NOVEMBER)
        with pytest.raises(Conflict) as refused:
            score_review(actor=w.office, score_id=flagged.pk, action="accept")
        assert refused.value.code == "month_closed"
        with pytest.raises(ValidationFailed) as late:
            inspection_record(
                actor=w.inspector,
                street_code=w.wangzhuang.code,
                mark=70,
                day=dt.date(2021, 11, 30),
            )
        assert late.value.problems[0].field == "day"
    assert StreetScore.objects.get(pk=flagged.pk).status == "flagged"


def test_the_monthly_job_closes_last_month_once(w, capsys):
    with clock.frozen(at("2022-01-03", 2)):
        call_command("citymgmt_close_month")
        assert "closed 2021-12: 1 streets" in capsys.readouterr().out
        call_command("citymgmt_close_month")
        assert "nothing to close" in capsys.readouterr().out
        call_command("citymgmt_close_month", "--month", "2021-11")
    december = StreetMonth.objects.get(month=dt.date(2021, 12, 1))
    assert december.street == w.chunchao and december.complaint_count == 1
    assert december.score_centi == 9000 and december.weights == {"complaints": 20}
    assert ScoringMonth.objects.get(month=NOVEMBER).streets == 2
    assert ScoringMonth.objects.get(month=dt.date(2021, 12, 1)).closed_by is None
