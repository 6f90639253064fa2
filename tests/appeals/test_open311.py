"""Open311 GeoReport v2: the service list and definitions in JSON and XML, filing a request
with the demo client key (routed by the routing table), and every refusal in the spec's
error format (403 for the key, 404 for what does not exist, 405, 400 naming the field).
The reads of filed requests are in test_open311_requests.py."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from onething.appeals.models import Appeal, Category
from onething.appeals.services.open311_keys import open311_client, open311_key_issue
from onething.core.permissions import SYSTEM
from onething.demo.appeals import DEMO_OPEN311_KEY

BASE = "/open311/v2"
FORM = "application/x-www-form-urlencoded"
SERVICE_FIELDS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
OPEN311_CODES = {
    "streetlight",
    "road-facility",
    "sanitation",
    "drainage",
    "greenery",
    "parking",
    "fitness",
    "bus-stop",
    "traffic-sign",
}
STREETLIGHT = {
    "api_key": DEMO_OPEN311_KEY,
    "service_code": "streetlight",
    "lat": "31.57",
    "long": "120.30",
    "description": "南长街与清名桥路口的三盏路灯已经连续一周不亮了，晚上过马路很危险。",
    "first_name": "小明",
    "last_name": "王",
    "phone": "13812345678",
    "email": "wang.xiaoming@example.cn",
    "device_id": "device-42",
}


def file_request(client, fmt="json", headers=None, **fields):
    """POST Service Request, form-encoded as the spec says."""
    data = {**STREETLIGHT, **fields}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(
        f"{BASE}/requests.{fmt}", urlencode(data), content_type=FORM, headers=headers or {}
    )


def xml_root(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def xml_errors(response) -> list[tuple[str, str]]:
    root = xml_root(response)
    assert root.tag == "errors"
    return [(e.findtext("code"), e.findtext("description")) for e in root.findall("error")]


def json_errors(response, status: int) -> list[str]:
    """The descriptions of a JSON error list whose codes all equal ``status``."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert isinstance(body, list) and body
    assert all(set(e) == {"code", "description"} and e["code"] == status for e in body)
    return [e["description"] for e in body]


@pytest.fixture
def client(city):
    return city.client(language="en")


# ---------------------------------------------------------------- services


def test_the_service_list_in_json_offers_the_open311_categories(client):
    answer = client.get(f"{BASE}/services.json")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    services = {row["service_code"]: row for row in answer.json()}
    assert set(services) == OPEN311_CODES
    assert set(Category.objects.filter(open311=True).values_list("code", flat=True)) == set(
        services
    )
    light = services["streetlight"]
    assert set(light) == SERVICE_FIELDS
    assert light == {
        "service_code": "streetlight",
        "service_name": "路灯",
        "description": "道路和公共区域的路灯不亮、损坏或缺失。",
        "metadata": False,
        "type": "realtime",
        "keywords": "路灯, 灯杆, 照明, LED",
        "group": "市容环境",
    }
    assert services["bus-stop"]["group"] == "交通出行"


