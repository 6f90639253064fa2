"""The transcript pages in Chinese: the staff's list (filters, export) and a transcript's
page with its revocation (the reason, confirmed), a university's transcripts received (悉尼
大学's registrar gets a 404 on 兰州大学's), the PDF, and the public verification page from
the QR code or a pasted text: valid with the name masked, revoked with its date, altered."""

from __future__ import annotations

import csv
import io

import pytest

from onething.core import clock
from onething.training.services.transcripts import transcript_issue
from tests.cityops.pages_support import errors

from .world_classes import AFTER, chinese, completed


@pytest.fixture(autouse=True)
def after_class():
    with clock.frozen(AFTER):
        yield


def issued(inst, student="wei"):
    if student == "wei":
        enrolment = completed(inst, inst.wei, {"CHIP-101": "86.5", "CHIP-201": "91"})
    else:
        enrolment = completed(
            inst, inst.zhao, {"CHIP-101": "88", "CHIP-201": "93"}, university=inst.sydney
        )
    transcript, _ = transcript_issue(actor=inst.staff, enrolment_number=enrolment.number)
    return transcript


def test_the_staff_list_filters_and_exports(inst, city):
    wei, zhao = issued(inst), issued(inst, "zhao")
    staff = city.client("t.staff")
    html = chinese(staff.get("/training/manage/transcripts/"))
    assert wei.number in html and zhao.number in html and "悉尼大学" in html
    only = chinese(staff.get("/training/manage/transcripts/", {"university": inst.sydney.pk}))
    assert zhao.number in only and wei.number not in only
    export = staff.get("/training/manage/transcripts/?export=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 3 and rows[0][0] == "编号"
    assert city.client("t.registrar").get("/training/manage/transcripts/").status_code == 403


def test_a_transcript_page_shows_a_partial_transfer_and_revokes_confirmed(inst, city):
    zhao = issued(inst, "zhao")
    staff = city.client("t.staff")
    url = f"/training/manage/transcripts/{zhao.number}/"
    html = chinese(staff.get(url))
    assert "部分转换" in html and "AI芯片项目实战" in html and "良" in html
    assert f"/training/transcripts/{zhao.number}/pdf/" in html
    refused = staff.post(f"{url}revoke/", {"reason": ""})
    assert refused.status_code == 422
    assert {"reason", "confirm"} <= set(errors(refused))
    done = staff.post(f"{url}revoke/", {"reason": "成绩录入有误", "confirm": "on"}, follow=True)
    html = chinese(done)
    assert "学分证明已撤销" in html and "已于 2025-09-20 撤销" in html and "成绩录入有误" in html


def test_a_registrar_sees_their_universitys_transcripts_only(inst, city):
    wei, zhao = issued(inst), issued(inst, "zhao")
    sydney = city.client("t.sydney")
    html = chinese(sydney.get("/training/university/"))
    assert "悉尼大学收到的学分证明" in html and zhao.number in html and wei.number not in html
    assert sydney.get(f"/training/university/{wei.number}/").status_code == 404
    assert sydney.get(f"/training/transcripts/{wei.number}/pdf/").status_code == 404
    page = chinese(sydney.get(f"/training/university/{zhao.number}/"))
    assert "赵盛龙" in page and "/training/verify/TR1." in page
    pdf = sydney.get(f"/training/transcripts/{zhao.number}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert city.client("t.staff").get("/training/university/").status_code == 403
    assert city.client("t.wei").get(f"/training/university/{wei.number}/").status_code == 403


def test_the_public_verification_page(inst, city):
    wei = issued(inst)
    anyone = city.client()
    form = chinese(anyone.get("/training/verify/"))
    assert 'name="token"' in form
    page = anyone.get(f"/training/verify/{wei.token}/")
    html = chinese(page)
    assert 'data-status="valid"' in html and "魏**" in html and "魏同学" not in html
    assert "兰州大学" in html and "AI芯片导论" in html and "86.5" in html
    pasted = chinese(anyone.get("/training/verify/", {"token": wei.token}))
    assert 'data-status="valid"' in pasted
    prefix, body, signature = wei.token.split(".")
    altered = f"{prefix}.{body}.{'A' * len(signature)}"
    bad = chinese(anyone.get(f"/training/verify/{altered}/"))
    assert 'data-status="bad_signature"' in bad and "篡改" in bad
    nonsense = chinese(anyone.get("/training/verify/", {"token": "随便什么"}))
    assert 'data-status="malformed"' in nonsense
    from onething.training.services.transcripts import transcript_revoke

    transcript_revoke(actor=inst.staff, number=wei.number, reason="更正")
    revoked = chinese(anyone.get(f"/training/verify/{wei.token}/"))
    assert 'data-status="revoked"' in revoked and "已于 2025-09-20 撤销" in revoked
