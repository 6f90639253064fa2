"""The demo history of cross-region cases reproduces the seed (17 cases concluded in 2021,
113 in the first half of 2025, a full year projected past 240) from cases made by the real
services; it keeps to the alliance's rules of each day and loads only once."""

import datetime as dt
import os
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from onething.cases.models import Case, CaseStatus, Licence, Material
from onething.core import clock
from onething.core.models import AuditEntry, Person, User
from onething.core.selectors.audit import audit_verify
from onething.crossregion.models import Alliance, CrossRegionCase, DataCheck, Handoff
from onething.crossregion.rules import project_year, use_problems
from onething.crossregion.selectors import figures
from onething.crossregion.selectors.alliances import state_of
from onething.demo.crossregion import WANSHI_JOINS
from onething.demo.crossregion.history import LIVE_PREFIX, PLAN, SEED, STILL_OPEN, item_facts
from onething.demo.crossregion.history.plan import schedule
from onething.demo.timeline import LIVE_DAYS

from .conftest import HUDAI, WANSHI, XUEYAN

pytestmark = pytest.mark.demo_city

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _local_day(moment):
    return timezone.localdate(moment)


def test_seventeen_cases_concluded_in_2021(city):
    concluded = [
        r
        for r in CrossRegionCase.objects.select_related("case")
        if r.case.concluded_at and _local_day(r.case.concluded_at).year == 2021
    ]
    assert len(concluded) == 17
    assert {(r.receiving_region.code, r.handling_region.code) for r in concluded} <= {
        (HUDAI, XUEYAN),
        (XUEYAN, HUDAI),
    }
    first_nine = set(
        Alliance.objects.get()
        .items.filter(added_on__year=2021)
        .values_list("item__code", flat=True)
    )
    assert len(first_nine) == 9 and {r.case.item.code for r in concluded} <= first_nine
    year_2021 = next(p for p in figures.by_period("year") if p["period"] == "2021")
    assert year_2021 == {"period": "2021", "cases": 17, "concluded": 17}


def test_113_cases_in_the_first_half_of_2025_and_a_seasonal_projection_past_240(city):
    assert (
        CrossRegionCase.objects.filter(
            case__submitted_at__date__gte=dt.date(2025, 1, 1),
            case__submitted_at__date__lte=dt.date(2025, 6, 30),
        ).count()
        == 113
    )
    half = {p["period"]: p["cases"] for p in figures.by_period("half")}
    assert half["2025-H1"] == 113 and half["2024-H1"] < half["2024-H2"]
    projection = figures.projection(2025, dt.date(2025, 6, 30))
    assert projection.method == "seasonal" and projection.so_far == 113
    assert projection.projected >= 240
    # counting days alone would not reach the seed's 240: the seasons matter
    linear = project_year(2025, dt.date(2025, 6, 30), 113, 0, 0)
    assert linear.method == "linear" and linear.projected < 240


def test_volumes_rise_year_by_year(city):
    halves = {p["period"]: p["cases"] for p in figures.by_period("half")}
    first_halves = [halves[f"{y}-H1"] for y in range(2022, 2026)]
    assert first_halves == sorted(first_halves)
    years = {p["period"]: p["cases"] for p in figures.by_period("year")}
    assert [years[str(y)] for y in range(2021, 2025)] == sorted(
        years[str(y)] for y in range(2021, 2025)
    )


def test_wanshi_has_no_case_before_it_joined(city):
    early = CrossRegionCase.objects.filter(
        Q(receiving_region__code=WANSHI) | Q(handling_region__code=WANSHI),
        case__submitted_at__lt=dt.datetime(2023, 3, 1, tzinfo=SHANGHAI),
    )
    assert not early.exists()
    assert CrossRegionCase.objects.filter(receiving_region__code=WANSHI).exists()
    first = (
        CrossRegionCase.objects.filter(handling_region__code=WANSHI)
        .order_by("case__submitted_at")
        .first()
    )
    assert _local_day(first.case.submitted_at) >= WANSHI_JOINS


