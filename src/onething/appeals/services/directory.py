"""The directory administrators keep: programmes, the category tree, the routing table and
the time limits."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import refdata
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Department, Enterprise, Person, Region, Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record, snapshot

from ..models import AppealType, Category, Programme, RoutingRule, TimeLimit, Urgency
from ..problems import choice_problem, refuse_if

ADMINS = (Role.ADMIN,)


@transaction.atomic
def programme_save(*, actor: Actor, code: str, name: str, description: str = "") -> Programme:
    require_role(actor, *ADMINS)
    if not (name or "").strip():
        raise ValidationFailed.one("name", "required", _("This field is required."))
    programme, _created = Programme.objects.update_or_create(
        code=code, defaults={"name": name.strip(), "description": description}
    )
    audit_record(actor=actor, action="programme.save", subject=programme, after={"name": name})
    return programme


@transaction.atomic
def category_save(
    *,
    actor: Actor,
    code: str,
    name: str,
    parent_code: str = "",
    keywords: str = "",
    open311: bool = False,
    description: str = "",
    is_active: bool = True,
) -> Category:
    """Create or update a category; its ``path`` (and its subtree's) follows the parent."""
    require_role(actor, *ADMINS)
    problems = []
    if not (code or "").strip():
        problems.append(FieldProblem("code", "required", _("This field is required.")))
    if not (name or "").strip():
        problems.append(FieldProblem("name", "required", _("This field is required.")))
    parent = None
    if parent_code:
        parent = Category.objects.filter(code=parent_code).first()
        if parent is None:
            problems.append(
                FieldProblem("parent", "unknown", _("Unknown category %(c)s.") % {"c": parent_code})
            )
        elif f"/{code}/" in parent.path:
            problems.append(
                FieldProblem("parent", "cycle", _("A category cannot sit below itself."))
            )
    if problems:
        raise ValidationFailed(problems)
    category = Category.objects.filter(code=code).first() or Category(code=code)
    old_path = category.path
    category.name, category.parent = name.strip(), parent
    category.keywords, category.open311, category.description = keywords, open311, description
    category.is_active = is_active
    category.path = f"{parent.path if parent else '/'}{code}/"
    category.save()
    if old_path and old_path != category.path:
        for child in Category.objects.filter(path__startswith=old_path).exclude(pk=category.pk):
            child.path = category.path + child.path[len(old_path) :]
            child.save(update_fields=["path"])
    audit_record(
        actor=actor,
        action="category.save",
        subject=category,
        after=snapshot(category, ["code", "name", "parent", "open311"]),
    )
    return category


@transaction.atomic
def routing_rule_save(
    *,
    actor: Actor,
    position: int,
    name: str,
    department_code: str,
    category_code: str = "",
    region_code: str = "",
    keywords: str = "",
    enterprise_id: int | None = None,
    person_id: int | None = None,
) -> RoutingRule:
    """Create or replace the rule at ``position`` in the routing table."""
    require_role(actor, *ADMINS)
    problems = []
    fields = {"name": (name or "").strip(), "keywords": keywords or ""}
    if not fields["name"]:
        problems.append(FieldProblem("name", "required", _("This field is required.")))
    lookups = (
        ("department", Department, {"code": department_code}, True),
        ("category", Category, {"code": category_code}, bool(category_code)),
        ("region", Region, {"code": region_code}, bool(region_code)),
        ("enterprise", Enterprise, {"pk": enterprise_id}, enterprise_id is not None),
        ("person", Person, {"pk": person_id}, person_id is not None),
    )
    for field, model, query, wanted in lookups:
        fields[field] = None
        if wanted:
            fields[field] = model.objects.filter(**query).first()
            if fields[field] is None:
                problems.append(FieldProblem(field, "unknown", _("Unknown %(f)s.") % {"f": field}))
    if problems:
        raise ValidationFailed(problems)
    rule, _created = RoutingRule.objects.update_or_create(position=position, defaults=fields)
    audit_record(
        actor=actor,
        action="routing_rule.save",
        subject=rule,
        after=snapshot(rule, ["position", "name", "category", "region", "keywords", "department"]),
    )
    return rule


@transaction.atomic
def time_limit_set(
    *, actor: Actor, type: str, urgency: str, working_days: int, warning_days: int = 1
) -> TimeLimit:
    require_role(actor, *ADMINS)
    problems = [
        choice_problem("type", type, AppealType.values),
        choice_problem("urgency", urgency, Urgency.values),
    ]
    if not isinstance(working_days, int) or not 0 <= working_days <= 60:
        problems.append(FieldProblem("working_days", "range", _("From 0 to 60 working days.")))
    if not isinstance(warning_days, int) or not 0 <= warning_days <= 10:
        problems.append(FieldProblem("warning_days", "range", _("From 0 to 10 working days.")))
    refuse_if(problems)
    limit, _created = TimeLimit.objects.update_or_create(
        type=type,
        urgency=urgency,
        defaults={"working_days": working_days, "warning_days": warning_days},
    )
    refdata.bump()
    audit_record(
        actor=actor,
        action="time_limit.set",
        subject=limit,
        after={"type": type, "urgency": urgency, "working_days": working_days},
    )
    return limit
