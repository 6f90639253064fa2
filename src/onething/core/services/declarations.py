"""代领声明: an agency declares the enterprises it acts for."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from .. import clock
from ..errors import FieldProblem, ValidationFailed
from ..identity import credit_code_problem
from ..models import AgencyDeclaration, Enterprise, Role
from ..permissions import Actor, require_role
from .audit import audit_record
from .idempotency import idempotent_create
from .numbering import number_next


def declaration_file(
    *,
    actor: Actor,
    credit_codes: list[str],
    valid_until: dt.date | None = None,
    idempotency_key: str | None = None,
) -> AgencyDeclaration:
    """An agent files the agency's declaration naming its client enterprises. Each credit
    code must be valid (GB 32100) and registered; a bad one is reported by its position and
    nothing is filed."""
    require_role(actor, Role.AGENT)
    codes = [(c or "").strip().upper() for c in credit_codes]
    problems: list[FieldProblem] = []
    if not codes:
        problems.append(
            FieldProblem("credit_codes", "required", _("Name at least one enterprise."))
        )
    found: dict[str, Enterprise] = {
        e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)
    }
    for i, code in enumerate(codes):
        where = f"credit_codes[{i}]"
        problem = credit_code_problem(code, field=where)
        if problem:
            problems.append(problem)
        elif code not in found:
            problems.append(
                FieldProblem(
                    where,
                    "unknown",
                    _("No enterprise with credit code %(c)s is registered.") % {"c": code},
                )
            )
        if codes.count(code) > 1 and codes.index(code) != i:
            problems.append(
                FieldProblem(where, "unique", _("%(c)s is listed twice.") % {"c": code})
            )
    if valid_until is not None and valid_until < clock.today():
        problems.append(
            FieldProblem("valid_until", "past", _("The validity cannot end in the past."))
        )
    if problems:
        raise ValidationFailed(problems)

    @transaction.atomic(savepoint=False)
    def create() -> AgencyDeclaration:
        declaration = AgencyDeclaration.objects.create(
            number=number_next(series="declaration", region_code="320200"),
            agency_id=actor.agency_id,
            declared_by_id=actor.user_id,
            valid_until=valid_until,
        )
        declaration.enterprises.set([found[c] for c in codes])
        audit_record(
            actor=actor,
            action="declaration.file",
            subject=declaration,
            after={"agency": actor.agency_id, "credit_codes": codes, "valid_until": valid_until},
        )
        return declaration

    declaration, _created = idempotent_create(
        actor=actor,
        operation="declaration.file",
        key=idempotency_key,
        payload={"codes": codes, "valid_until": valid_until},
        model=AgencyDeclaration,
        create=create,
    )
    return declaration
