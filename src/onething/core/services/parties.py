"""People, enterprises, agencies and agents: registration (the audited reads of full
personal data are in ``selectors.parties``)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..crypto import keyring, seal
from ..errors import Conflict, FieldProblem, ValidationFailed
from ..identity import (
    PII_FIELDS,
    credit_code_problem,
    mask_id_number,
    mask_phone,
    normalise_phone,
    phone_problem,
    resident_id_problem,
)
from ..models import Agency, Agent, Enterprise, Person, Region, Role
from ..permissions import Actor, get_visible, require_role
from ..selectors.regions import region_by_code
from .audit import audit_record, snapshot
from .idempotency import idempotent_create

PERSON_AUDIT_FIELDS = ["name", "id_number_masked", "phone_masked", "region"]
ENTERPRISE_AUDIT_FIELDS = ["name", "credit_code", "region", "address", "industry", "size"]


def _raise_if(problems: list[FieldProblem | None]) -> None:
    found = [p for p in problems if p]
    if found:
        raise ValidationFailed(found)


def _name_problem(name: str, max_length: int = 50, field: str = "name") -> FieldProblem | None:
    if not name or not name.strip():
        return FieldProblem(field, "required", _("The name is required."))
    if len(name.strip()) > max_length:
        return FieldProblem(
            field,
            "max_length",
            _("A name has at most %(n)s characters.") % {"n": max_length},
        )
    return None


def sealed_person(name: str, id_number: str, region: Region, phone: str = "") -> Person:
    """An unsaved Person with its ID and phone numbers encrypted, indexed and masked (the
    numbers already checked): what ``person_register`` saves, and bulk registrations too."""
    sealed_id = seal(id_number, PII_FIELDS["id_number"], mask_id_number(id_number))
    person = Person(
        name=name.strip(),
        region=region,
        id_number_cipher=sealed_id.cipher,
        id_number_digest=sealed_id.digest,
        id_number_masked=sealed_id.masked,
    )
    if phone:
        digits = normalise_phone(phone)
        sealed_phone = seal(digits, PII_FIELDS["phone"], mask_phone(digits))
        person.phone_cipher = sealed_phone.cipher
        person.phone_digest = sealed_phone.digest
        person.phone_masked = sealed_phone.masked
    return person


def person_register(
    *,
    actor: Actor,
    name: str,
    id_number: str,
    region_code: str,
    phone: str = "",
    idempotency_key: str | None = None,
) -> Person:
    """Register a person (a clerk at a window, an officer, or the system). The ID number is
    validated (GB 11643), encrypted and indexed; a second person with the same number is
    refused."""
    require_role(actor, Role.CLERK, Role.OFFICER, Role.ADMIN)
    id_number = (id_number or "").strip().upper()
    phone = (phone or "").strip()
    _raise_if(
        [
            _name_problem(name),
            resident_id_problem(id_number),
            phone_problem(phone) if phone else None,
        ]
    )
    region = region_by_code(region_code, field="region_code")
    payload = {"name": name.strip(), "id": keyring().digest(id_number, PII_FIELDS["id_number"])}

    def create() -> Person:
        person = sealed_person(name, id_number, region, phone)
        if Person.objects.filter(id_number_digest=person.id_number_digest).exists():
            raise Conflict(
                _("A person with this ID number is already registered."),
                code="person_exists",
                details={"field": "id_number"},
            )
        person.save()
        audit_record(
            actor=actor,
            action="person.register",
            subject=person,
            after=snapshot(person, PERSON_AUDIT_FIELDS),
        )
        return person

    person, _created = idempotent_create(
        actor=actor,
        operation="person.register",
        key=idempotency_key,
        payload=payload,
        model=Person,
        create=create,
    )
    return person


def enterprise_register(
    *,
    actor: Actor,
    name: str,
    credit_code: str,
    region_code: str,
    address: str = "",
    industry: str = "",
    size: str = "",
    idempotency_key: str | None = None,
) -> Enterprise:
    require_role(actor, Role.CLERK, Role.OFFICER, Role.ADMIN)
    code = (credit_code or "").strip().upper()
    problems = [_name_problem(name, 120), credit_code_problem(code)]
    if size and size not in {"micro", "small", "medium", "large"}:
        problems.append(
            FieldProblem("size", "choice", _("Size is one of micro, small, medium, large."))
        )
    _raise_if(problems)
    region = region_by_code(region_code, field="region_code")

    def create() -> Enterprise:
        if Enterprise.objects.filter(credit_code=code).exists():
            raise Conflict(
                _("An enterprise with this credit code is already registered."),
                code="enterprise_exists",
                details={"field": "credit_code"},
            )
        enterprise = Enterprise.objects.create(
            name=name.strip(),
            credit_code=code,
            region=region,
            address=address.strip(),
            industry=industry.strip(),
            size=size,
        )
        audit_record(
            actor=actor,
            action="enterprise.register",
            subject=enterprise,
            after=snapshot(enterprise, ENTERPRISE_AUDIT_FIELDS),
        )
        return enterprise

    enterprise, _created = idempotent_create(
        actor=actor,
        operation="enterprise.register",
        key=idempotency_key,
        payload={"name": name, "credit_code": code, "region": region_code},
        model=Enterprise,
        create=create,
    )
    return enterprise


@transaction.atomic
def agency_register(*, actor: Actor, name: str, credit_code: str, region_code: str) -> Agency:
    require_role(actor, Role.ADMIN, Role.OFFICER)
    code = (credit_code or "").strip().upper()
    _raise_if([_name_problem(name, 120), credit_code_problem(code)])
    region = region_by_code(region_code, field="region_code")
    if Agency.objects.filter(credit_code=code).exists():
        raise Conflict(_("An agency with this credit code is already registered."))
    agency = Agency.objects.create(name=name.strip(), credit_code=code, region=region)
    audit_record(
        actor=actor,
        action="agency.register",
        subject=agency,
        after=snapshot(agency, ["name", "credit_code", "region"]),
    )
    return agency


@transaction.atomic
def agent_add(*, actor: Actor, agency_id: int, person_id: int) -> Agent:
    require_role(actor, Role.ADMIN, Role.OFFICER)
    agency = get_visible(actor, Agency.objects.all(), pk=agency_id)
    person = get_visible(actor, Person.objects.all(), pk=person_id)
    agent, created = Agent.objects.get_or_create(agency=agency, person=person)
    if created:
        audit_record(
            actor=actor,
            action="agent.add",
            subject=agent,
            after=snapshot(agent, ["agency", "person", "is_active"]),
        )
    return agent
