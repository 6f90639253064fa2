"""The appeals API at intake: routing by the first matching rule, bad input named field by
field with nothing written, photos, idempotency, who sees what, and the directory."""

from django.core.files.uploadedfile import SimpleUploadedFile

from onething.appeals.models import Appeal
from onething.core.models import AuditEntry
from tests import files

from .api_support import STREETLIGHT, Api, appeal_count, error_code, fields_of

# 申港街道 (江阴): no rule names the town, its county or the category "other".
NO_RULE = {
    "type": "demand",
    "category": "other",
    "title": "小区门口长期堆放杂物",
    "text": "申港街道某小区门口长期堆放杂物，希望有关部门协调清理。",
    "region": "320281009",
}


def test_submit_answers_201_with_location_and_the_masked_detail(city):
    zhang = Api(city, "zhangwei")
    answer = zhang.post("/api/appeals", STREETLIGHT)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert answer["Location"] == f"/api/appeals/{body['number']}"
    assert body["status"] == "dispatched"
    assert body["department"]["code"] == "WX-CG"
    assert body["channel"] == "web"  # a citizen without an enterprise
    detail = zhang.detail(body["number"])
    assert detail["contact_phone"] == "138****5678"
    assert "13812345678" not in answer.content.decode() + str(detail)
    assert detail["category"] == {"code": "streetlight", "name": detail["category"]["name"]}
    assert set(detail["deadline"]) == {"due", "provisional", "state", "days_left"}
    assert detail["deadline"]["state"] == "on_time"
    assert [e["kind"] for e in detail["timeline"]] == ["received", "dispatch"]
    assert detail["replies"] == [] and detail["photos"] == [] and detail["project"] is None
    assert detail["actions"] == []  # nothing to rate yet
    officer = Api(city, "officer.wx-cg").detail(body["number"])
    assert set(officer["actions"]) >= {"accept", "return", "reply", "extend", "contact"}
    assert officer["contact_phone"] == "138****5678"


def test_a_specific_rule_wins_over_a_general_one(city):
    zhang = Api(city, "zhangwei")
    in_qingmingqiao = zhang.submit(region="320213006")
    assert in_qingmingqiao["department"]["code"] == "QMQ-JB"
    assert in_qingmingqiao["status"] == "dispatched"
    elsewhere = zhang.submit(region="320211102")
    assert elsewhere["department"]["code"] == "WX-CG"

    staff = Api(city, "qiye.chengfeng")
    approval = {
        "type": "demand",
        "category": "enterprise-approval",
        "title": "变更手续咨询代办服务",
        "text": "我公司委托代理记账机构代办变更手续，希望明确所需材料和办理流程。",
    }
    by_agency = staff.submit(**approval)
    assert by_agency["department"]["code"] == "WX-SJ"
    assert by_agency["channel"] == "platform"  # enterprise staff: the enterprise platform
    permit = staff.submit(
        **{**approval, "title": "新厂房施工许可", "text": "新厂房的施工许可需要多久？"}
    )
    assert permit["department"]["code"] == "WX-ZRZY"
    plain = staff.submit(**{**approval, "title": "审批进度", "text": "审批事项进度如何查询？"})
    assert plain["department"]["code"] == "WX-SJ"  # 其他审批服务


def test_an_appeal_no_rule_matches_waits_for_the_dispatcher(city):
    appeal = Api(city, "zhangwei").submit(**NO_RULE)
    assert appeal["status"] == "received"
    assert appeal["department"] is None
    dispatcher = Api(city, "dispatcher")
    queue = dispatcher.get("/api/appeals", queue="dispatch", q=appeal["number"]).json()
    assert [row["number"] for row in queue["items"]] == [appeal["number"]]
    assert "dispatch" in dispatcher.detail(appeal["number"])["actions"]


def test_a_keyword_rule_wins_whatever_the_category(city):
    zhang = Api(city, "zhangwei")
    fire_lane = zhang.submit(**{**NO_RULE, "text": "小区消防通道被私家车长期占用，存在安全隐患。"})
    assert fire_lane["department"]["code"] == "WX-GAJJ"
    parked = zhang.submit(
        category="greenery",
        title="绿化带旁违停",
        text="鸿翔路绿化带旁每天都有车辆违停，挡住人行道。",
    )
    assert parked["department"]["code"] == "WX-GAJJ"  # before the 市容环境 rule


