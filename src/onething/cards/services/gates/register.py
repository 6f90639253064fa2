"""Registering a gate: its account (role ``gate``) and its API token."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import refdata
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Role, User
from onething.core.permissions import Actor, require_role
from onething.core.services.accounts import account_create, token_issue
from onething.core.services.audit import audit_record

from ...models import Gate, Venue
from ...rules.reach import as_platform
from ..venues import CODE, text_problem


@transaction.atomic
def gate_register(
    *,
    actor: Actor,
    code: str,
    name: str,
    venue_code: str,
    account_username: str | None = None,
) -> tuple[Gate, str]:
    """A gate at a venue, with an account of role ``gate`` (``gate.<code>``) and its API
    token: returns (gate, the token's secret: shown once, never stored). With
    ``account_username`` an existing gate account without a gate is attached instead and
    no token is issued (the secret returned is empty)."""
    require_role(actor, Role.UNION_STAFF, Role.ADMIN)
    problems = [text_problem("code", code, 40), text_problem("name", name, 80)]
    if problems[0] is None and not CODE.match(code.strip()):
        problems[0] = FieldProblem("code", "format", _("Lower-case letters, digits and dashes."))
    if problems[0] is None and Gate.objects.filter(code=code.strip()).exists():
        problems[0] = FieldProblem("code", "unique", _("This gate code is taken."))
    venue = Venue.objects.filter(code=str(venue_code or "").strip()).first()
    if venue is None:
        problems.append(FieldProblem("venue_code", "unknown", _("There is no such venue.")))
    account = None
    if account_username:
        account = User.objects.filter(username=account_username, role=Role.GATE).first()
        if account is None or Gate.objects.filter(account=account).exists():
            problems.append(
                FieldProblem(
                    "account_username",
                    "unknown",
                    _("There is no gate account of this name without a gate."),
                )
            )
    found = [p for p in problems if p]
    if found:
        raise ValidationFailed(found)
    code, name = code.strip(), name.strip()
    platform = as_platform(actor)  # accounts are the platform's
    secret = ""
    if account is None:
        account = account_create(
            actor=platform, username=f"gate.{code}", password=None, role=Role.GATE
        )
        _token, secret = token_issue(actor=platform, user=account, name=name)
    gate = Gate.objects.create(code=code, name=name, venue=venue, account=account)
    audit_record(
        actor=actor,
        action="gate.register",
        subject=gate,
        after={"code": code, "name": name, "venue": venue.code, "account": account.username},
    )
    refdata.bump()
    return gate, secret
