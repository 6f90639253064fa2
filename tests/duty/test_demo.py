"""The demo city's night duty (seed 003, "住下来"): the 申港 story once and only in 带班值班 —
陶郁峻's night visit to 申浦村 on his duty night of 7 December 2021, 韩宝祥's suggestion on
the old planning hall an appeal dispatched to 申港街道办事处, answered a month later within
its extended time, rated, and the hall's conversion a project begun in January 2022 —, the
rosters of late 2021 that keep the rule of two stays a week with a few nights missed, the
figures counted from them, and a live layer of this month."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.appeals.models import Appeal, Extension
from onething.core import clock
from onething.duty.models import DutyNight, DutyRoster, NightVisit, VisitDemand
from onething.duty.rules.rosters import month_of
from onething.duty.selectors.figures import duty_figures
from onething.duty.selectors.rosters import roster_warnings

pytestmark = pytest.mark.demo_city

Q4_2021 = (dt.date(2021, 10, 1), dt.date(2021, 12, 31))


def test_the_shengang_story_happens_once_in_its_place(city):
    appeal = Appeal.objects.get(text__contains="老规划馆")
    assert appeal.programme.code == "daibanzhiban" and appeal.channel == "visit"
    assert appeal.region.name == "申港街道" and appeal.contact_name == "韩宝祥"
    demand = VisitDemand.objects.get(appeal_number=appeal.number)
    visit = demand.visit
    assert visit.leader.get_full_name() == "陶郁峻" and visit.place == "申浦村"
    assert clock_day(visit.at) == dt.date(2021, 12, 7)
    assert visit.night is not None and visit.night.status == "kept"
    assert appeal.department.code == "SG-JB" and appeal.status == "closed" and appeal.rating == 5
    assert Extension.objects.get(appeal=appeal).status == "approved"
    assert appeal.replied_on_time and "监测点" in appeal.replies.get().text
    reply_day = clock_day(appeal.replied_at)
    assert dt.timedelta(days=25) <= reply_day - clock_day(visit.at) <= dt.timedelta(days=35)
    project = appeal.project
    assert "亲子公益文化阅读空间" in project.name
    milestones = {m.stage: m.done_on for m in project.milestones.all()}
    assert milestones["construction"] == dt.date(2022, 1, 18)
    assert (
        not Appeal.objects.exclude(programme__code="daibanzhiban")
        .filter(text__contains="规划馆")
        .exists()
    )


def clock_day(moment: dt.datetime) -> dt.date:
    from django.utils import timezone

    return timezone.localdate(moment)


def test_the_rosters_of_late_2021_keep_the_rule_with_a_few_nights_missed(city):
    rosters = DutyRoster.objects.filter(month__range=Q4_2021)
    assert rosters.count() == 12 and set(rosters.values_list("status", flat=True)) == {"published"}
    assert all(roster_warnings(r) == [] for r in rosters)
    figures = duty_figures(None, date_from=Q4_2021[0], date_to=Q4_2021[1])
    overall = figures["overall"]
    assert overall["upcoming"] == 0 and overall["off_roster"] >= 4
    assert 90 <= overall["kept_rate"] < 100  # a few missed
    assert overall["demands"] >= 40 and overall["answered"] == overall["demands"]
    assert overall["average_days_to_answer"] is not None
    assert {t["name"] for t in figures["by_town"]} == {"申港街道", "胡埭镇", "清名桥街道", "万石镇"}
    assert [m["month"] for m in figures["by_month"]][:3] == ["2021-10", "2021-11", "2021-12"]


def test_the_live_layer_is_this_months(city):
    today = clock.today()
    roster = DutyRoster.objects.get(town__code="320281009", month=month_of(today))
    assert roster.status == "published"
    tonight = DutyNight.objects.get(roster=roster, leader__username="leader.shengang", date=today)
    assert tonight.status == "planned"  # left for 陶郁峻 to check in
    recent = NightVisit.objects.filter(at__date__gt=today - dt.timedelta(days=22))
    assert recent.exists()
    numbers = VisitDemand.objects.filter(visit__in=recent).values("appeal_number")
    assert Appeal.objects.filter(number__in=numbers, status__in=("dispatched", "handling")).exists()


def test_the_public_page_shows_the_seeds_terms_and_figures(city):
    html = city.client(None).get("/duty/figures/").content.decode()
    for term in ("带班值班", "住下来", "夜访", "群众诉求", "已答复", "申港街道"):
        assert term in html
    assert 'data-month="2021-12"' in html and "陶郁峻" not in html
    tao = city.client("leader.shengang").get("/duty/visits/").content.decode()
    assert "申浦村" in tao
