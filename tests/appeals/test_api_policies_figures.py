"""The policy service, the public board and the public figures over the API."""

import csv
import io

from openpyxl import load_workbook

from onething.appeals.models import Policy
from onething.appeals.selectors.figures_table import EXPORT_HEADERS

from .api_support import Api, appeal_count, error_code, fields_of

SMART_FACTORY = "关于支持制造业企业智能化改造和数字化转型的若干措施"  # 制造, any size
BRIDGE_LOANS = "无锡市中小微企业转贷应急资金使用办法"  # micro to medium, 无锡市
SMALL_TAXPAYERS = "小规模纳税人增值税优惠政策问答"  # micro and small only


def _titles(answer) -> set[str]:
    assert answer.status_code == 200, answer.content
    return {p["title"] for p in answer.json()["items"]}


def test_enterprise_staff_see_the_policies_that_fit(city):
    # 江阴澄丰化纤: 化学纤维制造, medium, registered in 江阴 (within 无锡市)
    staff = Api(city, "qiye.chengfeng")
    assert _titles(staff.get("/api/policies")) == {SMART_FACTORY, BRIDGE_LOANS}
    every = _titles(staff.get("/api/policies", all="true", page_size=200))
    assert {SMART_FACTORY, BRIDGE_LOANS, SMALL_TAXPAYERS} <= every
    assert _titles(Api(city, "zhangwei").get("/api/policies", page_size=200)) == every
    assert error_code(Api(city, None).get("/api/policies"), 401) == "unauthenticated"
    policy = Policy.objects.get(title=SMART_FACTORY)
    shown = staff.get(f"/api/policies/{policy.pk}").json()
    assert shown["department"]["code"] == "WX-GXJ"
    assert shown["body"].startswith("一、支持对象")
    assert error_code(staff.get("/api/policies/999999"), 404) == "not_found"


def test_publishing_a_policy(city):
    supervisor = Api(city, "supervisor")
    body = {
        "title": "江阴市化纤行业绿色化改造补助办法",
        "summary": "对化纤企业的节能降碳改造给予补助。",
        "body": "一、支持对象。在江阴市登记的化学纤维制造企业。",
        "department": "WX-GXJ",
        "industries": ["化学纤维"],
        "sizes": ["medium", "large"],
        "region": "320281",
    }
    assert error_code(Api(city, "zhangwei").post("/api/policies", body), 403)
    bad = supervisor.post(
        "/api/policies", {**body, "sizes": ["medium", "huge"], "department": "NOPE"}
    )
    assert fields_of(bad) == {"sizes.1": "choice"}  # the schema first
    assert fields_of(supervisor.post("/api/policies", {**body, "department": "NOPE"})) == {
        "department": "unknown"
    }
    created = supervisor.post("/api/policies", body)
    assert created.status_code == 201, created.content
    assert created["Location"] == f"/api/policies/{created.json()['id']}"
    small_only = supervisor.post("/api/policies", {**body, "title": "小型化纤", "sizes": ["small"]})
    assert small_only.status_code == 201
    seen = _titles(Api(city, "qiye.chengfeng").get("/api/policies"))
    assert body["title"] in seen and "小型化纤" not in seen


def test_asking_about_a_policy_goes_to_its_department(city):
    staff = Api(city, "qiye.chengfeng")
    policy = Policy.objects.get(title=SMART_FACTORY)
    url = f"/api/policies/{policy.pk}/ask"
    before = appeal_count()
    assert fields_of(staff.post(url, {"text": "问"})) == {"text": "min_length"}
    question = {"text": "我公司计划购置智能化纺丝设备约800万元，是否符合项目补助条件？"}
    asked = staff.post(url, question, HTTP_IDEMPOTENCY_KEY="ask-0001")
    assert asked.status_code == 201, asked.content
    retried = staff.post(url, question, HTTP_IDEMPOTENCY_KEY="ask-0001")
    assert retried.json()["number"] == asked.json()["number"]
    assert appeal_count() == before + 1
    detail = staff.get(asked["Location"]).json()
    assert (detail["type"], detail["status"]) == ("inquiry", "dispatched")
    assert detail["department"]["code"] == "WX-GXJ"
    assert detail["category"]["code"] == "enterprise-policy"
    assert detail["policy"] == {"id": policy.pk, "title": SMART_FACTORY}
    assert detail["title"].endswith(SMART_FACTORY)
    assert detail["deadline"]["state"] in ("on_time", "warning")
    refused = Api(city, "officer.wx-cg").post(url, question)
    assert error_code(refused, 403) == "permission_denied"


