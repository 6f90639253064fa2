"""The platform's policy service: the city publishes policies; an enterprise asks about one
(an inquiry linked to the policy)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import FieldProblem
from onething.core.models import Department, Region, Role
from onething.core.models.parties import EnterpriseSize
from onething.core.permissions import Actor, get_visible, require_role
from onething.core.services.audit import audit_record

from ..models import Appeal, Policy
from ..problems import choice_problem, refuse_if, text_problem
from .intake import appeal_submit

POLICY_CATEGORY = "enterprise-policy"  # 企业服务 › 政策咨询


@transaction.atomic
def policy_publish(
    *,
    actor: Actor,
    title: str,
    summary: str,
    body: str,
    department_code: str,
    industries: list[str] | None = None,
    sizes: list[str] | None = None,
    region_code: str = "",
    published_on: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> Policy:
    require_role(actor, Role.SUPERVISOR, Role.ADMIN)
    problems = []
    required = _("This field is required.")
    problems += [
        text_problem("title", title, 120, required),
        text_problem("summary", summary, 300, required),
        text_problem("body", body, 20000, required),
    ]
    department = Department.objects.filter(code=department_code or "").first()
    if department is None:
        problems.append(
            FieldProblem(
                "department", "unknown", _("Unknown department %(c)s.") % {"c": department_code}
            )
        )
    problems += [
        choice_problem(f"sizes.{i}", size, EnterpriseSize.values)
        for i, size in enumerate(sizes or [])
    ]
    region = None
    if region_code:
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            problems.append(
                FieldProblem("region", "unknown", _("Unknown region %(c)s.") % {"c": region_code})
            )
    published_on = published_on or clock.today()
    if valid_until is not None and valid_until < published_on:
        problems.append(FieldProblem("valid_until", "order", _("Not before the publication date.")))
    refuse_if(problems)
    policy = Policy.objects.create(
        title=title.strip(),
        summary=summary.strip(),
        body=body.strip(),
        department=department,
        industries=[i.strip() for i in industries or [] if i.strip()],
        sizes=list(sizes or []),
        region=region,
        published_on=published_on,
        valid_until=valid_until,
    )
    audit_record(
        actor=actor, action="policy.publish", subject=policy, after={"title": policy.title}
    )
    return policy


def policy_ask(
    *,
    actor: Actor,
    policy_id: int,
    text: str,
    title: str = "",
    idempotency_key: str | None = None,
) -> Appeal:
    """An enterprise's inquiry (咨询) about a policy; the policy's department answers it."""
    require_role(actor, Role.APPLICANT, Role.AGENT)
    policy = get_visible(actor, Policy.objects.all(), pk=policy_id)
    return appeal_submit(
        actor=actor,
        type="inquiry",
        category_code=POLICY_CATEGORY,
        title=title or _("About: %(t)s") % {"t": policy.title[:90]},
        text=text,
        policy_id=policy.pk,
        idempotency_key=idempotency_key,
    )
