"""Programmes, the category tree, the routing table and the time limits."""

from __future__ import annotations

from django.db.models import QuerySet

from onething.core.models import Role
from onething.core.permissions import Actor, require_role, visible

from .. import rules
from ..models import AppealType, Category, Programme, RoutingRule, Urgency
from .limits import configured_limits


def programmes_list(actor: Actor) -> QuerySet[Programme]:
    return visible(actor, Programme.objects.filter(is_active=True))


def categories_tree(actor: Actor, *, open311_only: bool = False) -> QuerySet[Category]:
    """Active categories in tree order (``path``); parents before children."""
    qs = visible(actor, Category.objects.filter(is_active=True).select_related("parent"))
    return qs.filter(open311=True) if open311_only else qs


def routing_rules_list(actor: Actor) -> QuerySet[RoutingRule]:
    require_role(actor, Role.DISPATCHER, Role.SUPERVISOR)
    return visible(
        actor, RoutingRule.objects.select_related("category", "region", "department")
    ).order_by("position")


def time_limits() -> list[dict]:
    """Every (type, urgency) with its working days and warning days, configured or default."""
    configured = configured_limits()
    rows = []
    for type_ in AppealType.values:
        for urgency in Urgency.values:
            days, warning = configured.get(
                (type_, urgency), (rules.limit_days(type_, urgency), rules.DEFAULT_WARNING_DAYS)
            )
            rows.append(
                {"type": type_, "urgency": urgency, "working_days": days, "warning_days": warning}
            )
    return rows
