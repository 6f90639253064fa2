"""Saving a one-thing's definition through the API: the coding rule, the step graph and the
one form are checked first; a refused definition writes nothing. Project approval: permits
pre-reviewed before the land contract conclude only after it."""

import datetime as dt

import pytest

from onething.bundles.models import Bundle, BundleStep
from onething.core.models import Enterprise, Role
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create
from onething.demo.bundles import PROJECT

from .conftest import handle

pytestmark = pytest.mark.django_db

TWO_TAX_STEPS = {
    "name": "测试一件事",
    "audience": "enterprise",
    "steps": [
        {"key": "declare", "item_code": "320200-SW-101"},
        {"key": "verify", "item_code": "320200-SW-102", "after": ["declare"]},
    ],
}


def fields(response):
    return response.json()["error"]["details"]["fields"]


def put(client, code, data):
    return client.client.put(f"/api/bundles/{code}", data, content_type="application/json")


def test_an_administrator_saves_a_bundle_and_everyone_reads_it(api):
    admin = api("admin")
    saved = put(admin, "YJS-320281-QY-009", TWO_TAX_STEPS)
    assert saved.status_code == 200, saved.content
    assert BundleStep.objects.filter(bundle__code="YJS-320281-QY-009").count() == 2
    public = api("zhangwei").get("/api/bundles/YJS-320281-QY-009").json()
    assert [s["key"] for s in public["steps"]] == ["declare", "verify"]
    assert put(api("officer.hudai"), "YJS-320281-QY-010", TWO_TAX_STEPS).status_code == 403


@pytest.mark.parametrize(
    ("change", "field", "rule"),
    [
        ({"steps": [{"key": "a", "item_code": "320200-SW-101", "after": ["b"]},
                    {"key": "b", "item_code": "320200-SW-102", "after": ["a"]}]},
         "steps", "cycle"),
        ({"steps": [{"key": "a", "item_code": "320200-NOPE-001"}]}, "steps[0].item_code",
         "unknown"),
        ({"steps": [{"key": "a", "item_code": "320200-SW-101",
                     "outputs": [{"name": "basis", "from": "entered"}]},
                    {"key": "b", "item_code": "320200-SW-102",
                     "checks": [{"rule": "present", "left": "steps.a.basis"}]}]},
         "steps[1].checks[0]", "not_upstream"),
        ({"audience": "person"}, "code", "audience"),
        ({"steps": [{"key": "a", "item_code": "320200-SW-101", "waits_for_milestone": True}],
          "milestone": ""}, "milestone", "required"),
    ],
)  # fmt: skip
def test_a_bad_definition_is_refused_with_the_reason_and_nothing_saved(api, change, field, rule):
    answer = put(api("admin"), "YJS-320281-QY-011", {**TWO_TAX_STEPS, **change})
    assert answer.status_code == 422, answer.content
    assert (field, rule) in {(p["field"], p["rule"]) for p in fields(answer)}
    assert not Bundle.objects.filter(code="YJS-320281-QY-011").exists()


@pytest.mark.parametrize(
    ("steps", "field"),
    [
        ("declare", "steps"),
        (["declare"], "steps.0"),
        ([{"key": "a", "item_code": "320200-SW-101", "after": "b"}], "steps[0].after"),
        ([{"key": "a", "item_code": "320200-SW-101", "outputs": ["x"]}], "steps[0].outputs"),
        ([{"key": "a", "item_code": "320200-SW-101", "checks": [1]}], "steps[0].checks"),
    ],
)
def test_misshapen_steps_get_a_422_not_a_500(api, steps, field):
    answer = put(api("admin"), "YJS-320281-QY-012", {**TWO_TAX_STEPS, "steps": steps})
    assert answer.status_code == 422, answer.content
    assert field in {p["field"] for p in fields(answer)}


def test_a_bad_code_is_refused(api):
    answer = put(api("admin"), "TAX-1", TWO_TAX_STEPS)
    assert answer.status_code == 422 and fields(answer)[0]["rule"] == "format"


@pytest.fixture
def delijia(city):
    enterprise = Enterprise.objects.get(name__startswith="德力佳")
    from onething.core.models import User

    user = User.objects.filter(username="qiye.delijia.test").first() or account_create(
        actor=SYSTEM,
        username="qiye.delijia.test",
        password=None,
        role=Role.APPLICANT,
        person=city.people_in("320211102")[3],
        enterprise=enterprise,
    )
    return user, enterprise


def test_permits_pre_reviewed_before_the_land_contract_conclude_after_it(
    api, officers, delijia, city
):
    user, enterprise = delijia
    staff = api(user.username)
    ids = staff.uploads(
        "business-licence", "land-contract", "design-drawings", "construction-contract"
    )
    form = {
        "project_name": "风电齿轮箱扩产项目",
        "project_code": "2025-320205-34-03-000001",
        "site": "锡山经济技术开发区联吉路",
        "floor_area": 52000,
        "investment_yuan": 800000000,
    }
    answer = staff.post(
        "/api/runs",
        {
            "bundle_code": PROJECT,
            "form": form,
            "materials": ids,
            "enterprise_id": enterprise.pk,
            "region_code": "320205",
        },
    )
    assert answer.status_code == 201, answer.content
    run = answer.json()
    steps = {s["key"]: s for s in run["steps"]}
    assert {s["status"] for s in steps.values()} == {"started"}  # all pre-reviewed at once
    planning = officers(steps["planning"]["department"]["code"])
    early = handle(planning, steps["planning"]["case_number"])
    assert early.status_code == 409 and "土地出让合同签订" in early.json()["error"]["message"]
    drawings = officers(steps["drawings"]["department"]["code"])
    assert handle(drawings, steps["drawings"]["case_number"]).status_code == 200
    # the milestone: not in the future, recorded once, by an officer who sees the run
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    url = f"/api/runs/{run['number']}/milestone"
    assert planning.post(url, {"reached_at": future.isoformat()}).status_code == 422
    assert staff.post(url, {}).status_code == 403
    assert planning.post(url, {}).status_code == 200
    assert planning.post(url, {}).status_code == 409
    concluded = planning.post(
        f"/api/cases/{steps['planning']['case_number']}/conclude", {"outcome": "approved"}
    )
    assert concluded.status_code == 200, concluded.content
    for key in ("land", "construction-permit"):
        office = officers(steps[key]["department"]["code"])
        assert handle(office, steps[key]["case_number"]).status_code == 200
    run = staff.get(f"/api/runs/{run['number']}").json()
    assert run["status"] == "concluded"
    days = api("zhangwei").get(f"/api/figures/bundles/project-days?bundle_code={PROJECT}").json()
    mine = next(d for d in days if d["run"] == run["number"])
    assert mine["days"] == 0 and mine["project"] == "风电齿轮箱扩产项目"
