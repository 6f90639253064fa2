"""The flow over the API: 退单 and 改派, who may act, due dates across the National Day
holiday (dates checked against chinesecalendar: 2025-10-01..08 off, Sunday 09-28 and
Saturday 10-11 make-up workdays), reopening after an unsatisfied follow-up, extensions."""

from onething.core import clock

from .api_support import STREETLIGHT, Api, at, error_code, fields_of

INQUIRY = {
    "type": "inquiry",
    "category": "other",
    "title": "社区老年食堂开放时间",
    "text": "想咨询一下社区老年食堂的开放时间和就餐办法。",
    "region": "320281009",  # no rule: it waits for the dispatcher
}


def test_return_and_redispatch(city):
    appeal = Api(city, "zhangwei").submit()
    number = appeal["number"]
    assert appeal["department"]["code"] == "WX-CG"
    elsewhere = Api(city, "officer.qmq")
    assert error_code(elsewhere.get(f"/api/appeals/{number}"), 404) == "not_found"
    assert error_code(elsewhere.post(f"/api/appeals/{number}/reply", {"text": "好"}), 404)

    officer = Api(city, "officer.wx-cg")
    assert fields_of(officer.post(f"/api/appeals/{number}/return", {"reason": " "})) == {
        "reason": "required"
    }
    assert fields_of(officer.post(f"/api/appeals/{number}/return", {})) == {"reason": "required"}
    returned = officer.act(number, "return", {"reason": "该路段路灯由胡埭镇负责维护"})
    assert (returned["status"], returned["department"]) == ("returned", None)
    # no longer theirs, and never answered by them: out of their sight
    assert error_code(officer.post(f"/api/appeals/{number}/reply", {"text": "已修复"}), 404)
    assert error_code(officer.get(f"/api/appeals/{number}"), 404) == "not_found"

    dispatcher = Api(city, "dispatcher")
    queue = dispatcher.get("/api/appeals", queue="dispatch", q=number).json()
    assert [row["status"] for row in queue["items"]] == ["returned"]
    assert "dispatch" in dispatcher.detail(number)["actions"]
    sent = dispatcher.act(number, "dispatch", {"department": "HD-ZF", "note": "属地处理"})
    assert (sent["status"], sent["department"]["code"]) == ("dispatched", "HD-ZF")
    again = dispatcher.post(f"/api/appeals/{number}/dispatch", {"department": "HD-ZF"})
    assert fields_of(again) == {"department": "same"}
    unknown = dispatcher.post(f"/api/appeals/{number}/dispatch", {"department": "NOPE"})
    assert fields_of(unknown) == {"department": "unknown"}
    moved = dispatcher.act(number, "dispatch", {"department": "QMQ-JB"})
    assert (moved["status"], moved["department"]["code"]) == ("dispatched", "QMQ-JB")
    assert elsewhere.get(f"/api/appeals/{number}").status_code == 200

    zhang = Api(city, "zhangwei")
    assert error_code(zhang.post(f"/api/appeals/{number}/dispatch", {"department": "WX-CG"}), 403)
    requester_sees = [e["kind"] for e in zhang.detail(number)["timeline"]]
    assert requester_sees == ["received", "dispatch", "dispatch", "redispatch"]  # no 退单
    staff_sees = [e["kind"] for e in dispatcher.detail(number)["timeline"]]
    assert staff_sees == ["received", "dispatch", "return", "dispatch", "redispatch"]


def test_only_the_responsible_department_acts(city):
    # an officer of 清名桥街道 records a visit about a lamp in 胡埭镇: routed to WX-CG
    qmq = Api(city, "officer.qmq")
    appeal = qmq.submit(channel="visit")
    number = appeal["number"]
    assert (appeal["channel"], appeal["department"]["code"]) == ("visit", "WX-CG")
    assert "reply" not in appeal["actions"]
    for action, body in (
        ("reply", {"text": "已处理"}),
        ("accept", {}),
        ("return", {"reason": "x"}),
    ):
        assert error_code(qmq.post(f"/api/appeals/{number}/{action}", body), 403) == (
            "not_responsible"
        )
    officer = Api(city, "officer.wx-cg")
    assert officer.act(number, "accept")["status"] == "handling"
    assert error_code(officer.post(f"/api/appeals/{number}/accept"), 409) == "invalid_transition"
    staff_only = qmq.post("/api/appeals", {**STREETLIGHT, "channel": "platform"})
    assert fields_of(staff_only) == {"channel": "choice"}


def test_due_dates_count_working_days_across_holidays(city):
    zhang = Api(city, "zhangwei")
    with clock.frozen(at("2025-09-30")):
        inquiry = zhang.submit(**INQUIRY)
        demand = zhang.submit()
    assert inquiry["deadline"]["due"] == "2025-10-11"  # 10-09, 10-10, Saturday 10-11
    assert demand["deadline"]["due"] == "2025-10-24"
    assert inquiry["deadline"]["provisional"] is False
    with clock.frozen(at("2025-09-27")):  # a Saturday before the make-up Sunday
        urgent = zhang.submit(urgency="urgent")
    assert urgent["deadline"]["due"] == "2025-09-28"
    with clock.frozen(at("2025-11-15")):  # an ordinary Saturday
        assert zhang.submit(urgency="urgent")["deadline"]["due"] == "2025-11-17"
    with clock.frozen(at("2025-11-17")):  # a Monday: the same day
        assert zhang.submit(urgency="urgent")["deadline"]["due"] == "2025-11-17"

    number = inquiry["number"]
    dispatcher = Api(city, "dispatcher")

    def found(deadline: str) -> bool:
        rows = dispatcher.get("/api/appeals", deadline=deadline, q=number).json()["items"]
        return [r["number"] for r in rows] == [number]

    with clock.frozen(at("2025-10-09")):
        assert dispatcher.detail(number)["deadline"]["state"] == "on_time"
        assert not found("warning") and not found("overdue")
    with clock.frozen(at("2025-10-11")):
        deadline = dispatcher.detail(number)["deadline"]
        assert (deadline["state"], deadline["days_left"]) == ("warning", 0)
        assert found("warning") and not found("overdue")
    with clock.frozen(at("2025-10-13")):
        assert dispatcher.detail(number)["deadline"]["state"] == "overdue"
        assert found("overdue") and not found("warning")
    assert fields_of(dispatcher.get("/api/appeals", deadline="soon")) == {"deadline": "choice"}


