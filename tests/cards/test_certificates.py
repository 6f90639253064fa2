"""The digital certificate (一人一码) through its services, selectors and API: issuing and
checking codes, key rotation and retirement, tampering, expiry, revocation and the list the
gates download, the honoree's status, the public keys, the honoree's own code and QR."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.cards.models import Certificate, HonoreeStatus
from onething.cards.rules import codes
from onething.cards.selectors.certificates import code_verify, revocation_list
from onething.cards.services.certificates import (
    certificate_code,
    certificate_issue,
    certificate_mine,
    certificate_revoke,
    signing_key_create,
    signing_key_retire,
)
from onething.core import clock
from onething.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from onething.core.models import AuditEntry, SigningKey
from onething.core.permissions import actor_for
from onething.core.signing import unb64, verify_key

from .world import Api, make_citizen, make_honoree, set_status, tamper

CARD_KEYS = SigningKey.objects.filter(purpose="cards")


@pytest.fixture
def honoree(city):
    return make_honoree(username="honoree.ouyang")[0]


def test_issue_and_verify_round_trip(city, union, honoree):
    certificate, code = certificate_issue(actor=union, honoree_id=honoree.pk)
    check = code_verify(code)
    assert check.valid and check.reason == "ok"
    assert check.honoree == honoree
    claims = check.verdict.claims
    assert (claims.serial, claims.honoree, claims.level) == (
        certificate.serial,
        honoree.pk,
        "municipal",
    )
    assert claims.kid == certificate.key.kid
    assert certificate.expires_at - certificate.issued_at == dt.timedelta(days=365)
    # the code is not stored: signing again gives the very same text
    assert certificate_code(Certificate.objects.get(pk=certificate.pk)) == code
    assert AuditEntry.objects.filter(
        action="certificate.issue", subject_id=str(certificate.pk)
    ).exists()
    # serials follow one another
    second, _ = certificate_issue(actor=union, honoree_id=honoree.pk, valid_days=30)
    assert second.serial > certificate.serial
    assert second.expires_at - second.issued_at == dt.timedelta(days=30)


def test_who_may_issue_and_to_whom(city, union, honoree):
    own = actor_for(city.user("honoree.ouyang"))
    certificate, _code = certificate_issue(actor=own, honoree_id=honoree.pk)
    assert certificate.honoree == honoree
    other, _ = make_honoree(name="李娟")
    with pytest.raises(NotFound):  # another honoree's record is not visible to them
        certificate_issue(actor=own, honoree_id=other.pk)
    with pytest.raises(ValidationFailed) as error:  # an honoree: a year at most
        certificate_issue(actor=own, honoree_id=honoree.pk, valid_days=3650)
    assert error.value.details["fields"][0]["field"] == "valid_days"
    with pytest.raises(PermissionDenied):
        certificate_issue(actor=city.actor("clerk.hudai"), honoree_id=honoree.pk)
    with pytest.raises(ValidationFailed) as error:
        certificate_issue(actor=union, honoree_id=honoree.pk, valid_days=0)
    problem = error.value.details["fields"][0]
    assert (problem["field"], problem["rule"]) == ("valid_days", "min")
    with pytest.raises(NotFound):
        certificate_issue(actor=union, honoree_id=10**9)


def test_an_honoree_no_longer_active_gets_no_certificate(city, union):
    suspended, _ = make_honoree(name="王强", status=HonoreeStatus.SUSPENDED)
    before = Certificate.objects.count()
    with pytest.raises(Conflict) as error:
        certificate_issue(actor=union, honoree_id=suspended.pk)
    assert error.value.status == 409 and error.value.code == "honoree_not_active"
    assert Certificate.objects.count() == before


def test_key_rotation_old_codes_verify_until_their_key_is_retired(city, union, honoree):
    first = signing_key_create(actor=union)
    old_certificate, old_code = certificate_issue(actor=union, honoree_id=honoree.pk)
    assert old_certificate.key == first
    second = signing_key_create(actor=union)
    assert second.kid == first.kid + 1
    assert AuditEntry.objects.filter(action="signing_key.create").count() >= 2

    assert code_verify(old_code).reason == "ok"  # rotation alone breaks nothing
    new_certificate, new_code = certificate_issue(actor=union, honoree_id=honoree.pk)
    assert new_certificate.key == second  # the newest active key signs
    assert codes.decode(new_code).kid == second.kid

    signing_key_retire(actor=union, kid=first.kid)
    assert code_verify(old_code).reason == "unknown_key"
    assert code_verify(old_code).honoree is None  # claims of an unchecked code are not trusted
    assert code_verify(new_code).valid

    with pytest.raises(Conflict) as error:
        signing_key_retire(actor=union, kid=first.kid)
    assert error.value.code == "key_already_retired"
    with pytest.raises(NotFound):
        signing_key_retire(actor=union, kid=60000)
    # the only active key stays
    for key in CARD_KEYS.filter(retired_at__isnull=True).exclude(pk=second.pk):
        signing_key_retire(actor=union, kid=key.kid)
    with pytest.raises(Conflict) as error:
        signing_key_retire(actor=union, kid=second.kid)
    assert error.value.code == "last_active_key"
    assert SigningKey.objects.get(pk=second.pk).retired_at is None


def test_only_union_staff_manage_keys(city, honoree):
    own = actor_for(city.user("honoree.ouyang"))
    with pytest.raises(PermissionDenied):
        signing_key_create(actor=own)
    with pytest.raises(PermissionDenied):
        signing_key_retire(actor=city.actor("officer.binhu"), kid=1)


def test_the_first_certificate_makes_the_first_key(city, union, honoree):
    Certificate.objects.all().delete()  # a city before its first certificate (rolled back)
    CARD_KEYS.all().delete()
    certificate, code = certificate_issue(actor=union, honoree_id=honoree.pk)
    assert CARD_KEYS.count() == 1 and certificate.key.kid == 1
    assert code_verify(code).valid


def test_private_keys_are_stored_encrypted(city, union):
    key = signing_key_create(actor=union)
    stored = SigningKey.objects.get(pk=key.pk).private_key_cipher
    assert stored.partition("$")[0] in ("t1", "t2")  # the data key ring's format
    assert key.public_key not in stored and len(unb64(key.public_key)) == 32


@pytest.mark.parametrize("index", [0, 40, 63, 64 + 3, 64 + 20])
def test_a_tampered_code_is_refused(city, union, honoree, index):
    """A flipped byte in the signature or in the signed body (64 + 3: the serial)."""
    _certificate, code = certificate_issue(actor=union, honoree_id=honoree.pk)
    check = code_verify(tamper(code, index))
    assert not check.valid and check.reason == "bad_signature"
    assert check.honoree is None


@pytest.mark.parametrize(
    "garbage", ["", "hello", "LM1.", "LM1.!!!", "LM2.AAAA", "LM1." + "A" * 300]
)
def test_garbage_is_malformed(city, garbage):
    check = code_verify(garbage)
    assert (check.valid, check.reason, check.honoree) == (False, "malformed", None)


def test_an_expired_code(city, union, honoree):
    issued = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with clock.frozen(issued):
        _certificate, code = certificate_issue(actor=union, honoree_id=honoree.pk, valid_days=30)
    with clock.frozen(issued + dt.timedelta(days=29, hours=23)):
        assert code_verify(code).valid
    with clock.frozen(issued + dt.timedelta(days=30)):
        check = code_verify(code)
    assert check.reason == "expired" and check.honoree == honoree
    assert code_verify(code, now=issued - dt.timedelta(days=1)).reason == "not_yet_valid"


def test_a_revoked_certificate_is_refused_and_listed(city, union, honoree):
    certificate, code = certificate_issue(actor=union, honoree_id=honoree.pk)
    assert code_verify(code).valid  # the cache is warm now: revoking must refresh it
    certificate_revoke(actor=union, serial=certificate.serial, reason="证书遗失，重新发证")
    check = code_verify(code)
    assert (check.valid, check.reason) == (False, "revoked")
    assert certificate.serial in revocation_list()["serials"]

    answer = Api(city).get("/api/certificate-revocations")  # public, for the gates
    assert answer.status_code == 200
    body = answer.json()
    assert certificate.serial in body["serials"] and body["generated_at"]

    with pytest.raises(Conflict) as error:
        certificate_revoke(actor=union, serial=certificate.serial, reason="again")
    assert error.value.code == "certificate_already_revoked"
    with pytest.raises(ValidationFailed) as error:
        certificate_revoke(actor=union, serial=certificate.serial, reason="  ")
    assert error.value.details["fields"][0]["rule"] == "required"
    with pytest.raises(NotFound):
        certificate_revoke(actor=union, serial=10**12, reason="unknown")
    with pytest.raises(PermissionDenied):
        certificate_revoke(
            actor=actor_for(city.user("honoree.ouyang")), serial=certificate.serial, reason="x"
        )


def test_the_revocation_list_leaves_out_expired_certificates(city, union, honoree):
    past = clock.now() - dt.timedelta(days=10)
    with clock.frozen(past):
        old, code = certificate_issue(actor=union, honoree_id=honoree.pk, valid_days=2)
        certificate_revoke(actor=union, serial=old.serial, reason="replaced")
    assert old.serial not in revocation_list()["serials"]
    # checked as of a moment it was in force (a gate's late upload), it is still revoked
    assert code_verify(code, now=past + dt.timedelta(days=1)).reason == "revoked"


@pytest.mark.parametrize("status", ["deceased", "suspended", "revoked"])
def test_an_honoree_no_longer_active_makes_the_code_invalid(city, union, honoree, status):
    certificate, code = certificate_issue(actor=union, honoree_id=honoree.pk)
    assert code_verify(code).valid
    set_status(honoree, status)  # the registry revokes the certificates too
    check = code_verify(code)
    assert (check.valid, check.reason) == (False, f"honoree_{status}")
    # offline gates learn it from the revocation list
    assert certificate.serial in revocation_list()["serials"]


def test_verification_reads_the_database_once_with_the_cache_warm(
    city, union, honoree, django_assert_max_num_queries
):
    _certificate, code = certificate_issue(actor=union, honoree_id=honoree.pk)
    code_verify(code)  # warms the keys and the revocation list
    with django_assert_max_num_queries(1):  # the honoree's current status
        assert code_verify(code).valid
    with django_assert_max_num_queries(0):  # a forged code costs no query
        assert code_verify(tamper(code, 5)).reason == "bad_signature"


def test_the_public_keys_carry_no_private_material_and_verify_offline(city, union, honoree):
    key = signing_key_create(actor=union)
    _certificate, code = certificate_issue(actor=union, honoree_id=honoree.pk)
    retired = signing_key_create(actor=union)
    signing_key_retire(actor=union, kid=retired.kid)

    answer = Api(city).get("/api/certificate-keys")
    assert answer.status_code == 200
    keys = answer.json()
    assert all(set(k) == {"kid", "public_key", "created_at", "retired"} for k in keys)
    assert key.kid in {k["kid"] for k in keys} and retired.kid not in {k["kid"] for k in keys}
    assert not any(k["retired"] for k in keys)
    for stored in SigningKey.objects.all():
        assert stored.private_key_cipher not in answer.content.decode()
    assert b"private" not in answer.content

    # a gate holding only these keys checks the code offline
    public = {k["kid"]: verify_key(k["public_key"]) for k in keys}
    assert codes.verify(code, public, now=clock.now()).valid

    every = Api(city).get("/api/certificate-keys", include_retired="true").json()
    assert {retired.kid: True} == {k["kid"]: k["retired"] for k in every if k["kid"] == retired.kid}


def test_an_honoree_gets_their_own_certificate_once(city, honoree):
    own = actor_for(city.user("honoree.ouyang"))
    first, code = certificate_mine(actor=own)
    again, same = certificate_mine(actor=own)
    assert (again.pk, same) == (first.pk, code)
    certificate_revoke(actor=city.actor("union"), serial=first.serial, reason="lost phone")
    renewed, new_code = certificate_mine(actor=own)
    assert renewed.serial != first.serial and code_verify(new_code).valid
    with pytest.raises(NotFound) as error:
        certificate_mine(actor=city.actor(make_citizen()))
    assert error.value.code == "not_an_honoree"


class TestApi:
    def test_union_staff_issue_list_and_revoke(self, city, honoree):
        union = Api(city, "union")
        answer = union.post(
            "/api/certificates",
            {"honoree_id": honoree.pk, "valid_days": 90},
            HTTP_IDEMPOTENCY_KEY="issue-ouyang-1",
        )
        assert answer.status_code == 201, answer.content
        body = answer.json()
        assert body["code"].startswith("LM1.") and body["honoree_id"] == honoree.pk
        assert code_verify(body["code"]).valid
        retry = union.post(
            "/api/certificates",
            {"honoree_id": honoree.pk, "valid_days": 90},
            HTTP_IDEMPOTENCY_KEY="issue-ouyang-1",
        )
        assert retry.status_code == 201 and retry.json()["serial"] == body["serial"]

        listed = union.get("/api/certificates", honoree_id=honoree.pk)
        assert listed.status_code == 200 and listed.json()["count"] == 1
        assert union.get("/api/certificates", state="nonsense").status_code == 422

        revoked = union.post(f"/api/certificates/{body['serial']}/revoke", {"reason": "test"})
        assert revoked.status_code == 200 and revoked.json()["revoked_at"]
        again = union.post(f"/api/certificates/{body['serial']}/revoke", {"reason": "test"})
        assert again.status_code == 409
        assert again.json()["error"]["code"] == "certificate_already_revoked"
        empty = union.post(f"/api/certificates/{body['serial']}/revoke", {"reason": ""})
        assert empty.status_code == 422
        assert empty.json()["error"]["details"]["fields"][0]["field"] == "reason"

    def test_bad_input_gets_4xx(self, city, honoree):
        union = Api(city, "union")
        too_long = union.post("/api/certificates", {"honoree_id": honoree.pk, "valid_days": 9999})
        assert too_long.status_code == 422
        assert too_long.json()["error"]["details"]["fields"][0]["rule"] == "max"
        assert union.post("/api/certificates", {"honoree_id": "x"}).status_code == 422
        assert union.post("/api/certificates", {"honoree_id": 10**9}).status_code == 404
        set_status(honoree, HonoreeStatus.DECEASED)
        dead = union.post("/api/certificates", {"honoree_id": honoree.pk})
        assert dead.status_code == 409 and dead.json()["error"]["code"] == "honoree_not_active"
        assert Api(city).post("/api/certificates", {"honoree_id": honoree.pk}).status_code == 401

    def test_keys_through_the_api(self, city):
        union = Api(city, "union")
        made = union.post("/api/certificate-keys")
        assert made.status_code == 201 and set(made.json()) == {
            "kid",
            "public_key",
            "created_at",
            "retired",
        }
        kid = made.json()["kid"]
        newer = union.post("/api/certificate-keys").json()["kid"]
        retired = union.post(f"/api/certificate-keys/{kid}/retire")
        assert retired.status_code == 200 and retired.json()["retired"] is True
        for key in CARD_KEYS.filter(retired_at__isnull=True).exclude(kid=newer):
            signing_key_retire(actor=city.actor("union"), kid=key.kid)
        last = union.post(f"/api/certificate-keys/{newer}/retire")
        assert last.status_code == 409 and last.json()["error"]["code"] == "last_active_key"
        assert Api(city, make_citizen()).post("/api/certificate-keys").status_code == 403

    def test_an_honoree_fetches_their_code_and_qr(self, city, honoree):
        mine = Api(city, "honoree.ouyang")
        answer = mine.get("/api/certificates/mine")
        assert answer.status_code == 200, answer.content
        body = answer.json()
        assert set(body) == {"serial", "code", "expires_at", "qr_svg"}
        assert body["qr_svg"].startswith("<svg") and code_verify(body["code"]).valid
        assert "no-store" in answer["Cache-Control"]
        assert mine.get("/api/certificates/mine").json()["serial"] == body["serial"]

        png = mine.get("/api/certificates/mine/qr.png")
        assert png.status_code == 200 and png["Content-Type"] == "image/png"
        assert png.content.startswith(b"\x89PNG\r\n\x1a\n")

        own = mine.get("/api/certificates").json()
        assert own["count"] == 1 and own["items"][0]["serial"] == body["serial"]
        assert mine.get(f"/api/certificates/{body['serial']}").status_code == 200

    def test_someone_not_in_the_registry_has_no_code(self, city, honoree):
        serial = Api(city, "honoree.ouyang").get("/api/certificates/mine").json()["serial"]
        zhang = Api(city, make_citizen())
        answer = zhang.get("/api/certificates/mine")
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_an_honoree"
        assert zhang.get("/api/certificates/mine/qr.png").status_code == 404
        assert zhang.get(f"/api/certificates/{serial}").status_code == 404  # not theirs
        assert zhang.get("/api/certificates").json()["count"] == 0
        assert Api(city).get("/api/certificates/mine").status_code == 401

    def test_anybody_checks_a_code(self, city, union, honoree):
        _certificate, code = certificate_issue(actor=union, honoree_id=honoree.pk)
        answer = Api(city).get("/api/certificates/verify", code=code)
        assert answer.status_code == 200
        body = answer.json()
        assert body["valid"] is True and body["reason"] == "ok"
        assert body["holder"] == "欧阳**" and body["level"] == "municipal"
        assert "欧阳明辉" not in answer.content.decode()
        forged = Api(city).get("/api/certificates/verify", code=tamper(code, 1)).json()
        assert (forged["valid"], forged["reason"], forged["holder"]) == (
            False,
            "bad_signature",
            "",
        )
        assert Api(city).get("/api/certificates/verify", code="x").json()["reason"] == "malformed"
        assert Api(city).get("/api/certificates/verify").status_code == 422
