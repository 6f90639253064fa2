"""Open311 GeoReport v2, reading requests: one request and the list in JSON and XML with
exactly the spec's fields, the status mapping (closed once the department has replied,
open again after a reopening), the list's filters and 90-day window, 404s, and no personal
data in any answer."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest

from onething.appeals.models import Appeal
from onething.appeals.services.flow import appeal_accept, appeal_reply
from onething.appeals.services.followup import appeal_follow_up
from onething.appeals.services.intake import appeal_submit
from onething.core import clock
from onething.core.models import Enterprise
from onething.core.permissions import SYSTEM
from tests import files

from .test_open311 import BASE, STREETLIGHT, file_request, json_errors, xml_errors, xml_root

REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
CALLER = {"contact_name": "李娜", "contact_phone": "13912345678"}


@pytest.fixture
def client(city):
    return city.client(language="en")


def posted(client, **fields) -> Appeal:
    answer = file_request(client, **fields)
    assert answer.status_code == 201, answer.content
    return Appeal.objects.get(number=answer.json()[0]["service_request_id"])


def hotline(code="streetlight", days_ago=0, publish=True, text="路口的路灯不亮已经三天了。"):
    """A 12345 call filed ``days_ago`` (any channel's appeal under an Open311 category is
    an Open311 request)."""
    return appeal_submit(
        actor=SYSTEM,
        channel="hotline",
        type="demand",
        category_code=code,
        title=text[:20],
        text=text,
        region_code="320211102",
        publish=publish,
        received_at=clock.now() - dt.timedelta(days=days_ago),
        **CALLER,
    )


def one(client, number, fmt="json"):
    return client.get(f"{BASE}/requests/{number}.{fmt}")


def numbers(answer) -> list[str]:
    assert answer.status_code == 200, answer.content
    return [row["service_request_id"] for row in answer.json()]


def answered(appeal, rating=None, days_later=1):
    at = appeal.received_at + dt.timedelta(days=days_later)
    appeal_reply(
        actor=SYSTEM, number=appeal.number, text="已修复，请拨打 13800001111 反馈。", at=at
    )
    if rating:
        appeal_follow_up(actor=SYSTEM, number=appeal.number, rating=rating, at=at)
    appeal.refresh_from_db()
    return appeal


# ---------------------------------------------------------------- one request


def test_one_request_in_json_has_exactly_the_spec_fields(client):
    appeal = posted(client)
    answer = one(client, appeal.number)
    assert answer.status_code == 200
    (row,) = answer.json()
    assert set(row) == REQUEST_FIELDS
    received = dt.datetime.fromisoformat(row["requested_datetime"])
    assert received.utcoffset() == dt.timedelta(hours=8)
    assert abs(received - appeal.received_at) < dt.timedelta(seconds=1)
    assert row == {
        "service_request_id": appeal.number,
        "status": "open",
        "status_notes": None,
        "service_name": "路灯",
        "service_code": "streetlight",
        "description": STREETLIGHT["description"],
        "agency_responsible": "无锡市城市管理局",
        "service_notice": row["service_notice"],
        "requested_datetime": row["requested_datetime"],
        "updated_datetime": row["updated_datetime"],
        "expected_datetime": f"{appeal.due_date.isoformat()}T23:59:59+08:00",
        "address": "无锡市",  # no address_string: the region it was filed in
        "address_id": None,
        "zipcode": None,
        "lat": 31.57,
        "long": 120.3,
        "media_url": "",
    }
    assert appeal.due_date.isoformat() in row["service_notice"]
    assert dt.datetime.fromisoformat(row["updated_datetime"]) >= received


def test_one_request_in_xml_has_the_spec_element_names(client):
    appeal = posted(client, address_string="南长街 120号")
    root = xml_root(one(client, appeal.number, "xml"))
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert [child.tag for child in request] == [
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
    ]
    assert request.findtext("service_request_id") == appeal.number
    assert request.findtext("status") == "open"
    assert request.findtext("address") == "南长街 120号"
    assert request.findtext("lat") == "31.570000" and request.findtext("long") == "120.300000"
    assert request.findtext("status_notes") == "" and request.findtext("zipcode") == ""


def test_a_photo_or_the_clients_media_url_is_the_media_url(client):
    url = "https://img.example.cn/report/7.jpg"
    appeal = posted(client, media_url=url)
    (row,) = one(client, appeal.number).json()
    assert row["media_url"] == url and row["description"] == STREETLIGHT["description"]
    with_photo = appeal_submit(
        actor=SYSTEM,
        channel="web",
        type="demand",
        category_code="greenery",
        title="行道树倒伏",
        text="行道树被风吹倒，挡住了人行道。",
        photos=[("tree.png", files.png())],
    )
    (row,) = one(client, with_photo.number).json()
    photo = with_photo.photos.get()
    assert row["media_url"] == (
        f"http://testserver/appeals/board/{with_photo.number}/photos/{photo.pk}/"
    )
    shown = client.get(row["media_url"].removeprefix("http://testserver"))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    with_photo.publish = False
    with_photo.save(update_fields=["publish"])
    assert client.get(row["media_url"].removeprefix("http://testserver")).status_code == 404


def test_the_status_closes_when_the_department_replies_and_the_follow_up_closes(city, client):
    appeal = posted(client)
    officer = city.actor("officer.wx-cg")
    appeal_accept(actor=officer, number=appeal.number)
    assert one(client, appeal.number).json()[0]["status"] == "open"
    appeal_reply(
        actor=officer, number=appeal.number, text="已更换灯具，如仍不亮请拨打 13812340000。"
    )
    (row,) = one(client, appeal.number).json()
    assert row["status"] == "closed"  # answered: the spec's "resolved"
    assert row["status_notes"] == "已更换灯具，如仍不亮请拨打 138****0000。"
    appeal_follow_up(actor=city.actor("dispatcher"), number=appeal.number, rating=5)
    appeal.refresh_from_db()
    assert appeal.status == "closed"
    (row,) = one(client, appeal.number).json()
    assert row["status"] == "closed"
    updated = dt.datetime.fromisoformat(row["updated_datetime"])
    assert updated == appeal.closed_at.replace(microsecond=0)
    assert "replied" in row["service_notice"]


def test_a_reopened_request_is_open_again(client):
    appeal = answered(hotline(), rating=1)  # 非常不满意 in the first round: handled again
    assert appeal.status == "handling"
    (row,) = one(client, appeal.number).json()
    assert row["status"] == "open"


def test_unknown_unpublished_or_non_open311_requests_are_404(client):
    (description,) = json_errors(one(client, "SQ320200-20260101-999999"), 404)
    assert "SQ320200-20260101-999999" in description
    answer = one(client, "SQ320200-20260101-999999", "xml")
    assert answer.status_code == 404
    ((code, _description),) = xml_errors(answer)
    assert code == "404"
    json_errors(one(client, hotline(publish=False).number), 404)
    enterprise = appeal_submit(
        actor=SYSTEM,
        channel="platform",
        type="demand",
        programme_code="wunanshi",
        category_code="enterprise",
        title="用工招聘咨询",
        text="企业想了解本地用工招聘的补贴政策。",
        region_code="320211102",
        enterprise_id=Enterprise.objects.first().pk,
    )
    json_errors(one(client, enterprise.number), 404)


def test_no_personal_data_in_any_answer(client):
    posted_appeal = posted(
        client, description="路灯杆被撞歪了，我的电话 13700001234，身份证 320211199001011234。"
    )
    called = hotline()
    secrets = [
        "13812345678",
        posted_appeal.contact_phone_masked,
        "wang.xiaoming@example.cn",
        "王小明",
        "小明",
        "13912345678",
        called.contact_phone_masked,
        "李娜",
        "320211199001011234",
        "device-42",
    ]
    bodies = []
    for fmt in ("json", "xml"):
        for number in (posted_appeal.number, called.number):
            bodies.append(one(client, number, fmt).content.decode())
        query = f"service_request_id={posted_appeal.number},{called.number}"
        bodies.append(client.get(f"{BASE}/requests.{fmt}?{query}").content.decode())
    # json: posted, called, both listed; then the same in xml
    assert all(called.number in body for body in bodies[1:3] + bodies[4:])
    assert all(
        posted_appeal.number in body for body in (bodies[0], bodies[2], bodies[3], bodies[5])
    )
    for body in bodies:
        for secret in secrets:
            assert secret not in body
    assert "137****1234" in bodies[0] and "3202**********1234" in bodies[0]


# ---------------------------------------------------------------- the list


@pytest.fixture
def spread():
    """Requests spread over time: recent, older, past the window, closed, unpublished."""
    return {
        "recent": hotline(days_ago=5),
        "sanitation": hotline("sanitation", days_ago=20, text="小区门口垃圾桶满了没人清运。"),
        "old": hotline(days_ago=120),
        "closed": answered(hotline(days_ago=30), rating=5),
        "hidden": hotline(publish=False),
    }


def test_the_list_holds_the_last_90_days_of_published_requests(client, spread):
    listed = numbers(client.get(f"{BASE}/requests.json"))
    assert len(listed) <= 1000
    assert {spread[k].number for k in ("recent", "sanitation", "closed")} <= set(listed)
    assert spread["old"].number not in listed and spread["hidden"].number not in listed
    rows = client.get(f"{BASE}/requests.json").json()
    assert all(set(row) == REQUEST_FIELDS for row in rows)
    assert not Appeal.objects.filter(number__in=listed, category__open311=False).exists()
    root = xml_root(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests"
    assert [r.findtext("service_request_id") for r in root.findall("request")] == listed


def test_the_list_filters_by_service_code_and_status(client, spread):
    sanitation = client.get(f"{BASE}/requests.json", {"service_code": "sanitation"}).json()
    assert spread["sanitation"].number in [r["service_request_id"] for r in sanitation]
    assert {r["service_code"] for r in sanitation} == {"sanitation"}
    both = numbers(client.get(f"{BASE}/requests.json?service_code=streetlight,sanitation"))
    assert {spread["recent"].number, spread["sanitation"].number} <= set(both)
    closed = client.get(f"{BASE}/requests.json", {"status": "closed"}).json()
    assert spread["closed"].number in [r["service_request_id"] for r in closed]
    assert {r["status"] for r in closed} == {"closed"}
    opened = numbers(client.get(f"{BASE}/requests.json", {"status": "open"}))
    assert spread["recent"].number in opened and spread["closed"].number not in opened
    either = numbers(client.get(f"{BASE}/requests.json?status=open,closed"))
    assert {spread["recent"].number, spread["closed"].number} <= set(either)


def test_the_list_filters_by_dates(client, spread):
    now = clock.now()

    def w3(days_ago, sep="+"):
        moment = (now - dt.timedelta(days=days_ago)).astimezone(dt.timezone(dt.timedelta(hours=8)))
        return moment.strftime(f"%Y-%m-%dT%H:%M:%S{sep}08:00")

    window = f"start_date={quote(w3(25))}&end_date={quote(w3(10))}"
    listed = numbers(client.get(f"{BASE}/requests.json?{window}"))
    assert spread["sanitation"].number in listed
    assert spread["recent"].number not in listed and spread["closed"].number not in listed
    # "+08:00" sent unencoded arrives as " 08:00" and is still understood
    listed = numbers(client.get(f"{BASE}/requests.json?start_date={w3(25)}&end_date={w3(10)}"))
    assert spread["sanitation"].number in listed and spread["recent"].number not in listed
    # in UTC with Z, and a start alone opens a 90-day window
    start = (now - dt.timedelta(days=125)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    listed = numbers(client.get(f"{BASE}/requests.json", {"start_date": start}))
    assert spread["old"].number in listed and spread["recent"].number not in listed


def test_request_ids_override_every_other_filter(client, spread):
    ids = ",".join(spread[k].number for k in ("recent", "old", "hidden"))
    listed = numbers(
        client.get(f"{BASE}/requests.json", {"service_request_id": ids, "status": "closed"})
    )
    assert sorted(listed) == sorted([spread["recent"].number, spread["old"].number])


@pytest.mark.parametrize(
    ("query", "starts"),
    [
        ({"start_date": "yesterday"}, "start_date (format)"),
        ({"end_date": "2026-13-45T00:00:00Z"}, "end_date (format)"),
        ({"start_date": "0001-01-01T00:00:00Z"}, "start_date (format)"),
        ({"start_date": "2026-01-01", "end_date": "2026-06-01"}, "start_date/end_date (span)"),
        ({"start_date": "2026-03-01", "end_date": "2026-02-01"}, "end_date (order)"),
        ({"status": "pending"}, "status (choice)"),
        ({"service_code": "no-such-service"}, "service_code (unknown)"),
        ({"service_code": "enterprise-tax"}, "service_code (unknown)"),
    ],
)
def test_bad_filters_are_a_400_naming_the_parameter(client, query, starts):
    (description,) = json_errors(client.get(f"{BASE}/requests.json", query), 400)
    assert description.startswith(starts), description
    answer = client.get(f"{BASE}/requests.xml", query)
    assert answer.status_code == 400 and xml_errors(answer)[0][1].startswith(starts)