def test_an_unsatisfied_rating_reopens_once(city):
    zhang, officer = Api(city, "zhangwei"), Api(city, "officer.wx-cg")
    with clock.frozen(at("2025-09-30")):
        number = zhang.submit()["number"]
    assert error_code(zhang.post(f"/api/appeals/{number}/follow-up", {"rating": 3}), 409) == (
        "not_replied"
    )
    with clock.frozen(at("2025-10-09")):
        officer.act(number, "accept")
        replied = officer.act(number, "reply", {"text": "已安排维修，今晚恢复照明。"})
    assert replied["status"] == "replied"
    assert zhang.detail(number)["actions"] == ["follow_up"]
    for rating in (0, 6):
        assert fields_of(zhang.post(f"/api/appeals/{number}/follow-up", {"rating": rating})) == {
            "rating": "min" if rating == 0 else "max"
        }
    stranger = Api(city, "qiye.chengfeng").post(f"/api/appeals/{number}/follow-up", {"rating": 5})
    assert error_code(stranger, 404) == "not_found"

    with clock.frozen(at("2025-10-10")):
        reopened = zhang.act(number, "follow-up", {"rating": 2, "comment": "灯还是不亮"})
    assert (reopened["status"], reopened["round"]) == ("handling", 2)
    assert reopened["deadline"]["due"] == "2025-10-28"  # 13 working days after 10-10
    assert reopened["rating"] == 2
    assert error_code(zhang.post(f"/api/appeals/{number}/follow-up", {"rating": 4}), 409) == (
        "not_replied"
    )
    with clock.frozen(at("2025-10-13")):
        officer.act(number, "reply", {"text": "已更换灯具并复查，照明正常。"})
        closed = zhang.act(number, "follow-up", {"rating": 4})
    assert (closed["status"], closed["rating"]) == ("closed", 4)
    third = zhang.post(f"/api/appeals/{number}/follow-up", {"rating": 5})
    assert error_code(third, 409) == "already_rated"
    detail = zhang.detail(number)
    assert [(r["round"], r["department"]["code"]) for r in detail["replies"]] == [
        (1, "WX-CG"),
        (2, "WX-CG"),
    ]
    assert [(f["round"], f["rating"]) for f in detail["follow_ups"]] == [(1, 2), (2, 4)]
    assert detail["actions"] == []


def test_who_answered_once_cannot_act_after_a_return(city):
    zhang, officer = Api(city, "zhangwei"), Api(city, "officer.wx-cg")
    number = zhang.submit()["number"]
    officer.act(number, "reply", {"text": "已报修。"})
    zhang.act(number, "follow-up", {"rating": 1})
    officer.act(number, "return", {"reason": "属胡埭镇管养路段"})
    # still in sight (they answered round 1), but no longer theirs
    assert officer.detail(number)["status"] == "returned"
    answer = officer.post(f"/api/appeals/{number}/reply", {"text": "已修复"})
    assert error_code(answer, 403) == "not_responsible"


def test_an_extension_moves_the_due_date_once_approved(city):
    zhang, officer = Api(city, "zhangwei"), Api(city, "officer.wx-cg")
    supervisor = Api(city, "supervisor")
    with clock.frozen(at("2025-09-30")):
        number = zhang.submit()["number"]
    with clock.frozen(at("2025-10-20")):
        for days in (0, 31):
            too = officer.post(
                f"/api/appeals/{number}/extensions", {"working_days": days, "reason": "需采购灯具"}
            )
            assert fields_of(too) == {"working_days": "min" if days == 0 else "max"}
        asked = officer.post(
            f"/api/appeals/{number}/extensions", {"working_days": 5, "reason": "需采购灯具"}
        )
        assert asked.status_code == 201, asked.content
        extension = asked.json()
        assert (extension["status"], extension["appeal"]) == ("pending", number)
        twice = officer.post(
            f"/api/appeals/{number}/extensions", {"working_days": 2, "reason": "再等等"}
        )
        assert error_code(twice, 409) == "extension_pending"
        assert "extend" not in officer.detail(number)["actions"]
        pending = supervisor.get("/api/extensions", page_size=200).json()["items"]
        assert extension["id"] in [e["id"] for e in pending]
        decide = f"/api/extensions/{extension['id']}/decision"
        assert error_code(officer.post(decide, {"approve": True}), 403) == "permission_denied"
        approved = supervisor.post(decide, {"approve": True, "note": "同意"})
        assert approved.status_code == 200, approved.content
        assert (approved.json()["status"], approved.json()["new_due_date"]) == (
            "approved",
            "2025-10-31",
        )
        assert zhang.detail(number)["deadline"]["due"] == "2025-10-31"
        assert error_code(supervisor.post(decide, {"approve": False}), 409) == "already_decided"
        pending = supervisor.get("/api/extensions", page_size=200).json()["items"]
        assert extension["id"] not in [e["id"] for e in pending]
