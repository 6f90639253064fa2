"""What a batch ranks in: the evaluation categories with their published criteria and
weights (背街小巷整治, 农贸市场, 建筑工地…), and the sites that are not streets (a farmers'
market, a building site) with the department managing each."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core.errors import Conflict, FieldProblem
from onething.core.models import Department, Region
from onething.core.permissions import Actor
from onething.core.problems import refuse_if
from onething.core.services.audit import audit_record, snapshot

from ...models import RankingCategory, RankingSite
from ...rules.ranking import (
    PUBLISHED,
    SITES,
    SUBJECTS,
)
from ...rules.ranking_draw import (
    criteria_problems,
)
from .common import require_office

CATEGORY_FIELDS = ["name", "subject", "criteria", "description", "order"]
SITE_FIELDS = ["name", "category", "district", "street_office", "address", "department"]


def _text(field: str, value: str, limit: int, required: bool = True) -> FieldProblem | None:
    value = (value or "").strip()
    if not value:
        return FieldProblem(field, "required", _("This field is required.")) if required else None
    if len(value) > limit:
        return FieldProblem(field, "max_length", _("At most %(n)s characters.") % {"n": limit})
    return None


def _criteria(criteria) -> list[dict]:
    return [
        {"name": str(c["name"]).strip(), "weight": int(c["weight"])}
        for c in criteria
        if isinstance(c, dict)
    ]


@transaction.atomic
def category_define(
    *,
    actor: Actor,
    code: str,
    name: str,
    subject: str,
    criteria: list[dict],
    description: str = "",
    order: int = 0,
) -> RankingCategory:
    """Define an evaluation category, or change it (by its code): what it ranks (streets
    or sites) and its published criteria ``[{"name", "weight"}]``, the weights in percent
    adding up to 100 (else 422 naming ``criteria``). The criteria or the subject of a
    category a published batch ranked in do not change (409): define a new category."""
    require_office(actor)
    code = (code or "").strip()
    problems = [
        _text("code", code, 30),
        _text("name", name, 40),
        _text("description", description, 2000, required=False),
        None
        if subject in SUBJECTS
        else FieldProblem(
            "subject", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(SUBJECTS)}
        ),
        *criteria_problems(criteria),
    ]
    if code and not problems[0] and not code.replace("-", "").replace("_", "").isalnum():
        problems.append(FieldProblem("code", "format", _("Letters, digits, - and _ only.")))
    if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= 999:
        problems.append(FieldProblem("order", "range", _("A whole number from 0 to 999.")))
    refuse_if(problems)
    values = {
        "name": name.strip(),
        "subject": subject,
        "criteria": _criteria(criteria),
        "description": (description or "").strip(),
        "order": order,
    }
    category = RankingCategory.objects.select_for_update().filter(code=code).first()
    if category is None:
        category = RankingCategory.objects.create(code=code, **values)
        audit_record(
            actor=actor,
            action="ranking_category.define",
            subject=category,
            after=_snapshot(category),
        )
        return category
    before = _snapshot(category)
    changes_rules = category.criteria != values["criteria"] or category.subject != subject
    if changes_rules and category.batches.filter(status=PUBLISHED).exists():
        raise Conflict(
            _(
                "A published batch ranked in %(c)s by these criteria: they stay as published. "
                "Define a new category for new criteria."
            )
            % {"c": category.name},
            code="criteria_published",
            details={"code": code},
        )
    for field, value in values.items():
        setattr(category, field, value)
    category.save()
    audit_record(
        actor=actor,
        action="ranking_category.define",
        subject=category,
        before=before,
        after=_snapshot(category),
    )
    return category


def _snapshot(category: RankingCategory) -> dict:
    """The category for an audit entry, its criteria as the page reads them ("居民评议 50%"),
    not as JSON with keys."""
    data = snapshot(category, CATEGORY_FIELDS)
    data["criteria"] = [f"{c['name']} {c['weight']}%" for c in category.criteria]
    return data


@transaction.atomic
def site_register(
    *,
    actor: Actor,
    code: str,
    name: str,
    category_code: str,
    district_code: str,
    street_office_code: str,
    department_code: str,
    address: str = "",
) -> RankingSite:
    """Register a site a category ranks that is not a street (a farmers' market, a
    building site), in its district and street office, managed by a department (who gets
    its rectifications). The same code again with the same details answers the site; with
    others, 409."""
    require_office(actor)
    code = (code or "").strip()
    category = RankingCategory.objects.filter(code=category_code or "").first()
    district = Region.objects.filter(code=district_code or "").first()
    office = Region.objects.filter(code=street_office_code or "").first()
    department = Department.objects.filter(code=department_code or "").first()
    problems = [
        _text("code", code, 40),
        _text("name", name, 80),
        _text("address", address, 200, required=False),
        None
        if category is not None
        else FieldProblem(
            "category", "unknown", _("Unknown category %(c)s.") % {"c": category_code}
        ),
        None
        if district is not None
        else FieldProblem("district", "unknown", _("Unknown region %(c)s.") % {"c": district_code}),
        None
        if office is not None
        else FieldProblem(
            "street_office", "unknown", _("Unknown region %(c)s.") % {"c": street_office_code}
        ),
        None
        if department is not None
        else FieldProblem(
            "department", "unknown", _("Unknown department %(c)s.") % {"c": department_code}
        ),
    ]
    if category is not None and category.subject != SITES:
        problems.append(
            FieldProblem(
                "category", "subject", _("%(c)s ranks streets, not sites.") % {"c": category.name}
            )
        )
    if district is not None and office is not None and not office.path.startswith(district.path):
        problems.append(
            FieldProblem(
                "street_office",
                "outside",
                _("%(o)s is not in %(d)s.") % {"o": office.name, "d": district.name},
            )
        )
    refuse_if(problems)
    values = {
        "name": name.strip(),
        "category": category,
        "district": district,
        "street_office": office,
        "address": (address or "").strip(),
        "department": department,
    }
    site = RankingSite.objects.filter(code=code).first()
    if site is not None:
        if all(getattr(site, f) == v for f, v in values.items()):
            return site
        raise Conflict(
            _("A site with the code %(c)s is registered already.") % {"c": code},
            code="duplicate_site",
            details={"code": code},
        )
    site = RankingSite.objects.create(code=code, **values)
    audit_record(
        actor=actor,
        action="ranking_site.register",
        subject=site,
        after=snapshot(site, SITE_FIELDS),
    )
    return site
