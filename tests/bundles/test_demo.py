"""The demo's one-thing runs, made by the services as of the seeds' days: the equity
transfer done the same afternoon, saving time against the relay; the project's 6 days from
the land contract to the construction permit; the restaurant's credit code passed on; a
batch pickup by the agency; and a second load changes nothing. The one-thing list at three
levels — 59, the 29 key items among them — and the 93.8万 runs the key items took in over
the first half of 2025 (generated figures' data), counted from the roll-up."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone
from stdnum.cn import uscc

from onething.bundles.models import Bundle, BundleRun, Pickup, RunStatus, RunStep, StepStatus
from onething.bundles.rules import bundle_code_problems
from onething.bundles.selectors import run_steps, run_timing
from onething.bundles.selectors.figures import handled, handled_filter
from onething.bundles.services.pickup import ready_for_pickup
from onething.bundles.services.tallies import bundle_tallies_differences
from onething.cases.models import Case, Licence, Material
from onething.core.models import (
    AgencyDeclaration,
    AuditEntry,
    Enterprise,
    IdempotencyRecord,
    Message,
    User,
)
from onething.demo.bundles import EQUITY, PROJECT, RESTAURANT
from onething.demo.bundles import runs as demo_runs
from onething.demo.timeline import H1_2025

pytestmark = pytest.mark.demo_city


def local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


def equity_runs():
    """The demo's stories of 股权转让 (the generated figures' data left out)."""
    runs = BundleRun.objects.filter(bundle__code=EQUITY).exclude(number__startswith="GN")
    return list(runs.order_by("started_at"))


def test_the_equity_transfer_is_done_the_same_afternoon(city):
    run = next(r for r in equity_runs() if local(r.started_at).date() == dt.date(2025, 4, 30))
    assert run.enterprise.name == "江阴澄丰化纤有限公司"
    assert run.submitted_by.username == "qiye.chengfeng" and run.region.code == "320281"
    assert run.status == RunStatus.CONCLUDED
    assert local(run.concluded_at).date() == dt.date(2025, 4, 30)
    steps = run_steps(run)
    assert [rs.step.key for rs in steps] == ["declare", "verify", "register"]
    # all three started together, each concluded that day with its licence at the window
    assert {rs.case.submitted_at for rs in steps} == {run.started_at}
    for rs in steps:
        assert rs.status == StepStatus.APPROVED
        assert local(rs.case.concluded_at).date() == dt.date(2025, 4, 30)
        assert rs.case.delivery == "window" and rs.case.licence.number
    # data passed between the steps: the certificate, the basis, the verification number
    declare, verify, _register = steps
    assert declare.outputs["tax_certificate"] == declare.case.licence.number
    assert declare.outputs["tax_basis_yuan"] == str(run.form_data["price_yuan"])
    assert verify.outputs["verification_number"]
    timing = run_timing(run)
    assert timing.elapsed < dt.timedelta(hours=8)
    assert timing.relay >= 2 * timing.elapsed  # far below the relay
    assert timing.saving > dt.timedelta(0)


def test_the_saving_figure_comes_from_the_runs(city):
    answer = city.client().get(f"/api/figures/bundles/saving?bundle_code={EQUITY}")
    assert answer.status_code == 200
    figures = answer.json()
    assert figures["runs"] == len(equity_runs()) >= 2
    assert figures["saving_hours"] > 0
    assert figures["elapsed_hours"] < figures["relay_hours"]


def test_the_project_takes_six_days_from_the_land_contract(city):
    answer = city.client().get(f"/api/figures/bundles/project-days?bundle_code={PROJECT}")
    assert answer.status_code == 200
    (row,) = answer.json()
    assert row["days"] == 6
    assert row["project"] == "德力佳传动科技三期风电齿轮箱项目"
    run = BundleRun.objects.get(number=row["run"])
    assert run.enterprise.name == "德力佳传动科技（江苏）股份有限公司"
    assert run.submitted_by.username == "qiye.delijia" and run.status == RunStatus.CONCLUDED
    assert run.milestone_at == demo_runs.CONTRACT_SIGNED  # 2025-04-10 15:00 in Wuxi
    assert local(run.milestone_at).date() == dt.date(2025, 4, 10)
    steps = {rs.step.key: rs for rs in run_steps(run)}
    assert local(steps["construction-permit"].case.concluded_at).date() == dt.date(2025, 4, 16)
    # submitted before the contract; the service team's pre-review accepted the steps before it
    assert run.started_at < run.milestone_at
    for key in ("land", "planning", "drawings"):
        assert steps[key].case.accepted_at < run.milestone_at
    # the steps that wait for the contract concluded after it, in parallel
    for key in ("land", "planning", "construction-permit"):
        assert steps[key].case.concluded_at > run.milestone_at
    assert steps["drawings"].case.concluded_at < run.milestone_at  # it waits for nothing
    # and within their promised limits
    for rs in steps.values():
        assert local(rs.case.concluded_at).date() <= rs.case.due_date
    staff = User.objects.get(username="qiye.delijia")
    assert staff.check_password("Demo#2026") and staff.enterprise_id == run.enterprise_id


def test_the_restaurant_gets_its_credit_code_passed_on(city):
    (run,) = BundleRun.objects.filter(bundle__code=RESTAURANT, submitted_by__username="zhangwei")
    assert run.region.code == "320211102" and run.status == RunStatus.CONCLUDED
    register, food = run_steps(run)
    code = register.outputs["credit_code"]
    uscc.validate(code)  # a valid GB 32100 code …
    assert code.startswith("92320211")  # … of a sole proprietorship of 滨湖区
    assert code == demo_runs.credit_code(random.Random(demo_runs.RESTAURANT_LIVE), "320211", "92")
    # the food step started only when the registration was approved, with the code
    assert food.case.submitted_at == register.case.concluded_at
    assert food.inputs == {"credit_code": code}
    assert food.case.form_data.get("credit_code") == code
    assert food.status == StepStatus.APPROVED and food.case.licence.title == "小餐饮登记证"
    assert food.case.department.code == register.case.department.code == "HD-SCJG"


def test_the_agency_collected_its_clients_results_in_one_batch(city):
    # one batch at each centre where the results waited, each confirmed by its window
    pickups = list(Pickup.objects.select_related("center", "decided_by").order_by("id"))
    assert [p.center.code for p in pickups] == ["SC-JY", "SC-WX"]
    cases = []
    for pickup in pickups:
        assert pickup.collected_by.username == "agent.chengxin"
        assert pickup.status == "confirmed" and pickup.decided_by.role == "clerk"
        assert pickup.decided_by.service_center_id == pickup.center_id
        assert local(pickup.collected_at).date() == dt.date(2025, 5, 8)
        assert pickup.requested_at < pickup.collected_at
        batch = list(pickup.cases.select_related("enterprise", "licence"))
        assert all(c.handed_over_at == pickup.collected_at for c in batch)
        assert all(c.center_id == pickup.center_id for c in batch)
        cases += batch
    names = {c.enterprise.name for c in cases}
    assert names == {"江阴澄丰化纤有限公司", "无锡梁溪清名桥文化旅游有限公司"}
    assert len(cases) == 4
    assert "营业执照" in {c.licence.title for c in cases}
    # after the agency's declaration, which names both enterprises by their credit codes
    (declaration,) = AgencyDeclaration.objects.filter(agency=pickups[0].agency)
    assert declaration.declared_at < pickups[0].requested_at
    assert set(declaration.enterprises.values_list("credit_code", flat=True)) == {
        c.enterprise.credit_code for c in cases
    }
    entries = AuditEntry.objects.filter(action="case.batch_pickup")
    assert {e.subject_id for e in entries} >= {str(c.pk) for c in cases}


def test_a_licence_waits_at_the_window_for_the_agency_to_collect(city):
    latest = equity_runs()[-1]
    assert local(latest.started_at).date() == demo_runs.equity_live_day()
    assert latest.status == RunStatus.CONCLUDED
    ready = list(ready_for_pickup(User.objects.get(username="agent.chengxin").agent.agency_id))
    assert {c.number for c in ready} == {rs.case.number for rs in run_steps(latest)}
    assert "营业执照" in {c.licence.title for c in ready}
    # and the agent sees them over the API
    answer = city.client("agent.chengxin", "en").get("/api/pickups/ready")
    assert answer.status_code == 200 and len(answer.json()) == len(ready)


def test_the_list_has_59_one_things_29_of_them_key_items(city):
    levels = dict(
        Bundle.objects.filter(is_active=True)
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    assert levels == {"national": 21, "provincial": 8, "city": 30}
    for bundle in Bundle.objects.prefetch_related("steps__item__department"):
        assert bundle_code_problems(bundle.code, bundle.audience) == []
        assert bundle.steps.count() >= 2 and all(s.item.department for s in bundle.steps.all())
    births = Bundle.objects.get(name="新生儿出生一件事")
    assert births.steps.order_by("order").first().key == "certificate"
    assert births.steps.get(key="hukou").item.department.name == "无锡市公安局"


def test_the_key_items_took_in_93_8_wan_runs_in_the_first_half_of_2025(city):
    h1 = handled(handled_filter(date_from=H1_2025[0], date_to=H1_2025[1]))
    assert h1["key_items"] == {"bundles": 29, "started": 938_000, "started_wan": "93.8"}
    levels = {row["level"]: row for row in h1["levels"]}
    assert levels["national"]["started"] + levels["provincial"]["started"] == 938_000
    assert 0 < levels["city"]["started"] < levels["national"]["started"]
    by_code = {row["code"]: row["started"] for row in h1["bundles"]}
    top = sorted(by_code, key=by_code.get, reverse=True)[:6]
    assert {"YJS-320200-GR-004", "YJS-320200-QY-001", "YJS-320200-GR-006"} <= set(top)
    assert by_code["YJS-320200-QY-006"] < 100  # 企业上市合法合规信息核查: rare
    # the roll-up is what the runs say, and the runs were generated once
    assert bundle_tallies_differences() == []
    assert AuditEntry.objects.filter(action="run.generate").count() == 1
    page = city.client().get("/figures/", {"date_from": "2025-01-01", "date_to": "2025-06-30"})
    text = page.content.decode()
    assert "重点事项29项，上半年累计办理93.8万件" in text
    api = city.client().get(
        "/api/figures/bundles/handled", {"date_from": "2025-01-01", "date_to": "2025-06-30"}
    )
    assert api.json()["key_items"]["started_wan"] == "93.8"


def counts():
    models = [
        Bundle,
        BundleRun,
        RunStep,
        Case,
        Licence,
        Material,
        Pickup,
        AgencyDeclaration,
        AuditEntry,
        Message,
        IdempotencyRecord,
        User,
        Enterprise,
    ]
    return {m.__name__: m.objects.count() for m in models}


def test_a_second_demo_load_changes_nothing(city):
    before = counts()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert counts() == before
    assert "one-thing runs of 2025: 0 new" in out.getvalue()
    assert "one-things handled in H1 2025: loaded already" in out.getvalue()
    assert "live one-thing runs: 0 new" in out.getvalue()
    assert "qiye.delijia" in out.getvalue()  # the account is listed with the others


def test_without_the_history_the_runs_are_left_out(city, monkeypatch):
    """ONETHING_DEMO_HISTORY=0 (the base city of most tests): the definitions and the
    accounts load, the runs do not."""
    from onething.demo import build

    def never():
        raise AssertionError("no scenario runs without the history")

    monkeypatch.setattr(demo_runs, "Scenarios", never)
    lines: list[str] = []
    accounts = build(lines.append, history=False)
    assert "history and live layer: skipped (ONETHING_DEMO_HISTORY=0)" in lines
    assert "qiye.delijia" in [a["username"] for a in accounts]
