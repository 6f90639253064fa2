"""红黑榜 over the API: the public lists (anonymous; a batch not published is a 404), a
draft with its Idempotency-Key (a second one of the same year and sequence: 409), the moves
with their refusals in the reader's language (zh-hans), the sites' scores as JSON or a file,
and the rectifications (another department's: 404; closed without evidence: 409)."""

from __future__ import annotations

import json

import pytest

from onething.citymgmt.models import RankingBatch, Rectification
from onething.core import clock
from tests.files import png

from .world_ranking import BATCH, at, build

NOW = at("2021-10-15")


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


def post(client, url: str, body: dict | None = None, **headers):
    return client.post(
        f"/api/citymgmt{url}",
        json.dumps(body or {}),
        content_type="application/json",
        **headers,
    )


def drafted(city, world, **overrides) -> int:
    office = city.client("rank.office", "en")
    answer = post(office, "/batches", {**BATCH, **overrides})
    assert answer.status_code == 201, answer.content
    return answer.json()["id"]


def drawn_and_approved(city, world) -> int:
    batch_id = drafted(city, world)
    office, supervisor = city.client("rank.office", "en"), city.client("supervisor", "en")
    assert post(office, f"/batches/{batch_id}/draw").status_code == 200
    assert post(supervisor, f"/batches/{batch_id}/approve", {"note": "同意"}).status_code == 200
    return batch_id


def test_the_public_sees_published_batches_only(city):
    world = build(city)
    anonymous = city.client()
    batch_id = drawn_and_approved(city, world)
    assert anonymous.get("/api/citymgmt/rankings").json()["count"] == 0
    hidden = anonymous.get("/api/citymgmt/rankings/2021-3")
    assert hidden.status_code == 404
    assert hidden.json()["error"]["code"] == "not_found"
    assert "2021" in hidden.json()["error"]["message"]
    assert anonymous.get("/api/citymgmt/rankings/2021-x").status_code == 404
    published = post(city.client("rank.office", "en"), f"/batches/{batch_id}/publish")
    assert published.status_code == 200, published.content
    listed = anonymous.get("/api/citymgmt/rankings").json()
    assert [(b["key"], b["title"]) for b in listed["items"]] == [("2021-3", "2021年第三批")]
    body = anonymous.get("/api/citymgmt/rankings/2021-3").json()
    (lanes,) = body["lists"]
    assert lanes["category"]["criteria"] == [
        {"name": "居民评议", "weight": 50},
        {"name": "巡查考评", "weight": 30},
        {"name": "12345投诉", "weight": 20},
    ]
    assert [e["name"] for e in lanes["red"]] == ["春潮菜场支路", "旺庄路北支巷"]
    assert [e["name"] for e in lanes["black"]] == ["新华路西弄", "长江北路小巷"]  # worst first
    assert lanes["red"][0]["score"] == "94.00" and lanes["red"][0]["rank"] == 1
    assert lanes["red"][0]["rectification"] is None
    task = lanes["black"][0]["rectification"]
    assert (task["status"], task["due_on"], task["deadline"]) == ("open", "2021-11-12", "on_time")
    assert lanes["ranked"] == 6
    assert "evidence" not in json.dumps(body)


def test_a_draft_is_idempotent_and_a_second_one_is_a_409(city):
    build(city)
    office = city.client("rank.office", "en")
    key = {"HTTP_IDEMPOTENCY_KEY": "batch-2021-3"}
    first = post(office, "/batches", BATCH, **key)
    assert first.status_code == 201, first.content
    assert first["Location"] == f"/api/citymgmt/batches/{first.json()['id']}"
    assert (first.json()["status"], first.json()["actions"]) == ("draft", ["draw"])
    again = post(office, "/batches", BATCH, **key)
    assert (again.status_code, again.json()["id"]) == (201, first.json()["id"])
    second = post(office, "/batches", BATCH)
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "duplicate_batch"
    assert RankingBatch.objects.count() == 1


def test_refusals_read_in_chinese(city):
    world = build(city)
    office = city.client("rank.office")  # zh-hans
    weights = post(
        office,
        "/ranking-categories",
        {
            "code": "sites",
            "name": "建筑工地",
            "subject": "sites",
            "criteria": [{"name": "扬尘管控", "weight": 50}, {"name": "围挡设置", "weight": 40}],
        },
    )
    assert weights.status_code == 422
    (problem,) = weights.json()["error"]["details"]["fields"]
    assert (problem["field"], problem["rule"]) == ("criteria", "weights_total")
    assert problem["message"] == "各项权重合计为 90，须合计为 100。"
    refused = post(office, "/batches", {**BATCH, "rule": "thresholds", "region_code": "1"})
    assert refused.status_code == 422
    fields = {f["field"]: f["message"] for f in refused.json()["error"]["details"]["fields"]}
    assert fields["region"] == "未知区划 1。" or "1" in fields["region"]
    assert fields["red_at_least"] == "请填写分数（0 至 100）。"
    batch_id = drafted(city, world)
    assert post(office, f"/batches/{batch_id}/draw").status_code == 200
    unapproved = post(office, f"/batches/{batch_id}/publish")
    assert unapproved.status_code == 409
    assert unapproved.json()["error"] == {
        "code": "not_approved",
        "message": "该批次尚未审定：红黑榜须经督查人员审定后方可发布。",
        "details": {"status": "computed", "action": "publish", "allowed_from": ["approved"]},
    }
    not_yours = post(office, f"/batches/{batch_id}/approve")
    assert not_yours.status_code == 403
    assert not_yours.json()["error"]["message"] == "您的角色不能对批次执行“审定”。"


