"""Automatic dispatch (派单 by the routing table) goes only to a department with an active
officer; otherwise the appeal waits in the dispatchers' queue with a line saying why. The
history credits the platform with the automatic dispatch, never the applicant."""

from __future__ import annotations

from onething.appeals.models import Policy
from onething.core.models import Role, User

from .api_support import Api

SMART_FACTORY = "关于支持制造业企业智能化改造和数字化转型的若干措施"  # WX-GXJ's


def _nobody_in(code: str) -> None:
    """Every officer account of the department switched off (left, on leave)."""
    User.objects.filter(role=Role.OFFICER, department__code=code).update(is_active=False)


def _dispatch_queue(city, number: str) -> list[str]:
    queue = Api(city, "dispatcher").get("/api/appeals", queue="dispatch", q=number).json()
    return [row["number"] for row in queue["items"]]


def test_an_appeal_routed_to_a_department_without_staff_waits_for_the_dispatcher(city):
    _nobody_in("WX-CG")  # the streetlight's department
    appeal = Api(city, "zhangwei").submit()
    assert appeal["status"] == "received"
    assert appeal["department"] is None
    assert _dispatch_queue(city, appeal["number"]) == [appeal["number"]]
    timeline = Api(city, "dispatcher").detail(appeal["number"])["timeline"]
    assert [e["kind"] for e in timeline] == ["received", "dispatch_held"]
    held = timeline[1]
    assert held["public"] is False
    assert "no staff" in held["note"] and "无锡市城市管理局" in held["note"]
    assert held["actor"] not in ("zhangwei", "张伟", city.user("zhangwei").get_full_name())
    # the dispatcher then dispatches by hand, as for an appeal no rule matched
    dispatched = Api(city, "dispatcher").act(appeal["number"], "dispatch", {"department": "WX-SJ"})
    assert dispatched["status"] == "dispatched"


def test_with_an_active_officer_the_appeal_is_dispatched_as_before(city):
    _nobody_in("WX-CG")  # the city's general rule finds nobody; 清名桥's desk is staffed
    zhang = Api(city, "zhangwei")
    appeal = zhang.submit(region="320213006")
    assert appeal["status"] == "dispatched"
    assert appeal["department"]["code"] == "QMQ-JB"
    assert _dispatch_queue(city, appeal["number"]) == []
    timeline = Api(city, "dispatcher").detail(appeal["number"])["timeline"]
    assert [e["kind"] for e in timeline] == ["received", "dispatch"]
    elsewhere = zhang.submit(region="320211102")  # WX-CG's, without staff: held
    assert (elsewhere["status"], elsewhere["department"]) == ("received", None)
    User.objects.filter(role=Role.OFFICER, department__code="WX-CG").update(is_active=True)
    back = zhang.submit(region="320211102")
    assert (back["status"], back["department"]["code"]) == ("dispatched", "WX-CG")


def test_a_policy_inquiry_to_a_department_without_staff_waits_too(city):
    _nobody_in("WX-GXJ")
    policy = Policy.objects.get(title=SMART_FACTORY)
    staff = Api(city, "qiye.chengfeng")
    question = {"text": "我公司计划购置智能化纺丝设备约800万元，是否符合项目补助条件？"}
    asked = staff.post(f"/api/policies/{policy.pk}/ask", question)
    assert asked.status_code == 201, asked.content
    number = asked.json()["number"]
    assert asked.json()["status"] == "received"
    assert _dispatch_queue(city, number) == [number]


def test_the_automatic_dispatch_is_credited_to_the_system_not_the_applicant(city):
    applicant = city.user("zhangwei")
    appeal = Api(city, "zhangwei").submit()
    timeline = Api(city, "dispatcher").detail(appeal["number"])["timeline"]
    received, dispatch = timeline
    assert dispatch["kind"] == "dispatch"
    names = {applicant.username, applicant.get_full_name(), str(applicant), received["actor"]}
    assert dispatch["actor"] not in names
    assert dispatch["actor"] == "12345 system (automatic dispatch)"  # the API client speaks en
    in_chinese = Api(city, "zhangwei", "zh-hans").submit()
    line = Api(city, "dispatcher").detail(in_chinese["number"])["timeline"][1]
    assert line["actor"] == "系统自动派单"
