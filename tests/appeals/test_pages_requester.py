"""The requester's appeal pages through the Django test client: 江阴澄丰化纤's staff file a
message on the platform (routed at once), see it on their list and its page with its photo;
bad input is refused beside its field with nothing written; a double submit makes one
appeal; another citizen cannot see it; the reply is rated (closed, or reopened when
unsatisfied); the policies fit the enterprise and a question about one becomes an inquiry."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onething.appeals.models import Appeal, Policy
from onething.appeals.selectors import policies_for
from onething.appeals.services.flow import appeal_reply
from onething.core.permissions import SYSTEM
from tests import files

CHENGFENG = "qiye.chengfeng"


def photo(name="site.png", data=None, content_type="image/png"):
    return SimpleUploadedFile(name, data if data is not None else files.png(), content_type)


def form(**overrides):
    data = {
        "idempotency_key": uuid.uuid4().hex,
        "type": "demand",
        "category": "enterprise-approval",
        "programme": "wunanshi",
        "title": "施工许可代办咨询",
        "text": "我公司新建厂房，希望了解施工许可能否由园区代办，需要准备哪些材料。",
        "urgency": "normal",
        "region": "",
        "address": "",
        "latitude": "",
        "longitude": "",
        "publish": "on",
    }
    data.update(overrides)
    return data


def file(client, **overrides):
    return client.post("/appeals/new/", form(**overrides))


@pytest.fixture
def chengfeng(city):
    return city.client(CHENGFENG)


def filed(city, client, **overrides) -> Appeal:
    response = file(client, **overrides)
    assert response.status_code == 302, response.content.decode()[:2000]
    number = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    return Appeal.objects.get(number=number)


def test_the_form_offers_the_enterprise_platform_programme(chengfeng):
    page = chengfeng.get("/appeals/new/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="idempotency_key"' in html
    assert 'type="file" name="photos"' in html and "multiple" in html
    assert 'accept="image/*"' in html
    assert '<option value="wunanshi" selected>' in html
    assert "data-counter-for" in html


def test_filing_as_enterprise_staff_routes_it_and_shows_it(city, chengfeng):
    appeal = filed(city, chengfeng, photos=[photo()])
    assert appeal.channel == "platform"
    assert appeal.programme.code == "wunanshi"
    assert appeal.enterprise.name == "江阴澄丰化纤有限公司"
    assert appeal.status == "dispatched" and appeal.department.code == "WX-SJ"  # 代办 → 数据局
    assert appeal.photos.count() == 1

    mine = chengfeng.get("/my/appeals/")
    assert mine.status_code == 200
    assert f"/appeals/{appeal.number}/" in mine.content.decode()

    page = chengfeng.get(f"/appeals/{appeal.number}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert appeal.number in html and appeal.title in html
    assert appeal.department.name in html
    assert 'data-step="dispatched" aria-current="step"' in html
    photo_url = f"/appeals/{appeal.number}/photos/{appeal.photos.get().pk}/"
    assert photo_url in html
    image = chengfeng.get(photo_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    assert 'data-kind="received"' in html and 'data-kind="dispatch"' in html
    assert "(applicant)" not in html  # the requester sees departments, not staff accounts


def test_a_text_file_named_jpg_is_refused_beside_photos(city, chengfeng):
    before = Appeal.objects.count()
    response = file(chengfeng, photos=[photo("x.jpg", b"just some text", "image/jpeg")])
    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-field="photos"' in html
    assert Appeal.objects.count() == before


def test_an_empty_title_is_refused_beside_it(city, chengfeng):
    before = Appeal.objects.count()
    response = file(chengfeng, title="   ")
    assert response.status_code == 422
    assert 'data-field="title"' in response.content.decode()
    assert Appeal.objects.count() == before


def test_coordinates_outside_the_city_are_refused(city, chengfeng):
    response = file(chengfeng, latitude="39.9", longitude="116.4")
    assert response.status_code == 422
    assert 'data-field="latitude"' in response.content.decode()


def test_a_double_submit_makes_one_appeal(city, chengfeng):
    key = uuid.uuid4().hex
    before = Appeal.objects.count()
    first = file(chengfeng, idempotency_key=key)
    second = file(chengfeng, idempotency_key=key)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Appeal.objects.count() == before + 1


def test_a_citizen_files_on_the_web_for_weixingfu(city):
    zhangwei = city.client("zhangwei")
    page = zhangwei.get("/appeals/new/").content.decode()
    assert 'value="weixingfu"' in page and 'value="wunanshi"' not in page
    appeal = filed(
        city,
        zhangwei,
        programme="weixingfu",
        category="streetlight",
        region="320213006",
        title="路灯不亮",
        text="清名桥附近两盏路灯一直不亮，夜间出行不便。",
    )
    assert appeal.channel == "web" and appeal.programme.code == "weixingfu"
    assert appeal.department.code == "QMQ-JB"


def test_another_citizen_gets_404_for_the_page_and_the_photo(city, chengfeng):
    appeal = filed(city, chengfeng, photos=[photo()])
    zhangwei = city.client("zhangwei")
    assert zhangwei.get(f"/appeals/{appeal.number}/").status_code == 404
    photo_id = appeal.photos.get().pk
    assert zhangwei.get(f"/appeals/{appeal.number}/photos/{photo_id}/").status_code == 404
    assert zhangwei.post(f"/appeals/{appeal.number}/rate/", {"rating": 5}).status_code == 404


def test_an_unknown_number_is_404(chengfeng):
    assert chengfeng.get("/appeals/SQ320200-20260101-999999/").status_code == 404
    assert chengfeng.get("/appeals/nothing-here/").status_code == 404


def test_rating_satisfied_closes_and_a_second_rating_is_refused(city):
    client = city.client(CHENGFENG, "en")
    appeal = filed(city, client)
    assert (
        'data-testid="rating-form"' not in client.get(f"/appeals/{appeal.number}/").content.decode()
    )
    appeal_reply(
        actor=SYSTEM, number=appeal.number, text="可由园区代办员全程代办，材料清单见附件。"
    )
    page = client.get(f"/appeals/{appeal.number}/").content.decode()
    assert 'data-testid="rating-form"' in page and "Very dissatisfied" in page

    done = client.post(f"/appeals/{appeal.number}/rate/", {"rating": 4, "comment": "很快"})
    assert done.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == "closed" and appeal.rating == 4

    again = client.post(f"/appeals/{appeal.number}/rate/", {"rating": 1})
    assert again.status_code == 409
    assert "already been rated" in again.content.decode()
    appeal.refresh_from_db()
    assert appeal.rating == 4

    zh = city.client(CHENGFENG).get(f"/appeals/{appeal.number}/").content.decode()
    assert 'data-testid="follow-up-rating">满意<' in zh
    assert 'data-testid="rating-form"' not in zh


def test_rating_unsatisfied_reopens(city, chengfeng):
    appeal = filed(city, chengfeng)
    appeal_reply(actor=SYSTEM, number=appeal.number, text="请咨询相关部门。")
    response = chengfeng.post(f"/appeals/{appeal.number}/rate/", {"rating": 2})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == "handling" and appeal.round == 2
    page = chengfeng.get(f"/appeals/{appeal.number}/").content.decode()
    assert 'data-step="handling" aria-current="step"' in page


def test_a_rating_out_of_range_is_refused_beside_it(city, chengfeng):
    appeal = filed(city, chengfeng)
    appeal_reply(actor=SYSTEM, number=appeal.number, text="已答复。")
    response = chengfeng.post(f"/appeals/{appeal.number}/rate/", {"rating": 9})
    assert response.status_code == 422
    assert 'data-field="rating"' in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == "replied"


def test_my_appeals_filter_and_csv_export(city):
    client = city.client(CHENGFENG, "en")
    appeal = filed(city, client)
    listed = client.get("/my/appeals/", {"status": "dispatched", "type": "demand"})
    assert listed.status_code == 200 and appeal.number in listed.content.decode()
    assert appeal.number not in client.get("/my/appeals/", {"status": "closed"}).content.decode()
    assert client.get("/my/appeals/", {"status": "nonsense"}).status_code == 422

    export = client.get("/my/appeals/", {"export": "csv"})
    assert export.status_code == 200 and "csv" in export["Content-Type"]
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Appeal number", "Subject", "Type"] and len(rows[0]) == 8
    assert any(row[0] == appeal.number for row in rows[1:])
    xlsx = client.get("/my/appeals/", {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_policies_page_lists_the_matching_policies(city):
    actor = city.actor(CHENGFENG)
    matching = {p.title for p in policies_for(actor)}
    every = {p.title for p in policies_for(actor, matching=False)}
    assert matching and every - matching  # the demo has policies for others too
    client = city.client(CHENGFENG)
    html = client.get("/policies/").content.decode()
    assert all(title in html for title in matching)
    assert not any(title in html for title in every - matching)
    html = client.get("/policies/", {"every": "on"}).content.decode()
    assert all(title in html for title in every)


def test_asking_about_a_policy_creates_an_inquiry(city, chengfeng):
    policy = Policy.objects.get(title=policies_for(city.actor(CHENGFENG))[0].title)
    page = chengfeng.get(f"/policies/{policy.pk}/")
    assert page.status_code == 200 and 'data-testid="ask-form"' in page.content.decode()
    empty = chengfeng.post(f"/policies/{policy.pk}/", {"text": ""})
    assert empty.status_code == 422 and 'data-field="text"' in empty.content.decode()
    response = chengfeng.post(
        f"/policies/{policy.pk}/",
        {"text": "我公司是否符合该政策的申报条件？", "idempotency_key": uuid.uuid4().hex},
    )
    assert response.status_code == 302
    inquiry = Appeal.objects.get(number=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert inquiry.type == "inquiry" and inquiry.policy_id == policy.pk
    assert inquiry.department_id == policy.department_id
    assert chengfeng.get(response["Location"]).status_code == 200


def test_staff_see_the_page_with_the_actions_slot(city, chengfeng):
    appeal = filed(city, chengfeng)
    officer = city.client("officer.wx-sj")
    page = officer.get(f"/appeals/{appeal.number}/")
    assert page.status_code == 200
    assert 'data-testid="rating-form"' not in page.content.decode()
    assert "appeals/staff/_actions.html" in [t.name for t in page.templates]
    assert page.context["actions"] is not None  # the staff pages' panels (views.staff)
    assert chengfeng.get(f"/appeals/{appeal.number}/").context["actions"] is None


def test_filing_needs_a_requester_role(city):
    assert city.client("officer.wx-cg").get("/appeals/new/").status_code == 403
    assert city.client().get("/appeals/new/").status_code == 302  # to the sign-in page


def test_every_problem_of_an_appeal_is_shown_at_once(city, chengfeng):
    """Subject, text, coordinates and a photo wrong together: each beside its input and
    all in the summary above the form, nothing filed."""
    before = Appeal.objects.count()
    response = file(
        chengfeng,
        title="   ",
        text="",
        latitude="39.9",
        longitude="116.4",
        photos=[photo("x.jpg", b"just some text", "image/jpeg")],
    )
    assert response.status_code == 422
    html = response.content.decode()
    summary = html[html.index('data-testid="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    for name in ("title", "text", "latitude", "photos"):
        assert f'data-summary-field="{name}"' in summary, name
        assert f'data-field="{name}"' in html, name  # and beside the input
    assert Appeal.objects.count() == before
