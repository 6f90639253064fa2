"""The services of value-added services on the base city: a request routed to its
provider with a sealed phone and a due day, made once per idempotency key, every problem
at once; the provider's moves and the enterprise's, each on its side only; the refusals
(another enterprise, another provider, a service not for the enterprise); the catalogue's
writes and who may make them."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.core.crypto import keyring
from onething.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry
from onething.core.permissions import SYSTEM
from onething.valueadded.models import PHONE_LABEL, ServiceRequest
from onething.valueadded.services.catalogue import (
    provider_create,
    provider_update,
    service_create,
    service_update,
)
from onething.valueadded.services.handling import (
    request_accept,
    request_conclude,
    request_decline,
)
from onething.valueadded.services.requests import request_rate, request_submit, request_withdraw

from .world import (
    BANK,
    ENTERPRISE,
    LAW_FIRM,
    MONDAY,
    OFFICER,
    OTHER_ENTERPRISE,
    OTHER_OFFICER,
    at,
    bank_service,
    on,
    submit,
)

pytestmark = pytest.mark.django_db


def fields(error) -> list[str]:
    return [p.field for p in error.value.problems]


def test_a_request_goes_to_its_provider_sealed_and_due(city):
    bank_service()
    with on(MONDAY):
        made = submit(city)
    assert made.number.startswith("VA320281-20251110-")  # the enterprise's county, the day
    assert made.provider.code == "js-bank-wx" and made.status == "submitted"
    assert made.due_date == dt.date(2025, 11, 12)  # 2 working days
    assert made.contact_phone_masked == "138****5678"
    assert "13812345678" not in made.contact_phone_cipher
    assert keyring().decrypt(made.contact_phone_cipher, PHONE_LABEL) == "13812345678"
    assert [s.action for s in made.steps.all()] == ["submit"]
    entry = AuditEntry.objects.get(subject_id=str(made.pk), action="va_request.submit")
    assert entry.after["status"] == "submitted"


def test_without_a_phone_typed_the_one_on_file_is_used(city):
    bank_service()
    person = city.user(ENTERPRISE).person
    with on(MONDAY):
        made = submit(city, contact_phone="")
    assert made.contact_phone_masked == person.phone_masked


def test_every_problem_at_once_and_nothing_written(city):
    bank_service()
    with pytest.raises(ValidationFailed) as refused:
        submit(
            city,
            subject="",
            details="",
            contact_name="",
            contact_phone="12345",
            attachments=[("a.pdf", b"not a pdf"), ("b.txt", b"text")],
        )
    assert fields(refused) == [
        "subject",
        "details",
        "contact_name",
        "contact_phone",
        "attachments.0",
        "attachments.1",
    ]
    assert not ServiceRequest.objects.exists()


def test_a_retry_with_its_key_makes_one_request(city):
    bank_service()
    actor = city.actor(ENTERPRISE)
    body = {
        "service_code": "t-loan",
        "subject": "贷款",
        "details": "详情",
        "contact_name": "陈静",
        "contact_phone": "13812345678",
    }
    first, created = request_submit(actor=actor, idempotency_key="k-1", **body)
    again, created_again = request_submit(actor=actor, idempotency_key="k-1", **body)
    assert (created, created_again, again.pk) == (True, False, first.pk)
    with pytest.raises(Conflict) as reused:
        request_submit(actor=actor, idempotency_key="k-1", **{**body, "subject": "别的"})
    assert reused.value.code == "idempotency_key_reused"
    assert ServiceRequest.objects.count() == 1


def test_who_may_ask(city):
    bank_service(sizes=["micro", "small"])  # 澄丰 is a medium enterprise
    with pytest.raises(Conflict) as refused:
        submit(city)
    assert refused.value.code == "not_eligible"
    assert submit(city, OTHER_ENTERPRISE).enterprise.name == "无锡胡埭精密机械有限公司"
    with pytest.raises(Conflict) as own:  # the bank does not ask itself
        submit(city, BANK)
    assert own.value.code == "own_service"
    with pytest.raises(PermissionDenied):  # a citizen, an officer: no enterprise
        submit(city, "zhangwei")
    with pytest.raises(PermissionDenied):
        submit(city, OFFICER)
    service_update(actor=SYSTEM, code="t-loan", active=False)
    with pytest.raises(NotFound):  # not offered: the public no longer sees it
        submit(city, OTHER_ENTERPRISE)


def test_the_provider_answers_on_time_then_concludes_and_the_enterprise_rates(city):
    bank_service()
    with on(MONDAY):
        made = submit(city)
    bank = city.actor(BANK)
    with on(at("2025-11-12", 16)):  # the due day itself: on time
        request_accept(actor=bank, number=made.number, note="客户经理明日联系。")
    with on(at("2025-11-20", 11)):
        with pytest.raises(ValidationFailed) as refused:
            request_conclude(actor=bank, number=made.number, outcome_kind="financing", outcome="")
        assert fields(refused) == ["outcome", "amount_fen"]
        request_conclude(
            actor=bank,
            number=made.number,
            outcome_kind="financing",
            outcome="授信获批并放款。",
            amount_fen=5_000_000_00,
        )
    enterprise = city.actor(ENTERPRISE)
    with pytest.raises(PermissionDenied):  # the bank does not rate itself
        request_rate(actor=bank, number=made.number, rating=5)
    request_rate(actor=enterprise, number=made.number, rating=5, comment="放款快。")
    with pytest.raises(Conflict) as again:
        request_rate(actor=enterprise, number=made.number, rating=1)
    assert again.value.code in ("rated_already", "invalid_transition")
    made.refresh_from_db()
    assert (made.status, made.answered_on_time, made.amount_fen, made.rating) == (
        "concluded",
        True,
        5_000_000_00,
        5,
    )
    assert [s.action for s in made.steps.all()] == ["submit", "accept", "conclude", "rate"]


def test_a_late_answer_is_kept_as_late(city):
    bank_service()
    with on(MONDAY):
        made = submit(city)
    with on(at("2025-11-13", 9)):  # a working day after the due day
        request_accept(actor=city.actor(BANK), number=made.number)
    made.refresh_from_db()
    assert made.answered_on_time is False


def test_a_decline_says_why_and_a_withdrawal_comes_before_acceptance(city):
    bank_service()
    with on(MONDAY):
        first, second = submit(city), submit(city, subject="另一笔贷款")
    bank, enterprise = city.actor(BANK), city.actor(ENTERPRISE)
    with pytest.raises(ValidationFailed) as refused:
        request_decline(actor=bank, number=first.number, reason=" ")
    assert fields(refused) == ["reason"]
    request_decline(actor=bank, number=first.number, reason="暂不在授信范围。")
    with pytest.raises(Conflict):  # declined: nothing more
        request_withdraw(actor=enterprise, number=first.number)
    with pytest.raises(PermissionDenied):  # the provider does not withdraw
        request_withdraw(actor=bank, number=second.number)
    request_accept(actor=bank, number=second.number)
    with pytest.raises(Conflict) as late:
        request_withdraw(actor=enterprise, number=second.number)
    assert late.value.code == "invalid_transition"


def test_another_enterprise_and_another_provider_are_refused(city):
    bank_service()
    made = submit(city)
    with pytest.raises(NotFound):  # another enterprise does not even see it
        request_withdraw(actor=city.actor(OTHER_ENTERPRISE), number=made.number)
    for username in (LAW_FIRM, OTHER_OFFICER, OFFICER):  # other providers: not theirs
        with pytest.raises(NotFound):
            request_accept(actor=city.actor(username), number=made.number)
    with pytest.raises(PermissionDenied):  # an administrator reads, does not act
        request_accept(actor=city.actor("admin"), number=made.number)
    made.refresh_from_db()
    assert made.status == "submitted"


def test_a_city_providers_officers_act(city):
    made = submit(city, code="fazhi-tijian", subject="合同审查")
    assert made.provider.department.code == "WX-SF"
    request_accept(actor=city.actor(OFFICER), number=made.number)
    made.refresh_from_db()
    assert made.status == "accepted"


def test_the_catalogues_writes_and_who_makes_them(city):
    with pytest.raises(PermissionDenied):
        provider_create(actor=city.actor(BANK), code="x-bank", name="某银行", kind="partner")
    with pytest.raises(ValidationFailed) as refused:
        provider_create(actor=SYSTEM, code="Bad Code", name="", kind="partner")
    assert fields(refused) == ["code", "name", "enterprise_credit_code"]
    with pytest.raises(Conflict):
        provider_create(
            actor=SYSTEM, code="wx-sf", name="重复", kind="city", department_code="WX-SF"
        )
    provider_update(actor=SYSTEM, code="wx-sf", contact="0510-00000000")
    # the bank's staff add and change their own services, not another provider's
    made = service_create(
        actor=city.actor(BANK),
        provider_code="js-bank-wx",
        code="t-bank-new",
        name="新服务",
        category="financing",
        description="说明",
        response_days=3,
    )
    service_update(actor=city.actor(BANK), code=made.code, industries=[" 制造 ", "制造", ""])
    made.refresh_from_db()
    assert made.industries == ["制造"]
    with pytest.raises(PermissionDenied):
        service_update(actor=city.actor(LAW_FIRM), code=made.code, name="改名")
    with pytest.raises(PermissionDenied):
        service_update(actor=city.actor(ENTERPRISE), code=made.code, name="改名")
    with pytest.raises(Conflict):
        bank_service(code="t-bank-new")
    with pytest.raises(ValidationFailed) as bad:
        service_update(actor=SYSTEM, code=made.code, response_days=31, category="x")
    assert fields(bad) == ["category", "response_days"]
    updates = AuditEntry.objects.filter(action="va_service.update", subject_id=str(made.pk))
    assert updates.count() == 1