def test_every_case_was_on_the_list_with_its_mode_on_its_day(city):
    state = state_of(Alliance.objects.get())
    records = CrossRegionCase.objects.select_related(
        "case__item", "receiving_region", "handling_region", "partner_region"
    )
    for r in records:
        other = r.partner_region or r.handling_region  # 高效协同: the partner town
        problems = use_problems(
            state,
            item_code=r.case.item.code,
            item_name=r.case.item.name,
            mode=r.mode,
            receiving=(r.receiving_region.code, r.receiving_region.name),
            handling=(other.code, other.name),
            day=_local_day(r.case.submitted_at),
        )
        assert problems == [], (r.case.number, problems)


def test_the_history_mixes_modes_pairs_categories_and_start_times(city):
    modes = {m["key"]: m["cases"] for m in figures.by_mode()}
    assert modes["proxy"] > modes["online"] > modes["joint"] > 0
    pairs = {(p["receiving_code"], p["handling_code"]) for p in figures.by_pair()}
    assert {(HUDAI, XUEYAN), (XUEYAN, HUDAI), (HUDAI, WANSHI), (WANSHI, HUDAI)} <= pairs
    assert {c["key"] for c in figures.by_category()} == {
        "business",
        "social-security",
        "medical-insurance",
        "tax",
        "livelihood",
    }
    starts = figures.start_times()
    walk_ins = sum(r["cases"] for r in starts)
    quick = sum(r["within_10_minutes"] for r in starts)
    assert walk_ins > 300 and 0.8 < quick / walk_ins < 1  # mostly, not always
    assert {r["center_code"] for r in starts} == {"SC-HD", "SC-XY", "SC-WS"}
    # every walk-in case was taken in through its arrival, with its papers uploaded
    window = CrossRegionCase.objects.exclude(mode="online")
    assert not window.filter(arrival__isnull=True).exists()
    assert not Case.objects.filter(cross_region__isnull=False, materials__isnull=True).exists()
    cases = Case.objects.filter(cross_region__isnull=False)
    outcomes = Counter(cases.values_list("outcome", flat=True))
    assert outcomes["denied"] > 0 and outcomes["approved"] > 380


def test_the_latest_cases_are_still_open(city):
    open_cases = Case.objects.filter(cross_region__isnull=False).exclude(
        status=CaseStatus.CONCLUDED
    )
    statuses = Counter(open_cases.values_list("status", flat=True))
    assert statuses["submitted"] >= 2 and statuses["accepted"] >= 5
    assert statuses["correction_requested"] >= 2
    assert sum(statuses.values()) >= sum(count for _step, count, *_rest in STILL_OPEN)
    assert Handoff.objects.filter(case__in=open_cases, status="sent").count() >= 2
    assert open_cases.filter(department__code="XY-SCJG").exists()  # officer.xueyan's inbox
    # the open ones are the live month's; nothing is dated after now
    earliest = clock.today() - dt.timedelta(days=LIVE_DAYS + 1)
    assert all(_local_day(c.submitted_at) >= earliest for c in open_cases)
    last = Case.objects.filter(cross_region__isnull=False).order_by("-submitted_at").first()
    assert last.submitted_at <= clock.now()
    live = CrossRegionCase.objects.filter(case__submitted_at__date__gte=earliest)
    assert live.count() >= len(STILL_OPEN) and LIVE_PREFIX == "xrl-"


def test_corrections_and_handoffs_went_through_the_services(city):
    corrected = Case.objects.filter(cross_region__isnull=False, paused_days__gt=0)
    assert corrected.exists()
    received = Handoff.objects.filter(status="received", case__status="concluded")
    assert received.exists()
    for handoff in received[:20]:
        assert handoff.sent_at < handoff.received_at <= handoff.case.concluded_at
    assert (
        Licence.objects.filter(case__cross_region__isnull=False).count()
        == Case.objects.filter(cross_region__isnull=False, outcome="approved").count()
    )