def test_bad_input_names_each_field_and_writes_nothing(city):
    zhang = Api(city, "zhangwei")
    before = appeal_count()
    many = zhang.post(
        "/api/appeals",
        {
            **STREETLIGHT,
            "title": "",
            "text": "路灯" * 1001,
            "category": "no-such-category",
            "latitude": 39.9,
            "longitude": 116.4,
            "contact_phone": "12345",
        },
    )
    assert fields_of(many) == {
        "title": "required",
        "text": "max_length",
        "category": "unknown",
        "latitude": "outside_city",
        "contact_phone": "format",
    }
    assert fields_of(zhang.post("/api/appeals", {**STREETLIGHT, "text": " "})) == {
        "text": "required"
    }
    assert fields_of(zhang.post("/api/appeals", {**STREETLIGHT, "latitude": 31.5})) == {
        "longitude": "required"
    }
    assert fields_of(zhang.post("/api/appeals", {**STREETLIGHT, "type": "wish"})) == {
        "type": "choice"
    }
    assert fields_of(zhang.post("/api/appeals", {**STREETLIGHT, "urgency": "now"})) == {
        "urgency": "choice"
    }
    assert fields_of(zhang.post("/api/appeals", {**STREETLIGHT, "region": "110101"})) == {
        "region": "unknown"
    }
    assert fields_of(zhang.post("/api/appeals", {**STREETLIGHT, "contact_email": "x@"})) == {
        "contact_email": "format"
    }
    missing = zhang.post("/api/appeals", {"type": "demand"})
    assert fields_of(missing) == {"category": "required", "title": "required", "text": "required"}
    assert appeal_count() == before


def test_photos_are_checked_by_their_content(city):
    zhang = Api(city, "zhangwei")
    before = appeal_count()
    bad = zhang.multipart(
        "/api/appeals/upload",
        {
            **STREETLIGHT,
            "photos": [
                SimpleUploadedFile("lamp.png", files.png()),
                SimpleUploadedFile("scan.pdf", files.pdf()),
                SimpleUploadedFile("note.txt", b"not an image"),
            ],
        },
    )
    assert fields_of(bad) == {"photos.1": "type", "photos.2": "type"}
    assert appeal_count() == before

    good = zhang.multipart(
        "/api/appeals/upload",
        {
            **STREETLIGHT,
            "latitude": "31.5312",
            "longitude": "120.1843",
            "photos": [
                SimpleUploadedFile("lamp.png", files.png()),
                SimpleUploadedFile("pole.jpg", files.jpeg()),
            ],
        },
    )
    assert good.status_code == 201, good.content
    detail = zhang.get(good["Location"]).json()
    assert [p["content_type"] for p in detail["photos"]] == ["image/png", "image/jpeg"]
    assert detail["latitude"] == "31.531200"
    photo = zhang.get(detail["photos"][0]["url"])
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content) == files.png()
    stranger = Api(city, "qiye.chengfeng").get(detail["photos"][0]["url"])
    assert error_code(stranger, 404) == "not_found"
    assert appeal_count() == before + 1


def test_a_retry_with_the_same_key_gets_the_first_appeal(city):
    zhang = Api(city, "zhangwei")
    before = appeal_count()
    first = zhang.post("/api/appeals", STREETLIGHT, HTTP_IDEMPOTENCY_KEY="lamp-0001")
    again = zhang.post("/api/appeals", STREETLIGHT, HTTP_IDEMPOTENCY_KEY="lamp-0001")
    assert first.status_code == again.status_code == 201
    assert first.json()["number"] == again.json()["number"]
    assert appeal_count() == before + 1
    other = zhang.post(
        "/api/appeals", {**STREETLIGHT, "title": "另一盏灯"}, HTTP_IDEMPOTENCY_KEY="lamp-0001"
    )
    assert error_code(other, 409) == "idempotency_key_reused"
    assert appeal_count() == before + 1


