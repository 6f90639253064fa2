"""The public figures of city management, counted from the records as of a day: the
programme of the year before (streets with a project, what they spent), the parking lots
opened in that year and those networked by the day, the residents' scores of the month
and the last closed month, the latest published red and black lists. A small world here;
the demo city's own figures (2021: 250 streets, ¥8.7亿, 2.4万 new spaces, 24万 networked)
are asserted by the demo's tests on the same endpoint."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from onething.citymgmt.models import (
    ParkingLot,
    RankingBatch,
    RankingCategory,
    RankingEntry,
    ScoringMonth,
    StreetMonth,
    StreetScore,
)
from onething.citymgmt.selectors.figures import public_figures
from onething.citymgmt.services.streets import programme_create, project_spend
from onething.core import clock
from onething.core.models import Region
from onething.core.permissions import SYSTEM

from .world_streets import NOW, at, build

pytestmark = pytest.mark.django_db
ON = dt.date(2022, 1, 24)


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


def lot(code: str, spaces: int, opened: str | None, networked: str | None) -> ParkingLot:
    return ParkingLot.objects.create(
        code=code,
        name=code,
        kind="off_street",
        district=Region.objects.get(code="320214"),
        spaces=spaces,
        opened_on=dt.date.fromisoformat(opened) if opened else None,
        networked_on=dt.date.fromisoformat(networked) if networked else None,
    )


def world(city):
    w = build(city)
    with clock.frozen(at("2021-03-01")):
        one = w.project(budget_fen=500_000_000, approved_on=dt.date(2021, 3, 1))
        two = w.project(
            street=w.wangzhuang,
            title="旺庄",
            budget_fen=400_000_000,
            approved_on=dt.date(2021, 3, 1),
        )
        again = w.project(title="春潮二期", budget_fen=1, approved_on=dt.date(2021, 3, 1))
    with clock.frozen(at("2021-12-20")):
        project_spend(actor=w.office, number=one.number, amount_fen=470_000_000)
        project_spend(actor=w.office, number=two.number, amount_fen=400_000_000)
        project_spend(actor=w.office, number=again.number, amount_fen=1)
    # a project approved after the day counts for nothing on it
    with clock.frozen(at("2022-01-30")):
        w.project(actor=SYSTEM, street=w.nanchang, title="南长街", budget_fen=9, approved_on=None)
    # a later year's programme does not replace the year before's
    programme_create(actor=SYSTEM, code="WX-2022", name="2022", year=2022, region_code="320200")
    lot("P-2020", 1_000, "2020-06-01", "2020-06-01")
    lot("P-2021A", 16_000, "2021-04-01", "2021-05-01")
    lot("P-2021B", 8_000, "2021-11-30", "2022-02-01")  # networked after the day
    lot("P-OLD", 200_000, None, "2019-01-01")
    lot("P-2022", 500, "2022-01-10", None)  # opened in the day's own year
    return w


def test_the_figures_of_the_year_before_come_from_the_records(city):
    world(city)
    figures = public_figures(ON)
    programme = figures["programme"]
    assert (programme["code"], programme["year"]) == ("WX-2021", 2021)
    assert programme["streets"] == 2  # two streets, three projects
    assert programme["investment_fen"] == 870_000_001
    assert programme["investment_yuan"] == Decimal("8700000.01")
    parking = figures["parking"]
    assert (parking["year"], parking["new_spaces"]) == (2021, 24_000)
    assert parking["networked_spaces"] == 1_000 + 16_000 + 200_000
    later = public_figures(dt.date(2022, 3, 1))
    assert later["programme"]["streets"] == 3  # 南长街's project, approved on 2022-01-30
    assert later["parking"]["networked_spaces"] == 225_000


def test_without_a_programme_of_the_year_before_the_latest_counts(city):
    world(city)
    assert public_figures(dt.date(2021, 6, 1))["programme"]["code"] == "WX-2021"
    nothing = public_figures(dt.date(2019, 6, 1))
    assert nothing["programme"]["streets"] == 0 and nothing["programme"]["code"] == ""
    assert public_figures(dt.date(2023, 5, 1))["programme"]["code"] == "WX-2022"


def test_scoring_and_rankings_as_of_the_day(city):
    w = world(city)
    for day, status in ((17, "counted"), (20, "counted"), (21, "flagged"), (25, "counted")):
        StreetScore.objects.create(
            street=w.chunchao,
            channel="web",
            day=dt.date(2022, 1, day),
            voter_digest=f"v{day}",
            marks={"sanitation": 4},
            average_centi=400,
            status=status,
            created_at=at(f"2022-01-{day:02d}"),
        )
    ScoringMonth.objects.create(month=dt.date(2021, 12, 1), closed_at=at("2022-01-03"), streets=2)
    for street, score in ((w.chunchao, 9000), (w.wangzhuang, 8000)):
        StreetMonth.objects.create(
            street=street,
            month=dt.date(2021, 12, 1),
            resident_count=10,
            resident_centi=400,
            inspection_count=1,
            inspection_mark=80,
            complaint_count=0,
            weights={"residents": 50, "inspections": 30, "complaints": 20},
            score_centi=score,
            closed_at=at("2022-01-03"),
        )
    category = RankingCategory.objects.create(code="bs", name="背街小巷整治", subject="streets")
    published = RankingBatch.objects.create(
        year=2021,
        sequence=3,
        title="2021年第三批红黑榜",
        region=Region.objects.get(code="320200"),
        period_start=dt.date(2021, 7, 1),
        period_end=dt.date(2021, 9, 1),
        rule="top_bottom",
        status="published",
        published_at=at("2021-10-20"),
        created_at=at("2021-10-01"),
    )
    RankingBatch.objects.create(
        year=2022,
        sequence=1,
        title="2022年第一批",
        region=Region.objects.get(code="320200"),
        period_start=dt.date(2021, 10, 1),
        period_end=dt.date(2021, 12, 1),
        rule="top_bottom",
        status="published",
        published_at=at("2022-01-25"),
        created_at=at("2022-01-05"),
    )  # published the day after
    for street, kind in ((w.chunchao, "red"), (w.wangzhuang, "black"), (w.nanchang, "red")):
        RankingEntry.objects.create(
            batch=published, category=category, street=street, score_centi=9000, list=kind
        )
    figures = public_figures(ON)
    scoring = figures["scoring"]
    assert scoring["month"] == dt.date(2022, 1, 1)
    assert scoring["scores_this_month"] == 2  # counted, up to the day
    assert scoring["last_closed_month"] == dt.date(2021, 12, 1)
    assert (scoring["streets_scored"], scoring["mean_score"]) == (2, Decimal("85.00"))
    rankings = figures["rankings"]
    assert rankings["title"] == "2021年第三批红黑榜"
    assert (rankings["red"], rankings["black"]) == (2, 1)
    assert public_figures(dt.date(2022, 1, 25))["rankings"]["title"] == "2022年第一批"


def test_the_public_endpoint_answers_anyone_and_names_a_bad_day(city):
    world(city)
    client = city.client(language="zh-hans")
    answer = client.get("/api/citymgmt/public/figures?on=2022-01-24")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["programme"]["streets"] == 2
    assert body["programme"]["investment_fen"] == 870_000_001
    assert body["parking"] == {"year": 2021, "new_spaces": 24_000, "networked_spaces": 217_000}
    bad = client.get("/api/citymgmt/public/figures?on=2022-02-30")
    assert bad.status_code == 422
    assert bad.json()["error"]["details"]["fields"][0]["field"] == "on"
    assert client.get("/api/citymgmt/public/figures").status_code == 200  # today