def test_the_service_list_in_xml_keeps_the_spec_element_names(client):
    root = xml_root(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    services = root.findall("service")
    assert {s.findtext("service_code") for s in services} == OPEN311_CODES
    for service in services:
        assert {child.tag for child in service} == SERVICE_FIELDS
        assert service.findtext("metadata") == "false"
        assert service.findtext("type") == "realtime"
    parking = next(s for s in services if s.findtext("service_code") == "parking")
    assert parking.findtext("service_name") == "停车"
    assert parking.findtext("group") == "社区服务"
    assert "消防通道" in parking.findtext("keywords")


def test_a_service_definition_has_no_attributes(client):
    answer = client.get(f"{BASE}/services/streetlight.json")
    assert answer.status_code == 200
    assert answer.json() == {"service_code": "streetlight", "attributes": []}
    root = xml_root(client.get(f"{BASE}/services/sanitation.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "sanitation"
    assert root.find("attributes") is not None and len(root.find("attributes")) == 0


def test_an_unknown_or_non_open311_service_is_a_404(client):
    for code in ("no-such-service", "enterprise-tax"):
        (description,) = json_errors(client.get(f"{BASE}/services/{code}.json"), 404)
        assert code in description
    answer = client.get(f"{BASE}/services/no-such-service.xml")
    assert answer.status_code == 404
    ((code, description),) = xml_errors(answer)
    assert code == "404" and "no-such-service" in description


# ---------------------------------------------------------------- filing a request


def test_a_client_files_a_request_routed_by_the_routing_table(client):
    before = Appeal.objects.count()
    answer = file_request(client)
    assert answer.status_code == 201, answer.content
    (row,) = answer.json()
    assert set(row) == {"service_request_id", "service_notice", "account_id"}
    assert row["account_id"] is None
    appeal = Appeal.objects.get(number=row["service_request_id"])
    assert Appeal.objects.count() == before + 1
    assert appeal.channel == "open311" and appeal.type == "demand"
    assert appeal.open311_client == open311_client(DEMO_OPEN311_KEY)
    assert appeal.category.code == "streetlight"
    # streetlight outside 清名桥街道 → 无锡市城市管理局, by the routing table
    assert appeal.status == "dispatched"
    assert appeal.department.code == "WX-CG" and appeal.routing_rule is not None
    assert "无锡市城市管理局" in row["service_notice"]
    assert appeal.due_date.isoformat() in row["service_notice"]
    assert (appeal.latitude, appeal.longitude) == (Decimal("31.570000"), Decimal("120.300000"))
    assert appeal.contact_name == "王小明"
    assert appeal.contact_email == "wang.xiaoming@example.cn"
    assert appeal.contact_phone_masked.startswith("138") and "*" in appeal.contact_phone_masked
    assert appeal.text == STREETLIGHT["description"]
    assert appeal.title == STREETLIGHT["description"][:30] + "…"
    assert appeal.publish is True and appeal.person is None


def test_a_request_filed_in_xml_with_an_address_and_multipart(client):
    answer = file_request(
        client,
        "xml",
        lat=None,
        long=None,
        address_string="梁溪区 南长街 120号",
        description="南长街井盖缺失了",
    )
    assert answer.status_code == 201, answer.content
    root = xml_root(answer)
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert {c.tag for c in request} == {"service_request_id", "service_notice", "account_id"}
    appeal = Appeal.objects.get(number=request.findtext("service_request_id"))
    assert appeal.address == "梁溪区 南长街 120号" and appeal.latitude is None
    assert appeal.title == "南长街井盖缺失了"
    # multipart is accepted too (what a browser form or a mobile SDK may send)
    answer = client.post(f"{BASE}/requests.json", {**STREETLIGHT, "service_code": "road-facility"})
    assert answer.status_code == 201, answer.content
    filed = Appeal.objects.get(number=answer.json()[0]["service_request_id"])
    assert filed.category.code == "road-facility"


def test_a_media_url_is_kept_not_fetched(client):
    url = "https://img.example.cn/report/42.jpg"
    answer = file_request(client, media_url=url)
    assert answer.status_code == 201
    appeal = Appeal.objects.get(number=answer.json()[0]["service_request_id"])
    assert appeal.text.endswith(f"media_url: {url}") and not appeal.photos.exists()
    (description,) = json_errors(file_request(client, media_url="javascript:alert(1)"), 400)
    assert description.startswith("media_url (format)")


def test_clients_post_without_a_csrf_token(city):
    browserless = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    assert file_request(browserless).status_code == 201


def test_the_same_idempotency_key_gives_the_same_request(client):
    headers = {"Idempotency-Key": "report-7f3a"}
    first = file_request(client, headers=headers)
    count = Appeal.objects.count()
    again = file_request(client, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Appeal.objects.count() == count
    # another client's identical key is its own
    _record, other_key = open311_key_issue(actor=SYSTEM, name="另一个客户端")
    other = file_request(client, headers=headers, api_key=other_key)
    assert other.status_code == 201
    assert other.json()[0]["service_request_id"] != first.json()[0]["service_request_id"]
    assert Appeal.objects.count() == count + 1


# ---------------------------------------------------------------- refusals


def test_a_missing_or_bad_api_key_is_a_403(client):
    before = Appeal.objects.count()
    (description,) = json_errors(file_request(client, api_key=None), 403)
    assert "api_key" in description
    (description,) = json_errors(file_request(client, api_key="o311_not-a-key"), 403)
    assert "api_key" in description
    answer = file_request(client, "xml", api_key="")
    assert answer.status_code == 403
    ((code, description),) = xml_errors(answer)
    assert code == "403" and "api_key" in description
    assert Appeal.objects.count() == before


@pytest.mark.parametrize(
    ("fields", "field", "rule"),
    [
        ({"service_code": "no-such-service"}, "service_code", "unknown"),
        ({"service_code": "enterprise-tax"}, "service_code", "unknown"),
        ({"service_code": None}, "service_code", "required"),
        ({"lat": "40.10", "long": "116.40"}, "lat", "outside_city"),
        ({"lat": None, "long": None}, "lat/long", "required"),
        ({"long": None}, "long", "required"),
        ({"lat": "north", "long": "120.3"}, "lat", "type"),
        ({"lat": "NaN", "long": "120.3"}, "lat", "type"),
        ({"lat": "1e999999", "long": "120.3"}, "lat", "range"),
        ({"description": "   "}, "description", "required"),
        ({"description": "灯坏"}, "description", "min_length"),
        ({"description": "路灯不亮" * 600}, "description", "max_length"),
        ({"phone": "12345"}, "phone", "format"),
        ({"email": "not-an-address"}, "email", "format"),
        ({"address_string": "路" * 201}, "address_string", "max_length"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_rule(client, fields, field, rule):
    before = Appeal.objects.count()
    descriptions = json_errors(file_request(client, **fields), 400)
    assert any(d.startswith(f"{field} ({rule}):") for d in descriptions), descriptions
    assert Appeal.objects.count() == before


def test_a_place_outside_the_city_is_explained_in_the_request_language(city):
    english = json_errors(file_request(city.client(language="en"), lat="40.1", long="116.4"), 400)
    assert english == [
        "lat (outside_city): The place (40.100000, 116.400000) lies outside the city."
    ]


def test_an_unknown_jurisdiction_is_a_404(client):
    (description,) = json_errors(file_request(client, jurisdiction_id="sfgov.org"), 404)
    assert "sfgov.org" in description
    json_errors(client.get(f"{BASE}/services.json", {"jurisdiction_id": "sfgov.org"}), 404)
    answer = client.get(f"{BASE}/requests.xml", {"jurisdiction_id": "sfgov.org"})
    assert answer.status_code == 404 and xml_errors(answer)[0][0] == "404"
    assert file_request(client, jurisdiction_id="wuxi.gov.cn").status_code == 201
    assert client.get(f"{BASE}/services.json?jurisdiction_id=wuxi.gov.cn").status_code == 200


def test_wrong_methods_formats_and_bodies(client):
    answer = client.delete(f"{BASE}/requests.json")
    assert json_errors(answer, 405) and answer["Allow"] == "GET, POST, HEAD"
    answer = client.post(f"{BASE}/services.xml", {})
    assert answer.status_code == 405 and xml_errors(answer)[0][0] == "405"
    assert "GET" in answer["Allow"]
    json_errors(client.get(f"{BASE}/services.csv"), 404)
    json_errors(client.get(f"{BASE}/requests/SQ1.yaml"), 404)
    json_errors(client.get(f"{BASE}/nothing-here"), 404)
    answer = client.post(f"{BASE}/requests.json", {"x": 1}, content_type="application/json")
    (description,) = json_errors(answer, 400)
    assert "x-www-form-urlencoded" in description
    broken = client.post(
        f"{BASE}/requests.json",
        b"--x\r\nbroken",
        content_type="multipart/form-data; boundary=x",
    )
    assert broken.status_code in (400, 403)  # unreadable body, or no api_key in it
    assert broken.json()[0]["code"] == broken.status_code


def test_nul_characters_and_oversized_lists_are_refused(client):
    before = Appeal.objects.count()
    (description,) = json_errors(file_request(client, description="路灯不亮\x00了好几天"), 400)
    assert description.startswith("description (format)")
    assert Appeal.objects.count() == before
    json_errors(client.get(f"{BASE}/requests.json", {"service_code": "street\x00light"}), 400)
    json_errors(client.get(f"{BASE}/requests/SQ%00.json"), 400)
    json_errors(client.get(f"{BASE}/services/street%00light.json"), 400)
    many = ",".join(f"SQ{i}" for i in range(1001))
    (description,) = json_errors(
        client.get(f"{BASE}/requests.json", {"service_request_id": many}), 400
    )
    assert description.startswith("service_request_id (max_items)")


def test_head_answers_like_get(client):
    answer = client.head(f"{BASE}/services.json")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json; charset=utf-8"