def test_each_sees_only_their_own_and_the_full_phone_is_audited(city):
    mine = Api(city, "zhangwei").submit()
    theirs = Api(city, "qiye.chengfeng").submit(
        type="suggestion",
        category="enterprise-site",
        title="园区通勤班车",
        text="建议增开园区通勤公交线路。",
    )
    zhang = Api(city, "zhangwei")
    assert error_code(zhang.get(f"/api/appeals/{theirs['number']}"), 404) == "not_found"
    listed = zhang.get("/api/appeals", q=theirs["number"]).json()
    assert (listed["items"], listed["count"], listed["next_cursor"]) == ([], 0, None)
    dispatcher = Api(city, "dispatcher")
    for appeal in (mine, theirs):
        assert dispatcher.get(f"/api/appeals/{appeal['number']}").status_code == 200
    officer_elsewhere = Api(city, "officer.qmq")
    assert officer_elsewhere.get(f"/api/appeals/{mine['number']}").status_code == 404

    assert error_code(zhang.get(f"/api/appeals/{mine['number']}/contact"), 403) == (
        "permission_denied"
    )
    reads = AuditEntry.objects.filter(action="pii.read").count()
    revealed = dispatcher.get(f"/api/appeals/{mine['number']}/contact", purpose="回访电话")
    assert revealed.status_code == 200, revealed.content
    assert revealed.json() == {"number": mine["number"], "contact_phone": "13812345678"}
    entry = AuditEntry.objects.filter(action="pii.read").latest("id")
    assert AuditEntry.objects.filter(action="pii.read").count() == reads + 1
    assert entry.actor.username == "dispatcher"
    assert entry.note == "回访电话"
    assert entry.subject_id == str(Appeal.objects.get(number=mine["number"]).pk)


def test_the_directory(city):
    anonymous = Api(city, None)
    categories = anonymous.get("/api/appeal-categories").json()
    codes = [c["code"] for c in categories]
    assert codes.index("city") < codes.index("streetlight")
    streetlight = next(c for c in categories if c["code"] == "streetlight")
    assert (streetlight["parent"], streetlight["depth"]) == ("city", 1)
    open311 = anonymous.get("/api/appeal-categories", open311="true").json()
    assert open311 and all(c["open311"] for c in open311)
    programmes = {p["code"] for p in anonymous.get("/api/appeal-programmes").json()}
    assert programmes == {"wunanshi", "weixingfu", "daibanzhiban"}

    rules = Api(city, "dispatcher").get("/api/routing-rules").json()
    positions = [r["position"] for r in rules]
    assert positions == sorted(positions)
    first_streetlight = next(
        r for r in rules if r["category"] and r["category"]["code"] == "streetlight"
    )
    assert first_streetlight["region"]["code"] == "320213006"
    assert error_code(Api(city, "zhangwei").get("/api/routing-rules"), 403) == "permission_denied"
    assert error_code(anonymous.get("/api/routing-rules"), 401) == "unauthenticated"

    limits = Api(city, "officer.wx-cg").get("/api/appeal-time-limits").json()
    by_key = {(r["type"], r["urgency"]): r["working_days"] for r in limits}
    assert by_key[("inquiry", "normal")] == 3
    assert by_key[("demand", "normal")] == 13
    assert by_key[("demand", "urgent")] == 0


def test_hostile_input_answers_422_naming_the_field(city):
    # NUL characters (PostgreSQL cannot store them) and keys no database column holds
    nul_email = {**STREETLIGHT, "contact_email": "a\x00@b.cn"}
    assert fields_of(Api(city, "zhangwei").post("/api/appeals", nul_email)) == {
        "contact_email": "nul_character"
    }
    dispatcher = Api(city, "dispatcher")
    before = appeal_count()
    assert fields_of(dispatcher.post("/api/appeals", {**STREETLIGHT, "title": "a\x00b"})) == {
        "title": "nul_character"
    }
    assert fields_of(dispatcher.get("/api/appeals/SQ%00X")) == {"number": "format"}
    assert fields_of(dispatcher.get("/api/appeals", q="\x00")) == {"q": "nul_character"}
    huge = dispatcher.post("/api/appeals", {**STREETLIGHT, "enterprise_id": 2**64})
    assert fields_of(huge) == {"enterprise_id": "max"}
    assert fields_of(dispatcher.get(f"/api/appeals/X/photos/{2**64}")) == {"photo_id": "max"}
    assert fields_of(Api(city, None).get("/api/appeal-board/SQ%00X")) == {"number": "format"}
    assert appeal_count() == before
