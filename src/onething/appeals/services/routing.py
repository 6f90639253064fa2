"""派单 by the routing table: rules tried in order, the first match names the department;
an inquiry about a policy goes to the policy's department. The platform dispatches (the
history credits the system, not whoever filed the appeal), and only to a department with
staff to see it; otherwise the appeal waits in the dispatchers' queue."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from onething.core.models import Department
from onething.core.permissions import Actor
from onething.core.selectors.regions import department_staffed
from onething.core.services.audit import audit_record

from .. import rules
from ..models import Appeal, RoutingRule
from .common import event_add, transition


def routing_actor() -> Actor:
    """The platform as the actor of an automatic dispatch (labelled in the active language)."""
    return Actor(label=_("12345 system (automatic dispatch)"), is_system=True)


def _held(appeal: Appeal, department: Department, at: dt.datetime | None) -> bool:
    """Whether the dispatch to ``department`` is held back because nobody works there: the
    appeal stays received, for a dispatcher, with a line saying why."""
    if department_staffed(department.pk):
        return False
    actor = routing_actor()
    note = _("Automatic dispatch not done: %(d)s has no staff on duty; left for a dispatcher.") % {
        "d": department
    }
    event_add(appeal, "dispatch_held", actor, note=note, public=False, at=at)
    audit_record(actor=actor, action="appeal.dispatch_held", subject=appeal, note=note[:300])
    return True


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


def appeal_route(appeal: Appeal, at: dt.datetime | None = None) -> RoutingRule | None:
    """派单 by the routing table: the first matching rule names the department. An inquiry
    about a policy goes to the department that issued it. Nothing is dispatched to a
    department without an active officer: the appeal stays for a dispatcher."""
    if appeal.policy_id:
        department = appeal.policy.department
        if _held(appeal, department, at):
            return None
        transition(
            appeal,
            "dispatch",
            routing_actor(),
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
    if _held(appeal, rule.department, at):
        return None
    transition(
        appeal,
        "dispatch",
        routing_actor(),
        note=_("Routed by rule %(rule)s") % {"rule": str(rule)},
        department=rule.department,
        at=at,
        department_id=rule.department_id,
        routing_rule=rule,
    )
    return rule