def test_the_public_board_masks_and_shows_only_what_may_be_published(city):
    zhang, officer = Api(city, "zhangwei"), Api(city, "officer.wx-cg")
    text = "鸿翔路路灯不亮，请联系我13912345678，身份证号320211199001011234。"
    shown = zhang.submit(text=text)["number"]
    private = zhang.submit(text=text, publish=False)["number"]
    unanswered = zhang.submit(text=text)["number"]
    hidden_reply = zhang.submit(text=text)["number"]
    for number in (shown, private):
        officer.act(number, "reply", {"text": "已修复，如有问题请拨打0510-88889999。"})
    officer.act(hidden_reply, "reply", {"text": "已修复。", "public": False})

    anonymous = Api(city, None)
    entry = anonymous.get(f"/api/appeal-board/{shown}")
    assert entry.status_code == 200, entry.content
    body = entry.json()
    assert "139****5678" in body["text"] and "13912345678" not in body["text"]
    assert "3202**********1234" in body["text"]
    assert body["replies"][0]["text"] == "已修复，如有问题请拨打0510-****9999。"
    assert body["requester"] == "张*"
    listed = anonymous.get("/api/appeal-board", q=shown).json()
    assert [e["number"] for e in listed["items"]] == [shown]
    assert listed["items"][0]["text"] == body["text"]
    for number in (private, unanswered, hidden_reply):
        assert anonymous.get("/api/appeal-board", q=number).json()["count"] == 0
        assert error_code(anonymous.get(f"/api/appeal-board/{number}"), 404) == "not_found"
    zhang.submit(programme="weixingfu")
    weixingfu = zhang.submit(programme="weixingfu")["number"]
    officer.act(weixingfu, "reply", {"text": "已修复。"})
    page = anonymous.get("/api/appeal-board", programme="weixingfu", type="demand").json()
    assert page["count"] > 0 and len(page["items"]) <= 20
    assert fields_of(anonymous.get("/api/appeal-board", type="wish")) == {"type": "choice"}


def test_public_figures_count_each_appeal_and_export(city):
    anonymous = Api(city, None)

    def overall() -> dict:
        answer = anonymous.get("/api/appeal-figures", programme="weixingfu")
        assert answer.status_code == 200, answer.content
        return answer.json()["overall"]

    before = overall()
    number = Api(city, "zhangwei").submit(programme="weixingfu")["number"]
    Api(city, "officer.wx-cg").act(number, "reply", {"text": "已修复。"})
    Api(city, "zhangwei").act(number, "follow-up", {"rating": 5})
    after = overall()
    for measure in ("total", "closed", "replied", "rated", "satisfied"):
        assert after[measure] == before[measure] + 1, measure

    Api(city, "qiye.chengfeng").submit(programme="wunanshi", category="enterprise")
    figures = anonymous.get("/api/appeal-figures").json()
    assert {row["key"] for row in figures["by_programme"]} >= {"wunanshi", "weixingfu"}
    assert 0 <= figures["overall"]["satisfaction_rate"] <= 100
    inverted = anonymous.get("/api/appeal-figures", date_from="2025-06-01", date_to="2025-01-01")
    assert fields_of(inverted) == {"date_to": "order"}
    assert fields_of(anonymous.get("/api/appeal-figures", date_from="June")) == {
        "date_from": "type"
    }
    assert fields_of(anonymous.get("/api/appeal-figures", type="wish", programme="x")) == {
        "type": "choice"
    }
    assert fields_of(anonymous.get("/api/appeal-figures", programme="x")) == {
        "programme": "unknown"
    }

    exported = anonymous.get("/api/appeal-figures/export", format="csv", programme="weixingfu")
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == EXPORT_HEADERS
    assert rows[1][:4] == ["overall", "", rows[1][2], str(after["total"])]
    workbook = anonymous.get("/api/appeal-figures/export", format="xlsx")
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == EXPORT_HEADERS
    assert fields_of(anonymous.get("/api/appeal-figures/export", format="pdf")) == {
        "format": "choice"
    }


def test_every_programmes_figures_from_one_read_equal_each_asked_alone(city):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from onething.appeals.selectors.figures import appeal_figures, appeal_figures_per_programme

    Api(city, "zhangwei").submit(programme="weixingfu")
    Api(city, "qiye.chengfeng").submit(programme="wunanshi", category="enterprise")
    with CaptureQueriesContext(connection) as read:
        every = appeal_figures_per_programme()
    assert sum("appeals_appealtally" in q["sql"] for q in read.captured_queries) == 1
    assert every["all"] == appeal_figures(None)
    assert {"wunanshi", "weixingfu"} <= set(every["programmes"])
    for code, figures in every["programmes"].items():
        assert figures == appeal_figures(None, programme=code), code