def test_the_plan_is_deterministic_and_matches_its_table(city):
    alliance = Alliance.objects.get()
    one = schedule(PLAN, state_of(alliance), item_facts(alliance), SEED)
    two = schedule(PLAN, state_of(alliance), item_facts(alliance), SEED)
    assert [(s.key, s.day, s.item, s.mode, s.id_number, s.events) for s in one] == [
        (s.key, s.day, s.item, s.mode, s.id_number, s.events) for s in two
    ]
    assert len(one) == sum(row.cases for row in PLAN)
    assert len({s.id_number for s in one}) == len(one)


def test_a_second_demo_run_creates_nothing(city):
    models = (Case, CrossRegionCase, Handoff, Material, Licence, Person, User, AuditEntry)
    before = {m.__name__: m.objects.count() for m in models}
    with open(os.devnull, "w") as devnull:
        call_command("demo", "--quiet", stdout=devnull)
    assert {m.__name__: m.objects.count() for m in models} == before


def test_the_audit_log_of_the_history_verifies(city):
    checked, breaks = audit_verify()
    assert breaks == []
    assert checked >= AuditEntry.objects.filter(action="crossregion.intake").count() > 420


def test_collaborative_cases_in_2025_each_decided_after_the_partners_answer(city):
    """高效协同 in the first half of 2025: decided in the applicant's town (胡埭, 雪堰 or
    万石) by its department, each after the partner town's department answered the data
    check asked inside the case; no paper hand-off."""
    h1 = CrossRegionCase.objects.filter(
        mode="collaborative",
        case__submitted_at__date__gte=dt.date(2025, 1, 1),
        case__submitted_at__date__lte=dt.date(2025, 6, 30),
    ).select_related("case__department__region", "receiving_region", "partner_region")
    assert h1.count() >= 5
    assert not CrossRegionCase.objects.filter(
        mode="collaborative", case__submitted_at__date__lt=dt.date(2025, 1, 1)
    ).exists()
    towns = {(r.receiving_region.code, r.partner_region.code) for r in h1}
    assert {(HUDAI, XUEYAN), (XUEYAN, HUDAI)} & towns and {WANSHI} & {t for p in towns for t in p}
    for r in h1:
        case = r.case
        assert r.handling_region_id == r.receiving_region_id != r.partner_region_id
        assert case.department.region.code == r.receiving_region.code  # decided at home
        assert case.status == "concluded" and not case.handoffs.exists()
        checks = list(case.data_checks.select_related("answering_department__region"))
        assert checks and all(c.answering_department.region == r.partner_region for c in checks)
        assert all(c.answered_at <= case.concluded_at for c in checks)
        assert all(c.working_days is not None for c in checks)
        if case.outcome == "approved":
            assert all(c.result in ("confirmed", "cannot_verify") for c in checks)
    modes = {
        m["key"]: m["cases"] for m in figures.by_mode(dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    }
    assert modes["collaborative"] == h1.count()
    assert sum(modes.values()) == 113  # the seed's 113, in five modes' four routings
    rows = {r["town_code"]: r for r in figures.checks_by_town()}
    assert rows[XUEYAN]["answered"] >= 1 and rows[XUEYAN]["mean_working_days"] is not None


def test_live_collaborative_cases_wait_for_xueyans_answer(city):
    """The live layer: 雪堰's market regulator (officer.xueyan) has data checks to answer
    for cases decided in 胡埭 or 万石."""
    waiting = DataCheck.objects.filter(
        status="requested",
        answering_department__code="XY-SCJG",
        case__status__in=("accepted", "correction_requested"),
    ).select_related("case__cross_region")
    assert waiting.count() >= 2
    for check in waiting:
        assert check.case.cross_region.mode == "collaborative"
        assert check.case.department.code in ("HD-SCJG", "WS-SCJG")
    assert all(c.requested_at <= clock.now() for c in waiting)
