"""Night duty's API: plan and publish a roster (201 then 200, warnings in the answer; 409
once published), check in (409 off the night, 403 another's night), record a visit (201,
its demands' appeals; 422 naming every field; a retry with the same key answers the first),
raise one more demand, who is refused what (another town's leader 404, a citizen and an
officer 403, nobody 401), the figures (the public's with no personal data)."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.appeals.models import Appeal
from onething.core import clock
from onething.duty.models import DutyNight

from .support import BEFORE, DEMAND, QIAN, TAO, ZHOU, at, published_roster, twice_a_week

TUESDAY = dt.date(2025, 12, 9)


class Api:
    def __init__(self, city, username: str | None):
        self.client = city.client(username, "en")

    def post(self, url, data=None, **headers):
        return self.client.post(url, data or {}, content_type="application/json", **headers)

    def get(self, url, **params):
        return self.client.get(url, params)


def fields_of(answer) -> dict[str, str]:
    assert answer.status_code == 422, answer.content
    return {f["field"]: f["rule"] for f in answer.json()["error"]["details"]["fields"]}


def plan_body(city) -> dict:
    nights = twice_a_week(city, TAO) + twice_a_week(city, ZHOU, (0, 2))
    return {"month": "2025-12", "nights": [{**n, "date": n["date"].isoformat()} for n in nights]}


def test_plan_and_publish_a_roster(city):
    tao = Api(city, TAO)
    body = plan_body(city)
    only_tao = {**body, "nights": body["nights"][:9]}
    with clock.frozen(BEFORE):
        first = tao.post("/api/duty/rosters", only_tao)
        assert first.status_code == 201, first.content
        roster = first.json()
        assert first["Location"] == f"/api/duty/rosters/{roster['id']}"
        assert roster["status"] == "draft" and roster["nights_planned"] == 9
        assert {w["leader_name"] for w in roster["warnings"]} == {"周文斌"}
        partial = [w for w in roster["warnings"] if w["partial"]]
        assert partial and "judged on them" in partial[0]["message"]
        again = tao.post("/api/duty/rosters", body)
        assert again.status_code == 200 and again.json()["warnings"] == []
        published = tao.post(f"/api/duty/rosters/{roster['id']}/publish")
        assert published.status_code == 200 and published.json()["status"] == "published"
        twice = tao.post(f"/api/duty/rosters/{roster['id']}/publish")
        assert twice.status_code == 409 and twice.json()["error"]["code"] == "invalid_transition"
        changed = tao.post("/api/duty/rosters", body)
        assert changed.status_code == 409
    listed = tao.get("/api/duty/rosters", month="2025-12").json()
    assert [r["id"] for r in listed["items"]] == [roster["id"]]
    detail = tao.get(f"/api/duty/rosters/{roster['id']}").json()
    assert {n["state"] for n in detail["nights"]} <= {"planned", "missed"}
    assert [p["name"] for p in detail["leaders"]] == sorted(["陶郁峻", "周文斌"]) or len(
        detail["leaders"]
    ) == 2


def test_a_plan_names_every_bad_field(city):
    with clock.frozen(BEFORE):
        answer = Api(city, TAO).post(
            "/api/duty/rosters",
            {
                "month": "2025-13",
                "nights": [{"leader": city.user(QIAN).pk, "date": "2025-12-01"}],
                "notes": "注" * 301,
            },
        )
    assert fields_of(answer) == {
        "month": "format",
        "nights.0.leader": "unknown",
        "notes": "max_length",
    }
    wrong_type = Api(city, TAO).post("/api/duty/rosters", {"month": "2025-12", "nights": "x"})
    assert "nights" in fields_of(wrong_type)


def test_check_in_on_the_night(city):
    published_roster(city)
    tao = Api(city, TAO)
    night = DutyNight.objects.get(leader=city.user(TAO), date=TUESDAY)
    with clock.frozen(at(TUESDAY, 12)):
        early = tao.post("/api/duty/nights/check-in", {"night": night.pk})
    assert early.status_code == 409 and early.json()["error"]["code"] == "not_tonight"
    with clock.frozen(at(TUESDAY, 19)):
        kept = tao.post("/api/duty/nights/check-in", {"night": night.pk, "place_note": "驻地"})
        assert kept.status_code == 200 and kept.json()["state"] == "kept"
        assert tao.post("/api/duty/nights/check-in", {"night": night.pk}).status_code == 409
        other = DutyNight.objects.get(leader=city.user(ZHOU), date=TUESDAY - dt.timedelta(days=1))
        assert tao.post("/api/duty/nights/check-in", {"night": other.pk}).status_code == 403
    with clock.frozen(at(TUESDAY + dt.timedelta(days=1), 7)):
        out = tao.post(f"/api/duty/nights/{night.pk}/check-out")
        assert out.status_code == 200 and out.json()["checked_out_at"]


def visit_body(**changes) -> dict:
    return {
        "at": "2025-12-09T19:40:00+08:00",
        "place": "申浦村",
        "met_names": "韩师傅等村民代表",
        "met_count": 6,
        "summary": "与村民代表座谈，听取对闲置房屋利用的建议。",
        "demands": [DEMAND],
        **changes,
    }


def test_record_a_visit_once_and_read_it(city):
    tao = Api(city, TAO)
    with clock.frozen(at(TUESDAY, 21)):
        first = tao.post("/api/duty/visits", visit_body(), HTTP_IDEMPOTENCY_KEY="visit-9-dec")
        assert first.status_code == 201, first.content
        again = tao.post("/api/duty/visits", visit_body(), HTTP_IDEMPOTENCY_KEY="visit-9-dec")
        assert again.status_code == 201 and again.json()["number"] == first.json()["number"]
        reused = tao.post(
            "/api/duty/visits", visit_body(place="申港村"), HTTP_IDEMPOTENCY_KEY="visit-9-dec"
        )
        assert reused.status_code == 409
    visit = first.json()
    assert first["Location"] == f"/api/duty/visits/{visit['number']}"
    (demand,) = visit["demands"]
    assert demand["contact_phone"] == "138****5678" and "13812345678" not in first.content.decode()
    assert demand["appeal"]["status"] == "received" and demand["appeal"]["replies"] == []
    assert Appeal.objects.filter(programme__code="daibanzhiban").count() == 1
    with clock.frozen(at(TUESDAY, 21, 30)):
        more = tao.post(
            f"/api/duty/visits/{visit['number']}/demands",
            {**DEMAND, "title": "再提一件"},
            HTTP_IDEMPOTENCY_KEY="more-1",
        )
    assert more.status_code == 201 and more.json()["position"] == 2
    listed = tao.get("/api/duty/visits", month="2025-12").json()
    assert [v["number"] for v in listed["items"]] == [visit["number"]]
    assert listed["items"][0]["demand_count"] == 2


def test_a_visit_names_every_bad_field(city):
    with clock.frozen(at(TUESDAY, 21)):
        answer = Api(city, TAO).post(
            "/api/duty/visits",
            visit_body(
                place="",
                met_count=10_000,
                demands=[DEMAND, {**DEMAND, "category": "nope", "contact_phone": "123"}],
            ),
        )
    problems = fields_of(answer)
    assert {"place", "met_count", "demands.1.category", "demands.1.contact_phone"} <= set(problems)
    assert not Appeal.objects.filter(programme__code="daibanzhiban").exists()


@pytest.mark.parametrize(
    ("username", "status"), [(QIAN, 404), ("zhangwei", 403), ("officer.binhu", 403), (None, 401)]
)
def test_who_is_refused(city, username, status):
    roster = published_roster(city).roster
    with clock.frozen(at(TUESDAY, 21)):
        number = Api(city, TAO).post("/api/duty/visits", visit_body()).json()["number"]
    other = Api(city, username)
    assert other.get(f"/api/duty/rosters/{roster.pk}").status_code == status
    assert other.get(f"/api/duty/visits/{number}").status_code == status
    if username == QIAN:
        assert other.get("/api/duty/rosters").json()["items"] == []
        assert other.get("/api/duty/visits").json()["items"] == []
    else:
        assert other.get("/api/duty/visits").status_code == status
    if username != QIAN:  # another town's leader records their own visits
        with clock.frozen(at(TUESDAY, 21)):
            assert other.post("/api/duty/visits", visit_body()).status_code == status


def test_a_supervisor_reads_the_towns_of_their_region(city):
    roster = published_roster(city).roster
    supervisor = Api(city, "supervisor")
    assert supervisor.get(f"/api/duty/rosters/{roster.pk}").status_code == 200
    with clock.frozen(BEFORE):
        assert supervisor.post(f"/api/duty/rosters/{roster.pk}/publish").status_code == 403


def test_the_figures(city):
    published_roster(city)
    with clock.frozen(at(TUESDAY, 21)):
        Api(city, TAO).post("/api/duty/visits", visit_body())
    with clock.frozen(at(dt.date(2025, 12, 20), 10)):
        public = Api(city, None).get("/api/duty/public/figures", town="320281009")
        staff = Api(city, TAO).get("/api/duty/figures", date_from="2025-12-01")
        bad = Api(city, None).get(
            "/api/duty/public/figures", town="999", date_from="2025-12-31", date_to="2025-12-01"
        )
    assert public.status_code == 200 and "by_leader" not in public.json()
    overall = public.json()["overall"]
    assert (overall["planned"], overall["visits"], overall["demands"]) == (19, 1, 1)
    assert overall["missed"] == 12 and overall["kept"] == 0  # 1–19 Dec: nobody checked in
    assert "陶郁峻" not in public.content.decode()
    assert staff.status_code == 200 and staff.json()["by_leader"][0]["name"] in ("陶郁峻", "周文斌")
    assert set(fields_of(bad)) == {"town", "date_to"}
    assert Api(city, "zhangwei").get("/api/duty/figures").status_code == 403
