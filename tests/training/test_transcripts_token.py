"""The transcript's signed text, without a database: canonical JSON signed with Ed25519,
one spelling per transcript; a reader with nothing but PyNaCl and the public key's text
verifies it offline, and any change to it fails."""

from __future__ import annotations

import base64
import datetime as dt
import json

import nacl.signing
import pytest
from nacl.exceptions import BadSignatureError

from onething.training.rules import transcript_token as t

KEY = nacl.signing.SigningKey(bytes(range(32)))
CLAIMS = t.Claims(
    kid=1,
    serial=17,
    number="XF2025000017",
    institute="无锡高新区产业科技创新人才实训学院",
    student="魏同学",
    student_number="XY2025S0001",
    university="兰州大学",
    issued=dt.date(2025, 9, 20),
    credits="5.0",
    courses=(
        t.CourseLine("CHIP-101", "AI芯片导论", "产业实训选修课", "86.5", "86.5", "2.0"),
        t.CourseLine("CHIP-201", "AI芯片项目实战", "产业实训选修课", "91.0", "91.0", "3.0"),
    ),
)


def public_text(key: nacl.signing.SigningKey) -> str:
    return base64.urlsafe_b64encode(bytes(key.verify_key)).rstrip(b"=").decode()


def offline_verify(token: str, public_key: str) -> dict:
    """What a university does with only PyNaCl and the published public key: no project
    code, no database. The claims, or BadSignatureError / ValueError."""

    def unpad(text: str) -> bytes:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

    prefix, body, signature = token.split(".")
    if prefix != "TR1":
        raise ValueError("not a transcript")
    key = nacl.signing.VerifyKey(unpad(public_key))
    raw = unpad(body)
    key.verify(raw, unpad(signature))  # raises BadSignatureError
    return json.loads(raw.decode("utf-8"))


def test_the_body_is_canonical_json_and_the_token_round_trips():
    body = t.body_of(CLAIMS)
    assert body.startswith(b'{"courses":[{"code":"CHIP-101"')
    assert b" " not in body and "魏同学".encode() in body  # no spaces, no \u escapes
    token = t.encode(CLAIMS, KEY)
    assert token.startswith("TR1.") and token.count(".") == 2
    claims, raw, signature = t.decode(token)
    assert claims == CLAIMS and raw == body and len(signature) == 64
    assert t.encode(CLAIMS, KEY) == token  # Ed25519 is deterministic


def test_a_university_verifies_offline_with_the_public_key_alone():
    token = t.encode(CLAIMS, KEY)
    data = offline_verify(token, public_text(KEY))
    assert data["student"] == "魏同学" and data["university"] == "兰州大学"
    assert data["kid"] == 1 and data["credits"] == "5.0"
    assert [c["grade"] for c in data["courses"]] == ["86.5", "91.0"]


def test_a_tampered_token_fails_offline_and_in_the_rule():
    token = t.encode(CLAIMS, KEY)
    keys = {1: KEY.verify_key}
    assert t.verify(token, keys).status == t.VALID
    # another credit count, signed by nobody
    forged = t.Claims(**{**CLAIMS.__dict__, "credits": "9.0"})
    body = base64.urlsafe_b64encode(t.body_of(forged)).rstrip(b"=").decode()
    tampered = f"TR1.{body}.{token.rsplit('.', 1)[1]}"
    with pytest.raises(BadSignatureError):
        offline_verify(tampered, public_text(KEY))
    assert t.verify(tampered, keys).status == t.BAD_SIGNATURE
    # signed by another key
    other = nacl.signing.SigningKey(bytes(32))
    with pytest.raises(BadSignatureError):
        offline_verify(token, public_text(other))
    assert t.verify(token, {1: other.verify_key}).status == t.BAD_SIGNATURE
    assert t.verify(token, {2: KEY.verify_key}).status == t.UNKNOWN_KEY


@pytest.mark.parametrize(
    "token",
    [
        "",
        "LM1.abc",
        "TR1.",
        "TR1.abc",
        "TR1.a.b.c",
        "TR1.YWJj.YWJj",  # not JSON, short signature
        "TR1." + "A" * 20000,
        None,
        42,
    ],
)
def test_anything_else_is_malformed(token):
    assert t.verify(token, {1: KEY.verify_key}).status == t.MALFORMED


def test_a_body_spelled_otherwise_is_malformed_even_if_signed():
    """One transcript, one spelling: the same claims with spaces, signed, are refused."""
    loose = json.dumps(CLAIMS.as_json(), sort_keys=True, ensure_ascii=False).encode()
    b64 = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()  # noqa: E731
    token = f"TR1.{b64(loose)}.{b64(KEY.sign(loose).signature)}"
    assert t.verify(token, {1: KEY.verify_key}).status == t.MALFORMED
