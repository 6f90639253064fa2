"""Transcripts over the API: issued with an Idempotency-Key (every problem at once in
Chinese), each person's view (a student only theirs, a registrar only their university's:
悉尼大学's registrar cannot read 兰州大学's transcripts), the PDF (font embedded, token
carried), the public keys and an offline verification with nothing but PyNaCl and the
public key's text, the public verification (valid, revoked with its date, altered, unknown
key, malformed) with the name masked, and revoking."""

from __future__ import annotations

import io
import json

import pytest
from nacl.exceptions import BadSignatureError
from pypdf import PdfReader

from onething.core import clock

from .test_transcripts_token import offline_verify
from .world_classes import AFTER, completed


@pytest.fixture(autouse=True)
def after_class():
    with clock.frozen(AFTER):
        yield


def post(client, url: str, body: dict | None = None, **headers):
    return client.post(
        f"/api/training{url}", json.dumps(body or {}), content_type="application/json", **headers
    )


def fields(answer) -> dict[str, str]:
    return {f["field"]: f["rule"] for f in answer.json()["error"]["details"]["fields"]}


def issued(city, inst, *, student="wei"):
    if student == "wei":
        enrolment = completed(inst, inst.wei, {"CHIP-101": "86.5", "CHIP-201": "91"})
    else:
        enrolment = completed(
            inst, inst.zhao, {"CHIP-101": "88", "CHIP-201": "93"}, university=inst.sydney
        )
    answer = post(
        city.client("t.staff"),
        "/transcripts",
        {"enrolment": enrolment.number},
        HTTP_IDEMPOTENCY_KEY=f"issue-{student}",
    )
    assert answer.status_code == 201, answer.content
    return answer.json()


def test_issue_answers_the_transcript_and_a_retry_the_same(inst, city):
    body = issued(city, inst)
    assert body["number"] == "XF2025000001" and body["university"] == "兰州大学"
    assert body["total_credits"] == "5.0" and body["partial"] is False
    assert [line["grade"] for line in body["lines"]] == ["86.5", "91.0"]
    assert body["token"].startswith("TR1.") and "/training/verify/TR1." in body["verify_url"]
    again = post(
        city.client("t.staff"),
        "/transcripts",
        {"enrolment": body["enrolment"]},
        HTTP_IDEMPOTENCY_KEY="issue-wei",
    )
    assert again.status_code == 200 and again.json()["number"] == body["number"]
    twice = post(city.client("t.staff"), "/transcripts", {"enrolment": body["enrolment"]})
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "transcript_exists"
    reused = post(
        city.client("t.staff"),
        "/transcripts",
        {"enrolment": body["enrolment"], "courses": ["CHIP-101"]},
        HTTP_IDEMPOTENCY_KEY="issue-wei",
    )
    assert reused.status_code == 409
    assert reused.json()["error"]["code"] == "idempotency_key_reused"


def test_refusals_name_every_rule_in_chinese(inst, city):
    zhao = completed(inst, inst.zhao, {"CHIP-101": "52", "CHIP-201": "93"}, university=inst.sydney)
    staff = city.client("t.staff")
    refused = post(
        staff,
        "/transcripts",
        {"enrolment": zhao.number, "university": inst.nonpartner.pk, "courses": ["CHIP-101"]},
    )
    assert refused.status_code == 422
    assert fields(refused) == {"university": "no_agreement", "courses.0": "course_not_passed"}
    message = refused.json()["error"]["message"]
    assert "江南示范学院" in message and "学分互认协议" in message and "未通过" in message
    counted = post(staff, "/transcripts", {"enrolment": zhao.number, "courses": ["CHIP-201"]})
    assert fields(counted) == {"courses.0": "course_not_counted"}
    assert (
        post(city.client("t.registrar"), "/transcripts", {"enrolment": zhao.number}).status_code
        == 403
    )


