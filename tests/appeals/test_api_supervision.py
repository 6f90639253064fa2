"""督办 over the API: a supervisor's numbered batch, its appeals and their progress; an appeal
that becomes a project and its milestones."""

import datetime as dt

from onething.core import clock

from .api_support import SHANGHAI, Api, error_code, fields_of


def _closed(city, number: str) -> None:
    Api(city, "officer.wx-cg").act(number, "reply", {"text": "已修复。"})
    Api(city, "zhangwei").act(number, "follow-up", {"rating": 5})


def test_a_batch_follows_its_appeals_to_done(city):
    supervisor = Api(city, "supervisor")
    deadline = clock.today() + dt.timedelta(days=30)
    batch_in = {
        "number": 90,
        "title": "微幸福第九十批督办",
        "deadline": deadline.isoformat(),
        "programme": "weixingfu",
    }
    for who in ("zhangwei", "officer.wx-cg", "dispatcher"):
        refused = Api(city, who).post("/api/supervision-batches", batch_in)
        assert error_code(refused, 403) == "permission_denied"
    assert fields_of(supervisor.post("/api/supervision-batches", {**batch_in, "number": 0})) == {
        "number": "min"
    }
    past = {**batch_in, "deadline": "2020-01-01", "programme": "nope"}
    assert fields_of(supervisor.post("/api/supervision-batches", past)) == {
        "deadline": "past",
        "programme": "unknown",
    }
    created = supervisor.post("/api/supervision-batches", batch_in)
    assert created.status_code == 201, created.content
    batch = created.json()
    assert created["Location"] == f"/api/supervision-batches/{batch['id']}"
    assert (batch["total"], batch["done"], batch["programme"]["code"]) == (0, 0, "weixingfu")
    twice = supervisor.post("/api/supervision-batches", batch_in)
    assert fields_of(twice) == {"number": "unique"}

    zhang = Api(city, "zhangwei")
    first = zhang.submit(programme="weixingfu")["number"]
    second = zhang.submit(programme="weixingfu", title="鸿翔路西段路灯不亮")["number"]
    items = f"/api/supervision-batches/{batch['id']}/items"
    unknown = supervisor.post(items, {"numbers": [first, "SQ-NO-SUCH", "SQ-NONE"]})
    assert fields_of(unknown) == {"numbers.1": "unknown", "numbers.2": "unknown"}
    assert supervisor.get(f"/api/supervision-batches/{batch['id']}").json()["items"] == []
    assert fields_of(supervisor.post(items, {"numbers": []})) == {"numbers": "required"}
    added = supervisor.post(items, {"numbers": [first, second], "note": "月底前完成"})
    assert added.status_code == 200, added.content
    assert [i["number"] for i in added.json()["items"]] == [first, second]
    again = supervisor.post(items, {"numbers": [second]})
    assert error_code(again, 409) == "already_supervised"
    assert again.json()["error"]["details"] == {"numbers": [second]}

    _closed(city, first)
    detail = supervisor.get(f"/api/supervision-batches/{batch['id']}").json()
    assert (detail["total"], detail["done"]) == (2, 1)
    progress = {i["number"]: i for i in detail["items"]}
    assert progress[first]["done"] is True and progress[first]["status"] == "closed"
    assert progress[second]["done"] is False
    assert progress[second]["department"]["code"] == "WX-CG"
    assert progress[second]["note"] == "月底前完成"
    assert progress[second]["deadline"]["state"] == "on_time"
    assert progress[second]["late_for_batch"] is False
    listed = supervisor.get("/api/supervision-batches", page_size=200).json()["items"]
    row = next(b for b in listed if b["id"] == batch["id"])
    assert (row["total"], row["done"]) == (2, 1)

    late = dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(10), SHANGHAI)
    with clock.frozen(late):
        progress = supervisor.get(f"/api/supervision-batches/{batch['id']}").json()["items"]
        assert [i["late_for_batch"] for i in progress] == [False, True]

    # the requester sees the supervision on the appeal; the handling officer sees the batch
    supervised = zhang.detail(second)["supervisions"]
    assert [s["batch_title"] for s in supervised] == ["微幸福第九十批督办"]
    assert (
        Api(city, "officer.wx-cg").get(f"/api/supervision-batches/{batch['id']}").status_code == 200
    )
    elsewhere = Api(city, "officer.qmq").get(f"/api/supervision-batches/{batch['id']}")
    assert error_code(elsewhere, 404) == "not_found"
    assert error_code(zhang.get(f"/api/supervision-batches/{batch['id']}"), 404) == "not_found"


def test_an_appeal_becomes_a_project_with_milestones(city):
    number = Api(city, "zhangwei").submit(title="鸿翔路路灯整体老化")["number"]
    officer = Api(city, "officer.wx-cg")
    url = f"/api/appeals/{number}/project"
    body = {
        "name": "鸿翔路路灯LED改造",
        "budget_fen": 12_500_000,
        "planned": {"approval": "2026-12-01", "completion": "2027-03-31"},
    }
    assert fields_of(officer.post(url, {**body, "budget_fen": -1})) == {"budget_fen": "min"}
    assert fields_of(officer.post(url, {**body, "planned": {"design": "2026-12-01"}})) == {
        "planned.design": "choice"
    }
    assert fields_of(officer.post(url, {**body, "planned": {"tender": "soon"}})) == {
        "planned.tender": "type"
    }
    assert error_code(Api(city, "officer.qmq").post(url, body), 404) == "not_found"
    assert error_code(Api(city, "zhangwei").post(url, body), 403) == "permission_denied"
    created = officer.post(url, body)
    assert created.status_code == 201, created.content
    project = created.json()
    assert project["budget_fen"] == 12_500_000
    assert [(m["stage"], m["planned_on"]) for m in project["milestones"]] == [
        ("approval", "2026-12-01"),
        ("tender", None),
        ("construction", None),
        ("completion", "2027-03-31"),
    ]
    assert error_code(officer.post(url, body), 409) == "already_project"

    milestones = f"/api/projects/{project['id']}/milestones"
    today = clock.today()
    out_of_order = officer.post(milestones, {"stage": "tender", "done_on": today.isoformat()})
    assert error_code(out_of_order, 409) == "stage_order"
    future = (today + dt.timedelta(days=3)).isoformat()
    assert fields_of(officer.post(milestones, {"stage": "approval", "done_on": future})) == {
        "done_on": "future"
    }
    assert fields_of(officer.post(milestones, {"stage": "design"})) == {"stage": "choice"}
    done = officer.post(milestones, {"stage": "approval", "done_on": today.isoformat()})
    assert done.status_code == 200, done.content
    assert done.json()["milestones"][0]["done_on"] == today.isoformat()

    shown = Api(city, "zhangwei").detail(number)
    assert shown["project"]["name"] == "鸿翔路路灯LED改造"
    assert shown["project"]["milestones"][0]["done_on"] == today.isoformat()
    assert [e["kind"] for e in shown["timeline"]][-2:] == ["project", "milestone"]
