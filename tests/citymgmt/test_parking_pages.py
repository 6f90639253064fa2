"""Shared parking's pages: the public page of 春星小学's car park (today's windows as a
timeline, the school day, the cars in, polled by a static script: no inline script); a
citizen's registration (every problem at once, the proof kept across the refusal, the
account's name and phone filled in) and their registrations; the staff's pages (the car
parks with the cars in, the review queue with the proof and the audited full phone, the
overstays; a car park's use as a chart and a table, its windows, terms, gates and stays,
exported) — in Chinese, with no English word — and a car park refused to another
district's officer."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from onething.citymgmt.models import PlateRegistration
from onething.citymgmt.selectors.parking import PHONE_LABEL
from onething.citymgmt.services.parking import overstays_flag
from onething.core import clock
from onething.core.crypto import keyring
from onething.core.identity import PII_FIELDS
from onething.core.models import AuditEntry, Person

from ..files import png
from ..web.test_wording import latin_words
from .test_parking_day import gate
from .world_parking import LOT, PARENT_PLATE, PUBLIC_PLATE, at, build

DAY = "2025-10-10"  # a Friday of the autumn term
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")


def english(html: str) -> list[str]:
    return latin_words(html)[0]


def test_the_public_page_shows_the_day_and_the_cars_in(city):
    world = build(city)
    gate(city.client(), world.entry_token, "in-1", "entry", PUBLIC_PLATE, at(DAY, 10))
    with clock.frozen(at(DAY, 16)):
        page = city.client().get(f"/city/parking/{LOT}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "1</span>/100" in html
    assert "上学日" in html and "家长" in html and "居民" in html
    assert 'data-testid="timeline"' in html and html.count('class="segment') == 6
    assert "parking_live.js" in html and not INLINE_SCRIPT.search(html)
    assert f"/api/citymgmt/parking/shared/{LOT}" in html
    assert english(html) == []
    with clock.frozen(at("2025-10-18", 10)):  # a Saturday
        saturday = city.client().get(f"/city/parking/{LOT}/").content.decode()
    assert "今日无课" in saturday or "非上学日" in saturday
    assert saturday.count('class="segment') == 3
    assert city.client().get("/city/parking/NOPE/").status_code == 404


def test_a_citizen_registers_a_plate_every_problem_at_once_and_the_proof_kept(city):
    build(city, registered=False)
    citizen = city.client("zhangwei")
    url = f"/city/parking/{LOT}/register/"
    assert city.client().get(url).status_code == 302  # sign in first
    form = citizen.get(url)
    assert form.status_code == 200
    person = Person.objects.get(pk=city.user("zhangwei").person_id)
    html = form.content.decode()
    assert f'value="{person.name}"' in html and f'value="{person.phone_masked}"' in html
    assert english(html) == []

    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', html)[1]
    refused = citizen.post(
        url,
        {
            "idempotency_key": key,
            "plate": "苏B1234",
            "holder_name": person.name,
            "holder_phone": "12",
            "proof": SimpleUploadedFile("学生证.png", png()),
        },
    )
    assert refused.status_code == 422
    page = refused.content.decode()
    for field in ("plate", "group", "holder_phone"):
        assert f'data-field="{field}"' in page, field
    assert 'data-testid="kept-proof"' in page and "学生证.png" in page
    assert english(page) == []
    token = re.search(r'name="proof.kept" value="([^"]+)"', page)[1]

    done = citizen.post(
        url,
        {
            "idempotency_key": key,
            "plate": "苏b·55667",
            "group": "parent",
            "holder_name": person.name,
            "holder_phone": person.phone_masked,  # as filled in: the account's own number
            "proof.kept": token,
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    assert done["Location"] == "/city/parking/mine/"
    registration = PlateRegistration.objects.get()
    assert (registration.plate, registration.status, registration.proof_name) == (
        "苏B55667",
        "pending",
        "学生证.png",
    )
    own = keyring().decrypt(person.phone_cipher, PII_FIELDS["phone"])
    assert keyring().decrypt(registration.holder_phone_cipher, PHONE_LABEL) == own
    assert registration.holder_phone_masked == person.phone_masked
    mine = citizen.get("/city/parking/mine/")
    assert mine.status_code == 200 and "苏B55667" in mine.content.decode()
    assert english(mine.content.decode()) == []
    # a staff account registers nothing
    assert city.client("officer.xwcg").get(url).status_code == 403


def test_the_staff_review_a_registration_with_its_proof(city):
    world = build(city)
    citizen = city.client("zhangwei")
    citizen.post(
        f"/city/parking/{LOT}/register/",
        {
            "plate": "苏B55667",
            "group": "resident",
            "holder_name": "张伟",
            "holder_phone": "13900001111",
            "proof": SimpleUploadedFile("房产证明.png", png()),
        },
    )
    registration = PlateRegistration.objects.get(plate="苏B55667")
    gate(city.client(), world.entry_token, "in-1", "entry", PARENT_PLATE, at(DAY, 7, 30))
    with clock.frozen(at(DAY, 10)):
        overstays_flag()
        office = city.client("officer.xwcg")
        hub = office.get("/city/manage/parking/")
    assert hub.status_code == 200
    html = hub.content.decode()
    assert "春星小学" in html and "1/100" in html
    assert "苏B55667" in html and PARENT_PLATE in html  # the queue; the overstay
    assert english(html) == []
    assert (
        "苏B55667" not in city.client("officer.bhcg").get("/city/manage/parking/").content.decode()
    )

    url = f"/city/manage/parking/registrations/{registration.pk}/"
    detail = office.get(url)
    assert detail.status_code == 200
    page = detail.content.decode()
    assert 'data-testid="proof-image"' in page and "139****1111" in page
    assert english(page) == []
    proof = office.get(f"{url}proof/")
    assert proof.status_code == 200 and proof["Content-Type"] == "image/png"

    no_reason = office.post(url, {"action": "refuse", "refuse-reason": ""})
    assert no_reason.status_code == 422
    assert 'data-field="reason"' in no_reason.content.decode()
    shown = office.post(url, {"action": "phone", "phone-purpose": "电话核实居住地址"})
    assert shown.status_code == 200 and "13900001111" in shown.content.decode()
    assert AuditEntry.objects.filter(action="pii.read", subject_id=str(registration.pk)).exists()
    with clock.frozen(at(DAY, 10)):
        approved = office.post(url, {"action": "approve", "approve-valid_until": "2026-08-31"})
    assert approved.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, str(registration.valid_until)) == ("approved", "2026-08-31")
    again = office.post(url, {"action": "approve", "approve-valid_until": "2026-08-31"})
    assert again.status_code == 404 or "approve-form" not in office.get(url).content.decode()
    assert city.client("officer.bhcg").get(url).status_code == 404


def test_a_car_parks_page_with_its_use_and_stays(city):
    world = build(city)
    client = city.client()
    gate(client, world.entry_token, "in-1", "entry", PARENT_PLATE, at(DAY, 7, 30))
    gate(client, world.exit_token, "out-1", "exit", PARENT_PLATE, at(DAY, 8))
    gate(client, world.entry_token, "in-2", "entry", PUBLIC_PLATE, at(DAY, 10))
    office = city.client("officer.xwcg")
    query = {"date_from": DAY, "date_to": DAY}
    with clock.frozen(at(DAY, 12)):
        page = office.get(f"/city/manage/parking/{LOT}/", query)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="parking-use-data"' in html and "家长早高峰" in html and "社会车辆" in html
    assert "echarts.min.js" in html and not INLINE_SCRIPT.search(html)
    assert "2025秋季学期" in html and "春星小学东门入口" in html
    assert PUBLIC_PLATE in html and PARENT_PLATE in html
    assert english(html) == []
    with clock.frozen(at(DAY, 12)):
        csv = office.get(f"/city/manage/parking/{LOT}/", query | {"export": "csv"})
        xlsx = office.get(f"/city/manage/parking/{LOT}/", query | {"export": "xlsx"})
        still_in = office.get(f"/city/manage/parking/{LOT}/", {"state": "open"})
    assert csv.status_code == 200 and PUBLIC_PLATE in csv.content.decode("utf-8-sig")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")
    assert PARENT_PLATE not in still_in.content.decode().split('data-testid="list"')[1]
    assert city.client("officer.bhcg").get(f"/city/manage/parking/{LOT}/").status_code == 403
    assert city.client("zhangwei").get("/city/manage/parking/").status_code == 403
