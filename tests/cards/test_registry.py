"""The registry of honorees: registration (one per person, the number masked), the status
lifecycle and its effect on cards and certificates, scoping and search."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.cards.models import (
    CardStatus,
    Certificate,
    Honoree,
    HonoreeStatus,
)
from onething.cards.rules import status as status_rules
from onething.cards.services.registry import honoree_register, honoree_status_change
from onething.core import clock
from onething.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry, Person, SigningKey

from .world import REGION, Api, fields, full_id, honoree_account, id_number, issue, register


def certificate(honoree: Honoree, serial: int) -> Certificate:
    key, _ = SigningKey.objects.get_or_create(
        purpose="cards",
        kid=31001,
        defaults={"public_key": "x" * 43, "private_key_cipher": "-", "created_at": clock.now()},
    )
    now = clock.now()
    return Certificate.objects.create(
        serial=serial,
        honoree=honoree,
        key=key,
        level=honoree.level,
        issued_at=now,
        expires_at=now + dt.timedelta(days=365),
    )


class TestRegister:
    def test_api_registers_and_shows_the_number_masked(self, city):
        union = Api(city, "union")
        number = id_number(1)
        answer = union.post(
            "/api/honorees",
            {
                "name": "李劳模",
                "id_number": number,
                "phone": "13812345678",
                "region_code": REGION,
                "level": "national",
                "title": "全国劳动模范",
                "year": 2010,
                "work_unit": "无锡一棉",
            },
        )
        assert answer.status_code == 201, answer.content
        body = answer.json()
        assert number not in answer.content.decode() and "13812345678" not in str(body)
        assert body["id_number_masked"] == f"{number[:4]}{'*' * 10}{number[-4:]}"
        assert body["phone_masked"] == "138****5678"
        assert (body["level"], body["status"], body["active_card"]) == ("national", "active", None)
        assert [(c["before"], c["after"]) for c in body["status_history"]] == [("", "active")]
        assert answer["Location"] == f"/api/honorees/{body['id']}"
        honoree = Honoree.objects.get(pk=body["id"])
        assert full_id(honoree.person) == number
        assert AuditEntry.objects.filter(
            action="honoree.register", subject_id=str(honoree.pk), actor_label__startswith="union"
        ).exists()

    def test_a_second_registration_of_the_number_is_409_masked(self, city):
        first = register(city, 2)
        number = id_number(2)
        with pytest.raises(Conflict) as caught:
            register(city, 2, name=f"劳模{2}", level="national")
        assert caught.value.code == "already_registered"
        assert caught.value.details["id_number"] == f"{number[:4]}{'*' * 10}{number[-4:]}"
        assert caught.value.details["honoree_id"] == first.pk
        answer = Api(city, "union").post(
            "/api/honorees",
            {
                "name": "劳模2",
                "id_number": number.lower(),
                "region_code": REGION,
                "level": "municipal",
                "title": "t",
                "year": 2015,
            },
        )
        assert answer.status_code == 409 and answer.json()["error"]["code"] == "already_registered"
        assert number not in answer.content.decode()
        assert (
            Honoree.objects.filter(person__id_number_digest=first.person.id_number_digest).count()
            == 1
        )

    def test_a_person_already_on_the_platform_is_found_not_registered_again(self, city):
        person = city.user("zhangwei").person
        if Honoree.objects.filter(person=person).exists():
            pytest.skip("the demo made 张伟 an honoree already")
        people = Person.objects.count()
        with pytest.raises(ValidationFailed) as caught:
            register(city, 3, name="别的名字", id_number=full_id(person))
        assert caught.value.problems[0].rule == "name_mismatch"
        honoree = register(city, 3, name=person.name, id_number=full_id(person))
        assert honoree.person == person and Person.objects.count() == people

    def test_every_bad_field_is_named(self, city):
        bad = id_number(4)[:-1] + ("0" if id_number(4)[-1] != "0" else "1")
        answer = Api(city, "union").post(
            "/api/honorees",
            {
                "name": "",
                "id_number": bad,
                "region_code": "999999",
                "level": "county",
                "title": "",
                "year": 1949,
                "phone": "12",
            },
        )
        assert answer.status_code == 422
        assert fields(answer) == {
            "name": "required",
            "id_number": "checksum",
            "phone": "format",
            "title": "required",
            "region_code": "unknown_region",
            "level": "choice",
            "year": "range",
        }
        next_year = clock.today().year + 1
        with pytest.raises(ValidationFailed) as caught:
            register(city, 4, year=next_year)
        assert [(p.field, p.rule) for p in caught.value.problems] == [("year", "range")]

    def test_only_union_staff_register(self, city):
        with pytest.raises(PermissionDenied):
            honoree_register(
                actor=city.actor("officer.binhu"),
                name="x",
                id_number=id_number(5),
                region_code=REGION,
                level="municipal",
                title="t",
                year=2000,
            )
        answer = Api(city, "zhangwei").post("/api/honorees", {})
        assert answer.status_code in (403, 422)  # the schema may speak first
        assert (
            Api(city, "zhangwei")
            .post(
                "/api/honorees",
                {
                    "name": "x",
                    "id_number": id_number(5),
                    "region_code": REGION,
                    "level": "municipal",
                    "title": "t",
                    "year": 2000,
                },
            )
            .status_code
            == 403
        )

    def test_an_idempotent_retry_gets_the_first_honoree(self, city):
        union = Api(city, "union")
        data = {
            "name": "王重试",
            "id_number": id_number(6),
            "region_code": REGION,
            "level": "treated",
            "title": "享受劳模待遇",
            "year": 2001,
        }
        first = union.post("/api/honorees", data, HTTP_IDEMPOTENCY_KEY="reg-6")
        again = union.post("/api/honorees", data, HTTP_IDEMPOTENCY_KEY="reg-6")
        assert first.status_code == again.status_code == 201
        assert first.json()["id"] == again.json()["id"]


class TestStatus:
    def test_the_table(self):
        assert status_rules.allowed("active", "suspended")
        assert status_rules.allowed("suspended", "active")
        assert status_rules.allowed("suspended", "revoked")
        assert not status_rules.allowed("deceased", "active")
        assert not status_rules.allowed("revoked", "suspended")
        assert not status_rules.allowed("active", "active")

    def test_suspension_keeps_the_card_and_revokes_the_certificates(self, city):
        honoree = register(city, 10)
        held = issue(city, honoree, "310000000010")
        cert = certificate(honoree, 9_310_000_010)
        answer = Api(city, "union").post(
            f"/api/honorees/{honoree.pk}/status", {"status": "suspended", "reason": "违纪调查"}
        )
        assert answer.status_code == 200, answer.content
        assert answer.json()["status"] == "suspended"
        held.refresh_from_db()
        cert.refresh_from_db()
        assert held.status == CardStatus.ACTIVE
        assert cert.revoked_at is not None and "违纪调查" in cert.revoked_reason
        assert AuditEntry.objects.filter(
            action="certificate.revoke", subject_id=str(cert.pk)
        ).exists()
        back = honoree_status_change(
            actor=city.actor("union"), honoree_id=honoree.pk, status="active", reason="调查结束"
        )
        assert back.status == HonoreeStatus.ACTIVE
        history = list(back.status_history.values_list("before", "after"))
        assert history == [("", "active"), ("active", "suspended"), ("suspended", "active")]

    def test_death_revokes_the_card_and_is_final(self, city):
        honoree = register(city, 11)
        held = issue(city, honoree, "310000000011")
        cert = certificate(honoree, 9_310_000_011)
        honoree_status_change(
            actor=city.actor("union"), honoree_id=honoree.pk, status="deceased", reason="病故"
        )
        held.refresh_from_db()
        cert.refresh_from_db()
        assert held.status == CardStatus.REVOKED and held.blocked_at is not None
        assert cert.revoked_at is not None
        with pytest.raises(InvalidTransition):
            honoree_status_change(
                actor=city.actor("union"), honoree_id=honoree.pk, status="active", reason="x"
            )
        answer = Api(city, "union").post(
            f"/api/honorees/{honoree.pk}/status", {"status": "revoked", "reason": "x"}
        )
        assert answer.status_code == 409
        assert answer.json()["error"]["code"] == "invalid_transition"
        assert answer.json()["error"]["details"] == {
            "from": "deceased",
            "to": "revoked",
            "allowed": [],
            "status": "deceased",
            "action": "revoked",
            "allowed_from": ["active", "suspended"],
        }
        honoree.refresh_from_db()
        assert honoree.status == HonoreeStatus.DECEASED

    def test_bad_input_and_roles(self, city):
        honoree = register(city, 12)
        union = Api(city, "union")
        answer = union.post(f"/api/honorees/{honoree.pk}/status", {"status": "gone", "reason": ""})
        assert answer.status_code == 422 and fields(answer) == {
            "reason": "required",
            "status": "choice",
        }
        assert (
            union.post(
                "/api/honorees/999999999/status", {"status": "suspended", "reason": "x"}
            ).status_code
            == 404
        )
        zhang = Api(city, "zhangwei").post(
            f"/api/honorees/{honoree.pk}/status", {"status": "suspended", "reason": "x"}
        )
        assert zhang.status_code == 403


class TestReading:
    def test_an_applicant_sees_only_their_own_record(self, city):
        other = register(city, 20)
        mine, username = honoree_account(city, 21)
        zhang = Api(city, "zhangwei")
        listed = zhang.get("/api/honorees")
        assert listed.status_code == 200
        person = city.user("zhangwei").person
        assert all(
            Honoree.objects.get(pk=item["id"]).person_id == person.pk
            for item in listed.json()["items"]
        )
        assert zhang.get(f"/api/honorees/{other.pk}").status_code == 404
        own = Api(city, username)
        assert [i["id"] for i in own.get("/api/honorees").json()["items"]] == [mine.pk]
        assert own.get(f"/api/honorees/{mine.pk}").status_code == 200
        assert own.get(f"/api/honorees/{other.pk}").status_code == 404
        by_number = own.get("/api/honorees", q=id_number(21)).json()["items"]
        assert [i["id"] for i in by_number] == [mine.pk]
        assert own.get("/api/honorees", q=id_number(20)).json()["count"] == 0
        assert zhang.get("/api/honorees/export").status_code == 403
        assert Api(city, "officer.binhu").get("/api/honorees").json()["count"] == 0

    def test_union_staff_search_by_name_card_and_id_number(self, city):
        target = register(city, 30, name="钱搜索")
        register(city, 31)
        issue(city, target, "310000000030")
        union = Api(city, "union")

        def found(**params):
            answer = union.get("/api/honorees", **params)
            assert answer.status_code == 200, answer.content
            return [i["id"] for i in answer.json()["items"]]

        assert found(q="钱搜") == [target.pk]
        assert found(q="3100 0000 0030") == [target.pk]
        assert found(q=id_number(30)) == [target.pk]
        assert AuditEntry.objects.filter(
            action="person.lookup", subject_id=str(target.person_id)
        ).exists()
        assert target.pk in found(level="municipal", status="active")
        assert target.pk not in found(status="suspended")
        detail = union.get(f"/api/honorees/{target.pk}").json()
        assert detail["active_card"] == "310000000030"
        assert [c["number"] for c in detail["cards"]] == ["310000000030"]
        bad = union.get("/api/honorees", level="county")
        assert bad.status_code == 422 and fields(bad) == {"level": "choice"}