def test_each_sees_only_their_own(inst, city):
    wei = issued(city, inst)
    zhao = issued(city, inst, student="zhao")
    listed = {
        who: [
            t["number"] for t in city.client(who).get("/api/training/transcripts").json()["items"]
        ]
        for who in ("t.staff", "t.wei", "t.zhao", "t.registrar", "t.sydney", "t.adviser")
    }
    assert listed == {
        "t.staff": [zhao["number"], wei["number"]],
        "t.wei": [wei["number"]],
        "t.zhao": [zhao["number"]],
        "t.registrar": [wei["number"]],
        "t.sydney": [zhao["number"]],
        "t.adviser": [],
    }
    sydney = city.client("t.sydney")
    assert sydney.get(f"/api/training/transcripts/{wei['number']}").status_code == 404
    assert sydney.get(f"/api/training/transcripts/{wei['number']}/pdf").status_code == 404
    assert (
        city.client("t.wei").get(f"/api/training/transcripts/{zhao['number']}").status_code == 404
    )
    partial = sydney.get(f"/api/training/transcripts/{zhao['number']}").json()
    assert partial["partial"] is True
    assert [c["course"] for c in partial["not_counted"]] == ["CHIP-201"]
    assert [line["grade"] for line in partial["lines"]] == ["良"]


def test_the_pdf_embeds_the_font_and_carries_the_token(inst, city):
    body = issued(city, inst)
    answer = city.client("t.registrar").get(f"/api/training/transcripts/{body['number']}/pdf")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.content))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor  # embedded, not referenced
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("NotoSansSC" in name for name in fonts)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "学分证明" in text and "魏同学" in text and "兰州大学" in text
    assert body["token"] in "".join(text.split())
    assert reader.metadata.subject == body["token"]


def test_a_university_verifies_offline_with_only_the_public_key(inst, city):
    body = issued(city, inst)
    keys = city.client().get("/api/training/transcript-keys").json()
    (key,) = keys
    assert key["kid"] == body["kid"] and key["algorithm"] == "Ed25519"
    data = offline_verify(body["token"], key["public_key"])
    assert data["number"] == body["number"] and data["student"] == "魏同学"
    assert data["credits"] == "5.0" and [c["code"] for c in data["courses"]] == [
        "CHIP-101",
        "CHIP-201",
    ]
    prefix, payload, signature = body["token"].split(".")
    flipped = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    with pytest.raises((BadSignatureError, ValueError)):
        offline_verify(f"{prefix}.{flipped}.{signature}", key["public_key"])


def test_the_public_verification_answers_every_case(inst, city):
    body = issued(city, inst)
    anyone = city.client()

    def verify(token):
        answer = anyone.get("/api/training/transcripts/verify", {"token": token})
        assert answer.status_code == 200
        return answer.json()

    valid = verify(body["token"])
    assert (valid["status"], valid["valid"]) == ("valid", True)
    assert (
        valid["transcript"]["student"] == "魏**" and valid["transcript"]["university"] == "兰州大学"
    )
    assert "有效" in valid["message"]
    assert "id_number" not in json.dumps(valid) and "3202" not in json.dumps(valid)
    prefix, payload, signature = body["token"].split(".")
    other = "A" * len(signature) if signature[0] != "A" else "B" * len(signature)
    assert verify(f"{prefix}.{payload}.{other}")["status"] in ("bad_signature", "malformed")
    assert verify("not a transcript")["status"] == "malformed"
    assert verify("")["status"] == "malformed"
    assert verify(f"{prefix}.{payload}.{signature}x")["status"] == "malformed"
    revoked = post(
        city.client("t.staff"), f"/transcripts/{body['number']}/revoke", {"reason": "成绩录入有误"}
    )
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    answer = verify(body["token"])
    assert (answer["status"], answer["valid"], answer["revoked_on"]) == (
        "revoked",
        False,
        "2025-09-20",
    )
    assert "撤销" in answer["message"]
    pdf = city.client("t.registrar").get(f"/api/training/transcripts/{body['number']}/pdf")
    assert "已撤销" in "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    twice = post(
        city.client("t.staff"), f"/transcripts/{body['number']}/revoke", {"reason": "再次"}
    )
    assert twice.status_code == 409


def test_a_token_signed_with_a_retired_key_is_unknown(inst, city):
    from onething.core.services.signing import signing_key_create, signing_key_retire

    body = issued(city, inst)
    signing_key_create(actor=inst.staff, purpose="training")
    signing_key_retire(actor=inst.staff, purpose="training", kid=body["kid"])
    answer = city.client().get("/api/training/transcripts/verify", {"token": body["token"]})
    assert answer.json()["status"] == "unknown_key" and answer.json()["transcript"] is None
    assert [k["kid"] for k in city.client().get("/api/training/transcript-keys").json()] == [2]
