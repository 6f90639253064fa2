"""派单 by the routing table: rules tried in order, the first match names the department;
an inquiry about a policy goes to the policy's department."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from onething.core.permissions import Actor

from .. import rules
from ..models import Appeal, RoutingRule
from .common import transition


def routing_table() -> list[tuple[RoutingRule, rules.RuleSpec]]:
    table = []
    for rule in RoutingRule.objects.filter(is_active=True).select_related("category", "region"):
        table.append(
            (
                rule,
                rules.RuleSpec(
                    id=rule.pk,
                    department_id=rule.department_id,
                    category_path=rule.category.path if rule.category_id else "",
                    region_path=rule.region.path if rule.region_id else "",
                    keywords=rules.split_keywords(rule.keywords),
                    enterprise_id=rule.enterprise_id,
                    person_id=rule.person_id,
                ),
            )
        )
    return table


def appeal_route(appeal: Appeal, actor: Actor, at: dt.datetime | None = None) -> RoutingRule | None:
    """派单 by the routing table: the first matching rule names the department. An inquiry
    about a policy goes to the department that issued it."""
    if appeal.policy_id:
        department = appeal.policy.department
        transition(
            appeal,
            "dispatch",
            actor,
            note=_("Inquiry about a policy of %(d)s") % {"d": department},
            department=department,
            at=at,
            department_id=department.pk,
        )
        return None
    table = routing_table()
    facts = rules.AppealFacts(
        category_path=appeal.category.path,
        region_path=appeal.region.path,
        text=f"{appeal.title}\n{appeal.text}",
        enterprise_id=appeal.enterprise_id,
        person_id=appeal.person_id,
    )
    matched = rules.route([spec for _rule, spec in table], facts)
    if matched is None:
        return None
    rule = next(rule for rule, spec in table if spec is matched)
    transition(
        appeal,
        "dispatch",
        actor,
        note=_("Routed by rule %(rule)s") % {"rule": str(rule)},
        department=rule.department,
        at=at,
        department_id=rule.department_id,
        routing_rule=rule,
    )
    return rule
