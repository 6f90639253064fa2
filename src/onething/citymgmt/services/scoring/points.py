"""The published criteria and the scoring points: a street's electronic device (its token
issued once, only core's keyed hash of it kept, like the operations centre's devices) or a
sign with a QR code leading to the phone page (no token)."""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import refdata
from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.permissions import SYSTEM, Actor
from onething.core.problems import refuse_if, text_problem
from onething.core.services.audit import audit_record

from ...models import ScoringCriterion, ScoringPoint
from ...rules.scoring import CHANNEL_LABELS, DEFAULT_CRITERIA, DEVICE, POINT_KINDS
from ...selectors.scoring import TOKEN_PREFIX, point_token_digest, street_for_scoring
from .common import require_office_for

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


@transaction.atomic
def criteria_ensure_defaults(*, actor: Actor = SYSTEM) -> list[ScoringCriterion]:
    """The four published criteria (环境卫生, 通行秩序, 设施完好, 店招广告), each created
    when missing (an existing one is left as staff set it). The criteria in order."""
    created = []
    for code, name, description, order in DEFAULT_CRITERIA:
        _criterion, made = ScoringCriterion.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "order": order}
        )
        if made:
            created.append(code)
    if created:
        audit_record(
            actor=actor,
            action="scoring_criteria.ensure",
            subject=("citymgmt.scoringcriterion", "defaults"),
            after={"created": created},
        )
        refdata.bump()
    return list(ScoringCriterion.objects.order_by("order", "code"))


@transaction.atomic
def scoring_point_register(
    *,
    actor: Actor,
    street_code: str,
    code: str,
    kind: str,
    place: str = "",
    installed_on: dt.date | None = None,
) -> tuple[ScoringPoint, str | None]:
    """A new scoring point at a street, by its district's city-management office: a
    ``device`` gets its token, returned this once (``sp_…``; only its keyed hash is kept),
    a ``qr`` sign none. Every problem at once (422); a code taken 409."""
    street = street_for_scoring(street_code)
    problems = [
        None
        if street is not None
        else FieldProblem("street", "unknown", _("Unknown street %(c)s.") % {"c": street_code}),
        None
        if CODE.match(code or "")
        else FieldProblem(
            "code",
            "format",
            _("A code of letters, digits, - and _, at most 40 characters."),
        ),
        None
        if kind in POINT_KINDS
        else FieldProblem(
            "kind",
            "choice",
            _("Choose one of: %(c)s.")
            % {"c": ", ".join(str(CHANNEL_LABELS[k]) for k in POINT_KINDS)},
        ),
        text_problem("place", place, 100),
    ]
    refuse_if(problems)
    require_office_for(actor, street)
    if ScoringPoint.objects.filter(code=code).exists():
        raise Conflict(
            _("A scoring point with the code %(c)s exists already.") % {"c": code},
            code="code_taken",
            details={"code": code},
        )
    token = f"{TOKEN_PREFIX}{secrets.token_urlsafe(32)}" if kind == DEVICE else None
    point = ScoringPoint.objects.create(
        code=code,
        street=street,
        kind=kind,
        place=(place or "").strip(),
        installed_on=installed_on,
        token_digest=point_token_digest(token) if token else "",
    )
    audit_record(
        actor=actor,
        action="scoring_point.register",
        subject=point,
        after={"street": street.code, "kind": kind, "token_issued": bool(token)},
    )
    return point, token


@transaction.atomic
def scoring_point_token_issue(*, actor: Actor, code: str) -> str:
    """A new token for a scoring device, returned this once; its former token stops
    working at once (the cached look-up is forgotten)."""
    point = (
        ScoringPoint.objects.select_for_update()
        .select_related("street")
        .filter(code=code or "")
        .first()
    )
    if point is None or point.kind != DEVICE:
        raise ValidationFailed.one(
            "code", "unknown", _("Unknown scoring device %(c)s.") % {"c": code}
        )
    require_office_for(actor, point.street)
    token = f"{TOKEN_PREFIX}{secrets.token_urlsafe(32)}"
    replaced = bool(point.token_digest)
    point.token_digest = point_token_digest(token)
    point.save(update_fields=["token_digest"])
    refdata.bump()  # the former token, cached with the point (selectors.point_signing_in)
    audit_record(
        actor=actor, action="scoring_point.token_issue", subject=point, after={"replaced": replaced}
    )
    return token
