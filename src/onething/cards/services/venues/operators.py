"""Operators (运营方) and their venues (场所)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem, NotFound
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import snapshot

from ...models import Operator, OperatorKind, Venue
from .common import CONFIG_ROLES, code_problem, raise_if, save_audited, text_problem

OPERATOR_FIELDS = ["code", "name", "kind"]
VENUE_FIELDS = ["code", "name", "operator", "area"]


@transaction.atomic
def operator_save(*, actor: Actor, code: str, name: str, kind: str) -> Operator:
    """Create an operator, or rename / re-kind the one with this code."""
    require_role(actor, *CONFIG_ROLES)
    problems = [code_problem("code", code), text_problem("name", name, 80)]
    if kind not in OperatorKind.values:
        problems.append(
            FieldProblem(
                "kind", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(OperatorKind)}
            )
        )
    raise_if(problems)
    operator = Operator.objects.select_for_update().filter(code=code.strip()).first()
    before = snapshot(operator, OPERATOR_FIELDS) if operator else None
    operator = operator or Operator(code=code.strip())
    operator.name, operator.kind = name.strip(), kind
    return save_audited(actor, operator, "operator.save", OPERATOR_FIELDS, before)


@transaction.atomic
def venue_save(*, actor: Actor, code: str, name: str, operator_code: str, area: str = "") -> Venue:
    """Create a venue of an operator, or rename / move the one with this code (ledger rows
    written before keep the operator they were owed to). ``area``: the business district
    (商圈) a restaurant is in, e.g. 南长街."""
    require_role(actor, *CONFIG_ROLES)
    problems = [
        code_problem("code", code),
        text_problem("name", name, 80),
        text_problem("area", area, 40, required=False),
        text_problem("operator_code", operator_code, 30),
    ]
    operator = None
    if problems[-1] is None:
        operator = Operator.objects.filter(code=operator_code.strip()).first()
        if operator is None:
            problems.append(
                FieldProblem("operator_code", "unknown", _("There is no such operator."))
            )
    raise_if(problems)
    venue = Venue.objects.select_for_update().filter(code=code.strip()).first()
    before = snapshot(venue, VENUE_FIELDS) if venue else None
    venue = venue or Venue(code=code.strip())
    venue.name, venue.operator, venue.area = name.strip(), operator, (area or "").strip()
    return save_audited(actor, venue, "venue.save", VENUE_FIELDS, before)


def venue_by_code(venue_code: str) -> Venue:
    venue = Venue.objects.select_related("operator").filter(code=venue_code).first()
    if venue is None:
        raise NotFound(_("There is no such venue."), details={"venue_code": venue_code})
    return venue
