"""The demo city's city management, as seed 003 counts it, on the public API: in 2021 the
city spent ¥8.7亿 on 250 back streets, built 2.4万 parking spaces and networked the data of
24万 — every figure from the records, moved by one more record; 春潮菜场支路, renovated with
the seed's items, on the red list of 背街小巷整治 in 2021's third batch; a year of residents'
scores with every month closed, black-list entries rectified, one not improved; 春星小学's
100 shared spaces with a month of entries by parents, residents and the public through its
gates, cars in now; a few abusive scores refused; the demo's tokens sign in; nothing dated
after the load; a second load changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum

from onething.citymgmt.models import (
    ParkingEvent,
    ParkingLot,
    ParkingStay,
    ParkingUse,
    ParkingWindow,
    PlateRegistration,
    RankingEntry,
    Rectification,
    ScoreRefusal,
    ScoringMonth,
    ScoringPoint,
    SharedParking,
    StreetMonth,
    StreetProject,
    StreetScore,
)
from onething.citymgmt.selectors.parking import parking_setting
from onething.citymgmt.services.parking import lot_register
from onething.core import clock
from onething.core.models import AuditEntry
from onething.demo import citymgmt as demo_citymgmt
from onething.demo.citymgmt import data
from onething.demo.citymgmt.tokens import gate_token, point_token

pytestmark = pytest.mark.demo_city

FIGURES = "/api/citymgmt/public/figures"
SEED_DAY = "2022-01-24"


def test_the_seed_figures_on_the_public_api(city):
    figures = city.client().get(FIGURES, {"on": SEED_DAY}).json()
    assert figures["programme"]["year"] == 2021
    assert figures["programme"]["streets"] == 250
    assert figures["programme"]["investment_fen"] == 87_000_000_000  # ¥8.7亿
    assert figures["parking"] == {"year": 2021, "new_spaces": 24_000, "networked_spaces": 240_000}
    assert figures["rankings"]["year"] == 2021 and figures["rankings"]["sequence"] == 3
    assert figures["scoring"]["last_closed_month"] == "2021-12-01"
    projects = StreetProject.objects.filter(programme__code=data.PROGRAMME_CODE)
    assert projects.count() == 250 and projects.filter(milestone="completed").count() == 250
    assert not projects.exclude(completed_on__year=2021).exists()
    districts = set(projects.values_list("street__district__code", flat=True))
    assert districts == set(data.DISTRICTS)  # the urban districts (市区)


def test_the_figures_come_from_the_records(city):
    client = city.client()
    before = client.get(FIGURES, {"on": SEED_DAY}).json()["parking"]
    with clock.frozen(dt.datetime(2022, 1, 4, 9, tzinfo=dt.UTC)):
        lot_register(
            actor=city.actor(data.OFFICE_OFFICER),
            code="T-LOT-1",
            name="测试停车场",
            kind="off_street",
            district_code="320214",
            spaces=120,
            opened_on=dt.date(2021, 12, 30),
            networked_on=dt.date(2021, 12, 31),
        )
    after = client.get(FIGURES, {"on": SEED_DAY}).json()["parking"]
    assert after["new_spaces"] == before["new_spaces"] + 120
    assert after["networked_spaces"] == before["networked_spaces"] + 120
    project = StreetProject.objects.filter(programme__code=data.PROGRAMME_CODE).first()
    StreetProject.objects.filter(pk=project.pk).update(spent_fen=project.spent_fen + 1)
    assert client.get(FIGURES, {"on": SEED_DAY}).json()["programme"]["investment_fen"] == (
        87_000_000_001
    )


def test_chunchao_renovated_and_on_the_third_batch_red_list(city):
    project = StreetProject.objects.select_related("street__street_office").get(
        street__name=data.CHUNCHAO, programme__code=data.PROGRAMME_CODE
    )
    assert project.street.street_office.name == "旺庄街道"
    assert project.street.district.name == "新吴区"
    assert project.items == data.CHUNCHAO_ITEMS
    assert project.milestone == "completed" and project.completed_on.year == 2021
    assert list(project.steps.values_list("action", flat=True)) == [
        "create",
        "photo",
        "photo",
        "start",
        "spend",
        "spend",
        "complete",
        "photo",
        "photo",
    ]
    assert set(project.photos.values_list("phase", flat=True)) == {"before", "after"}
    batch = city.client().get("/api/citymgmt/rankings/2021-3").json()
    assert batch["year"] == 2021 and batch["sequence"] == 3 and batch["published_at"]
    streets = next(x for x in batch["lists"] if x["category"]["name"] == "背街小巷整治")
    assert data.CHUNCHAO in [e["name"] for e in streets["red"]]
    weights = [c["weight"] for c in streets["category"]["criteria"]]
    assert sum(weights) == 100
    for category in batch["categories"]:
        assert sum(c["weight"] for c in category["criteria"]) == 100
    assert {c["name"] for c in batch["categories"]} == {"背街小巷整治", "农贸市场", "建筑工地"}


def test_the_year_of_scores_and_the_months_closed(city):
    year = StreetScore.objects.filter(day__year=2021)
    assert 100_000 <= year.count() <= 150_000
    assert year.filter(channel="device").exists() and year.filter(channel="qr").exists()
    assert year.values("street").distinct().count() > 150
    months = ScoringMonth.objects.filter(month__year=2021)
    assert months.count() == 12
    assert StreetMonth.objects.filter(month__year=2021).count() == sum(m.streets for m in months)
    chunchao = StreetMonth.objects.filter(street__name=data.CHUNCHAO, month__year=2021)
    before = chunchao.get(month=dt.date(2021, 2, 1)).score_centi
    after = chunchao.get(month=dt.date(2021, 11, 1)).score_centi
    assert after > before + 2000  # residents and inspectors like it better since August
    today = clock.today()
    assert not ScoringMonth.objects.filter(month=today.replace(day=1)).exists()  # still open
    assert ScoringPoint.objects.filter(street__name=data.CHUNCHAO, kind="device").exists()


def test_black_lists_rectified_one_not_improved(city):
    entries = RankingEntry.objects.filter(batch__year=2021)
    assert entries.filter(batch__sequence=1, list="black").count() == 9
    first = Rectification.objects.filter(entry__batch__year=2021, entry__batch__sequence=1)
    assert first.count() == 9 and set(first.values_list("status", flat=True)) == {"closed"}
    assert all(t.evidence for t in first)
    assert first.filter(steps__action="send_back").exists()
    flagged = entries.filter(batch__sequence=2, not_improved=True, street__isnull=False).get()
    assert flagged.previous.batch.sequence == 1 and flagged.list == "black"
    last = Rectification.objects.filter(entry__batch__sequence=3, entry__batch__year=2021)
    assert {"open", "submitted", "closed"} <= set(last.values_list("status", flat=True))


def test_chunxing_shares_100_spaces_by_windows(city):
    parking = SharedParking.objects.select_related("lot", "street").get(lot__code=data.LOT_CODE)
    assert parking.lot.spaces == 100 and parking.lot.kind == "shared"
    assert parking.host == "春星小学" and parking.street.name == data.CHUNCHAO
    windows = {
        (w.group, w.days, w.starts.isoformat("minutes"), w.ends.isoformat("minutes")): w
        for w in ParkingWindow.objects.filter(parking=parking)
    }
    parents_am = windows[("parent", "school_days", "07:00", "08:30")]
    parents_pm = windows[("parent", "school_days", "15:30", "17:30")]
    night = windows[("resident", "every_day", "19:00", "07:00")]
    public = windows[("public", "every_day", "00:00", "00:00")]
    assert parents_am.fee_fen_per_hour == parents_pm.fee_fen_per_hour == night.fee_fen_per_hour == 0
    assert public.fee_fen_per_hour == 500
    today = clock.today()
    assert parking.terms.filter(starts_on__lte=today + dt.timedelta(days=60)).exists()
    assert parking.terms.filter(starts_on__year=2021).exists()
    assert parking.terms.filter(starts_on__gt=today).exists()  # the next school year's
    registrations = PlateRegistration.objects.filter(parking=parking)
    approved = registrations.filter(status="approved")
    assert approved.filter(group="parent").count() == data.PARENTS
    assert approved.filter(group="resident").count() == data.RESIDENTS
    assert registrations.filter(status="pending").count() >= 3
    assert approved.filter(applicant__username=data.RESIDENT).exists()


def test_a_month_of_entries_by_all_three_groups(city):
    parking = SharedParking.objects.get(lot__code=data.LOT_CODE)
    now = clock.now()
    entries = ParkingEvent.objects.filter(parking=parking, kind="entry")
    month = entries.filter(at__gte=now - dt.timedelta(days=31))
    by_group = dict(month.values_list("group").annotate(n=Count("id")))
    assert by_group["resident"] > 100 and by_group["public"] > 50
    plan = parking_setting(parking.pk).plan()
    last_month = [clock.today() - dt.timedelta(days=n) for n in range(1, 31)]
    school_days = sum(plan.school_day(day).school for day in last_month)
    assert by_group.get("parent", 0) >= 10 * school_days  # at the drop-off and the pick-up
    parents = PlateRegistration.objects.filter(parking=parking, group="parent", status="approved")
    assert month.filter(plate__in=parents.values("plate")).count() > 30  # even in a holiday
    days = {e.astimezone(dt.UTC).date() for e in month.values_list("at", flat=True)}
    assert len(days) >= 28
    assert not ParkingEvent.objects.filter(at__gt=now).exists()
    # the service made the stays and the use: one stay per entry, the roll-up adds up
    assert ParkingStay.objects.filter(parking=parking).count() == entries.count()
    assert ParkingUse.objects.filter(parking=parking).aggregate(n=Sum("entries"))["n"] == (
        entries.count()
    )
    open_stays = ParkingStay.objects.filter(parking=parking, exited_at__isnull=True).count()
    assert parking.occupied == open_stays > 0  # cars in now
    stays = ParkingStay.objects.filter(parking=parking)
    assert stays.filter(group="public", fee_fen__gt=0).exists()
    assert not stays.filter(group__in=("parent", "resident"), fee_fen__gt=0).exists()
    assert stays.filter(overstayed=True).exists()


def test_abusive_scores_refused_and_flagged(city):
    since = clock.today() - dt.timedelta(days=31)
    refused = dict(
        ScoreRefusal.objects.filter(day__gte=since).values_list("reason").annotate(n=Sum("count"))
    )
    assert refused.get("duplicate", 0) >= 1 and refused.get("device_rate", 0) >= 1
    recent = StreetScore.objects.filter(day__gte=since)
    assert recent.filter(status="counted").count() > 300
    assert recent.filter(status="rejected", reviewed_by__username=data.OFFICE_OFFICER).exists()
    assert recent.filter(status="flagged").exists()  # waiting for review
    assert recent.filter(channel="web", account__username=data.RESIDENT).exists()
    assert not StreetScore.objects.filter(created_at__gt=clock.now()).exists()


def test_the_demo_tokens_sign_in_and_are_not_stored(city):
    device = ScoringPoint.objects.get(street__name=data.CHUNCHAO, kind="device")
    token = point_token(settings.SECRET_KEY, device.code)
    assert token not in json.dumps(list(ScoringPoint.objects.values()), default=str)
    marks = {"sanitation": 5, "traffic_order": 4, "facilities": 5, "shop_signs": 4}
    answer = city.client().post(
        "/api/citymgmt/scores",
        data=json.dumps({"marks": marks, "voter": "T-RESIDENT-1"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 201, answer.content
    gate = gate_token(settings.SECRET_KEY, data.GATES[0][0])
    event = {"event_id": "t-1", "kind": "entry", "plate": "苏B9T001", "at": clock.now().isoformat()}
    answer = city.client().post(
        "/api/citymgmt/parking/events",
        data=json.dumps(event),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {gate}",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["group"] == "public"


def test_a_second_load_changes_nothing(city):
    def counts():
        return [
            m.objects.count()
            for m in (
                StreetProject,
                StreetScore,
                StreetMonth,
                RankingEntry,
                Rectification,
                ParkingLot,
                ParkingEvent,
                PlateRegistration,
                AuditEntry,
            )
        ]

    before = counts()
    log = io.StringIO()
    for layer in ("setup", "load_history", "live"):
        with transaction.atomic():
            getattr(demo_citymgmt, layer)(lambda line: log.write(line + "\n"))
    assert counts() == before
    assert "made already" in log.getvalue()
