"""新街·吴韵 scoring over HTTP (``/api/citymgmt/``), in Chinese as a phone or a device
asking for zh-hans gets it: a device's score with its own token (a wrong one 401), marks
outside 1–5 (422 naming each criterion), a second score (409), a device over its rate (429
with Retry-After), an idempotent retry; a resident's score; the public criteria, months and
a street's months; the staff's list and review (another district's office refused); an
inspector's check; closing a month."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client, override_settings

from onething.citymgmt.models import StreetScore
from onething.core import clock
from tests.citymgmt import world_scoring
from tests.citymgmt.world_scoring import GOOD, at

pytestmark = pytest.mark.django_db
NOW = at("2021-11-15", 10)
BASE = "/api/citymgmt"


@pytest.fixture
def w(city):
    with clock.frozen(NOW):
        yield world_scoring.build(city)


def device(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="zh-hans")


def post(client: Client, path: str, body, when=NOW, **headers):
    with clock.frozen(when):
        return client.post(
            BASE + path, json.dumps(body), content_type="application/json", **headers
        )


def get(client: Client, path: str, when=NOW, **params):
    with clock.frozen(when):
        return client.get(BASE + path, params)


def fields(answer) -> dict:
    return {p["field"]: p for p in answer.json()["error"]["details"]["fields"]}


def test_the_criteria_and_weights_are_public(w):
    answer = get(Client(HTTP_ACCEPT_LANGUAGE="zh-hans"), "/criteria")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert [c["code"] for c in body["criteria"]] == [
        "sanitation",
        "traffic_order",
        "facilities",
        "shop_signs",
    ]
    assert body["criteria"][0]["name"] == "环境卫生"
    assert [(x["part"], x["weight"]) for x in body["weights"]] == [
        ("residents", 50),
        ("inspections", 30),
        ("complaints", 20),
    ]
    assert body["weights"][0]["label"] == "居民评议"
    assert body["marks"] == {"min": 1, "max": 5} and body["complaint_penalty"] == 10
    assert "每件投诉扣 10 分" in body["rules"]


def test_a_device_scores_with_its_own_token(w):
    answer = post(device(w.token), "/scores", {"marks": GOOD, "voter": "320211199001011234"})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["street"] == w.chunchao.code and body["street_name"] == "春潮菜场支路"
    assert body["channel"] == "device" and body["status"] == "counted"
    assert body["status_label"] == "已计入"
    assert body["average"] == 4.25 and body["marks"] == GOOD and body["day"] == "2021-11-15"
    assert "voter" not in body and "320211199001011234" not in answer.content.decode()


def test_a_wrong_token_is_401(w):
    answer = post(device("sp_not-a-token"), "/scores", {"marks": GOOD})
    assert answer.status_code == 401
    assert answer.json()["error"]["message"] == "评议设备令牌无效。"
    assert post(Client(), "/scores", {"marks": GOOD, "street": w.chunchao.code}).status_code == 401
    assert not StreetScore.objects.exists()


def test_marks_outside_1_to_5_are_422_naming_each_criterion_in_chinese(w):
    answer = post(
        device(w.token),
        "/scores",
        {"marks": {"sanitation": 0, "traffic_order": "五", "facilities": 4}},
    )
    assert answer.status_code == 422, answer.content
    found = fields(answer)
    assert set(found) == {"marks.sanitation", "marks.traffic_order", "marks.shop_signs"}
    assert found["marks.sanitation"]["message"] == "“环境卫生”的得分须为 1 至 5 的整数。"
    assert found["marks.shop_signs"]["message"] == "请为“店招广告”打 1 至 5 分。"


def test_a_second_score_the_same_day_is_409(w):
    client = device(w.token)
    assert post(client, "/scores", {"marks": GOOD, "voter": "R1"}).status_code == 201
    again = post(client, "/scores", {"marks": GOOD, "voter": "R1"})
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "already_scored_today"
    assert error["message"] == "您今天已评议过春潮菜场支路：每天只能评议一次。"


@override_settings(ONETHING_SCORE_DEVICE_LIMITS=[(2, 60), (600, 86400)])
def test_a_device_over_its_rate_is_429_with_retry_after(w):
    client = device(w.token)
    for n in range(2):
        assert post(client, "/scores", {"marks": GOOD, "voter": f"R{n}"}).status_code == 201
    refused = post(client, "/scores", {"marks": GOOD, "voter": "R9"})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "device_rate"
    assert "该评议设备提交过于频繁" in refused.json()["error"]["message"]


def test_a_retry_with_the_same_key_answers_the_first_score(w):
    client = device(w.token)
    first = post(client, "/scores", {"marks": GOOD}, HTTP_IDEMPOTENCY_KEY="dev-1")
    again = post(client, "/scores", {"marks": GOOD}, HTTP_IDEMPOTENCY_KEY="dev-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and StreetScore.objects.count() == 1


def test_a_signed_in_resident_scores_a_street(w):
    client = w.city.client("zhangwei")
    answer = post(
        client, "/scores", {"street": w.wangzhuang.code, "marks": GOOD, "comment": "很整洁"}
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["channel"] == "web" and answer.json()["comment"] == "很整洁"
    unknown = post(client, "/scores", {"street": "NOPE", "marks": GOOD})
    assert unknown.status_code == 422 and "street" in fields(unknown)
    officer = post(
        w.city.client("officer.binhu"), "/scores", {"street": w.wangzhuang.code, "marks": GOOD}
    )
    assert officer.status_code == 403 and officer.json()["error"]["message"] == "街巷由居民评议。"


def test_staff_list_and_review_scoped_to_their_district(w):
    for n in range(10):
        world_scoring.history(
            w.chunchao, dt.date(2021, 11, 1) + dt.timedelta(days=n), [5], first_voter=n
        )
    low = post(device(w.token), "/scores", {"marks": dict.fromkeys(GOOD, 1), "voter": "R1"}).json()
    assert low["status"] == "flagged" and low["flag_label"] == "与该街巷近 30 天评分相差过大"
    office = w.city.client(w.user(w.office).username)
    listed = get(office, "/scores", status="flagged")
    assert listed.status_code == 200
    assert [s["id"] for s in listed.json()["items"]] == [low["id"]]
    other = w.city.client(w.user(w.other_office).username)
    assert get(other, "/scores").json()["items"] == []
    refused = post(other, f"/scores/{low['id']}/review", {"action": "accept"})
    assert refused.status_code == 404
    managing = w.city.client(w.user(w.managing).username)
    assert post(managing, f"/scores/{low['id']}/review", {"action": "accept"}).status_code == 403
    accepted = post(office, f"/scores/{low['id']}/review", {"action": "accept", "note": "已核实"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "counted"
    again = post(office, f"/scores/{low['id']}/review", {"action": "reject"})
    assert again.status_code == 409
    assert "只有待复核的评议可以采纳或剔除" in again.json()["error"]["message"]
    assert get(Client(), "/scores").status_code == 401


def test_an_inspector_records_a_check(w):
    inspector = w.city.client(w.user(w.inspector).username)
    answer = post(
        inspector, "/inspections", {"street": w.chunchao.code, "mark": 85, "findings": "整洁"}
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["mark"] == 85 and answer.json()["street_name"] == "春潮菜场支路"
    refused = post(inspector, "/inspections", {"street": w.hudai.code, "mark": 120})
    assert refused.status_code == 422
    assert set(fields(refused)) == {"street", "mark"}
    assert fields(refused)["mark"]["message"] == "得分须为 0 至 100 的整数。"
    assert [i["id"] for i in get(inspector, "/inspections").json()["items"]] == [
        answer.json()["id"]
    ]


def test_months_are_closed_by_the_citys_office_and_public(w):
    post(device(w.token), "/scores", {"marks": GOOD, "voter": "R1"})
    city_office = w.city.client(w.user(w.city_office).username)
    december = at("2021-12-01", 9)
    bad = post(city_office, "/months/2021-13/close", {}, when=december)
    assert bad.status_code == 422 and "month" in fields(bad)
    early = post(city_office, "/months/2021-12/close", {}, when=december)
    assert early.status_code == 409 and early.json()["error"]["code"] == "month_not_over"
    district = post(
        w.city.client(w.user(w.office).username), "/months/2021-11/close", {}, when=december
    )
    assert district.status_code == 403
    closed = post(city_office, "/months/2021-11/close", {}, when=december)
    assert closed.status_code == 201, closed.content
    assert closed.json() == {
        "month": "2021-11",
        "closed_at": closed.json()["closed_at"],
        "streets": 1,
    }
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    months = get(anonymous, "/months", when=december).json()
    assert [m["month"] for m in months["items"]] == ["2021-11"]
    table = get(anonymous, "/months/2021-11", when=december).json()
    (row,) = table["rows"]
    assert row["street_name"] == "春潮菜场支路" and row["resident_mean"] == 4.25
    # residents (4.25 → 81.25) 50 and complaints (none → 100) 20, rescaled to 100
    assert row["weights"] == {"residents": 71.43, "complaints": 28.57}
    assert row["score"] == 86.61
    street = get(anonymous, f"/streets/{w.chunchao.code}/months", when=december).json()
    assert [m["score"] for m in street["items"]] == [86.61]
    assert get(anonymous, "/months/2021-10", when=december).status_code == 404