def test_the_sites_scores_as_json_or_a_file(city):
    build(city)
    office = city.client("rank.office", "en")
    batch_id = drafted(city, None, categories=["markets"], red_count=1, black_count=1, sequence=5)
    rows = [
        {"site": "M-WZ-01", "marks": {"环境卫生": 90, "经营秩序": 80}},
        {"site": "M-WZ-02", "marks": {"环境卫生": 50}},
    ]
    refused = post(office, f"/batches/{batch_id}/site-scores", {"rows": rows})
    assert refused.status_code == 422
    assert [f["field"] for f in refused.json()["error"]["details"]["fields"]] == [
        "rows.1.marks.经营秩序"
    ]
    rows[1]["marks"]["经营秩序"] = 60
    taken = post(office, f"/batches/{batch_id}/site-scores", {"rows": rows})
    assert taken.status_code == 200, taken.content
    assert [e["score"] for e in taken.json()["entries"]] == ["86.00", "54.00"]
    sheet = "场所编号,环境卫生,经营秩序\nM-WZ-02,70,70\n".encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = office.post(
        f"/api/citymgmt/batches/{batch_id}/site-scores",
        {"file": SimpleUploadedFile("scores.csv", sheet, content_type="text/csv")},
    )
    assert upload.status_code == 200, upload.content
    assert upload.json()["scored"] == 1 and upload.json()["entries"][0]["score"] == "70.00"
    bad = office.post(
        f"/api/citymgmt/batches/{batch_id}/site-scores",
        {"file": SimpleUploadedFile("scores.csv", b"x,y\n1,2\n", content_type="text/csv")},
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["details"]["fields"][0]["rule"] == "missing_column"
    not_json = office.post(
        f"/api/citymgmt/batches/{batch_id}/site-scores", "{", content_type="application/json"
    )
    assert not_json.status_code == 422


def test_the_rectifications_by_their_department(city):
    world = build(city)
    batch_id = drawn_and_approved(city, world)
    assert post(city.client("rank.office", "en"), f"/batches/{batch_id}/publish").status_code == 200
    task = Rectification.objects.order_by("entry__rank").first()
    managing = city.client("rank.wangzhuang", "en")
    listed = managing.get("/api/citymgmt/rectifications?mine=true").json()
    assert listed["count"] == 2
    assert listed["items"][0]["department_name"] == "新吴区旺庄街道办事处"
    other = city.client("officer.binhu", "en")
    assert other.get(f"/api/citymgmt/rectifications/{task.pk}").status_code == 404
    assert other.get("/api/citymgmt/rectifications").json()["count"] == 0
    assert post(other, f"/rectifications/{task.pk}/submit", {"evidence": "x"}).status_code == 404
    office = city.client("rank.office", "en")
    early = post(office, f"/rectifications/{task.pk}/close")
    assert (early.status_code, early.json()["error"]["code"]) == (409, "no_evidence")
    empty = post(managing, f"/rectifications/{task.pk}/submit", {"evidence": ""})
    assert empty.status_code == 422
    assert empty.json()["error"]["details"]["fields"][0]["field"] == "evidence"
    from django.core.files.uploadedfile import SimpleUploadedFile

    submitted = managing.post(
        f"/api/citymgmt/rectifications/{task.pk}/submit",
        {
            "evidence": "已修复破损路面，清理占道经营",
            "photos": [SimpleUploadedFile("after.png", png(), content_type="image/png")],
        },
    )
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert (body["status"], len(body["photos"]), body["actions"]) == ("submitted", 1, [])
    photo = managing.get(f"/api/citymgmt/rectifications/{task.pk}/photos/{body['photos'][0]['id']}")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert office.get(f"/api/citymgmt/rectifications/{task.pk}").json()["actions"] == [
        "close",
        "send_back",
    ]
    back = post(office, f"/rectifications/{task.pk}/send-back", {"reason": "缺少整改后全景照片"})
    assert back.json()["status"] == "open"
    assert (
        post(
            managing, f"/rectifications/{task.pk}/submit", {"evidence": "补充全景照片"}
        ).status_code
        == 200
    )
    closed = post(office, f"/rectifications/{task.pk}/close", {"note": "核验通过"})
    assert closed.json()["status"] == "closed"
    assert [s["action"] for s in closed.json()["steps"]] == [
        "create",
        "submit",
        "send_back",
        "submit",
        "close",
    ]
