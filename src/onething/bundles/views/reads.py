"""Small reads the one-thing pages need beside bundles/selectors.py, scoped the same way
(through ``visible`` and core's selectors)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from onething.cases.models import Case
from onething.catalog.selectors import offered_in
from onething.core.models import AgencyDeclaration, Enterprise, Role
from onething.core.permissions import Actor, require_role, visible
from onething.core.selectors.parties import enterprises_list

from ..models import Bundle
from ..rules import one_form_parts
from ..services.pickup import ready_for_pickup
from ..specs import specs_of

APPLICANTS = (Role.APPLICANT, Role.AGENT)


def bundle_steps(bundle: Bundle) -> list:
    """The bundle's steps in order, with what the pages show of their items."""
    return list(
        bundle.steps.select_related("item__department__region", "item__category")
        .prefetch_related("item__regions", "item__materials__material_type")
        .order_by("order", "id")
    )


def enterprises_for(actor: Actor) -> list[Enterprise]:
    """The enterprises the actor may apply for: staff their own, an agent each enterprise
    its agency's declarations name."""
    if actor.role not in APPLICANTS:
        return []
    return list(enterprises_list(actor))


def region_options(steps: list, home=None) -> tuple[list[tuple[str, str]], str]:
    """Where the bundle may be applied for: the regions its items are offered in where
    every step is offered ([(code, name)]), and the one to preselect (the applicant's home
    region when every step is offered there)."""
    candidates: dict[str, object] = {}
    for step in steps:
        for region in list(step.item.regions.all()) or [step.item.department.region]:
            candidates.setdefault(region.code, region)
    options = [
        (code, region.name)
        for code, region in candidates.items()
        if all(offered_in(s.item, region) for s in steps)
    ]
    initial = options[0][0] if options else ""
    if home is not None and all(offered_in(s.item, home) for s in steps):
        if home.code not in dict(options):
            options.insert(0, (home.code, home.name))
        initial = home.code
    return options, initial


def used_by(steps: list) -> dict[str, list[str]]:
    """For each field of the one form, the items that ask it."""
    parts = one_form_parts(specs_of(steps), {s.key: s.item.form_schema for s in steps})
    names = {s.key: s.item.name for s in steps}
    owners: dict[str, list[str]] = {}
    for key, schema in parts:
        for field in (schema or {}).get("properties", {}) or {}:
            owners.setdefault(field, []).append(names[key])
    return owners


def visible_case_ids(actor: Actor, ids) -> set[int]:
    """Which of these cases the actor may open (an officer sees only their department's
    steps of a run)."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return set()
    return set(visible(actor, Case.objects.filter(pk__in=ids)).values_list("pk", flat=True))


def declarations_list(actor: Actor, *, q: str = "") -> QuerySet[AgencyDeclaration]:
    """The agency's declarations (代领声明), newest first, with their enterprises."""
    qs = visible(
        actor, AgencyDeclaration.objects.select_related("agency", "declared_by")
    ).prefetch_related("enterprises")
    if q:
        qs = qs.filter(
            Q(enterprises__name__icontains=q) | Q(enterprises__credit_code__iexact=q)
        ).distinct()
    return qs.order_by("-declared_at", "-id")


def ready_results(actor: Actor, *, q: str = "") -> QuerySet[Case]:
    """The results waiting at a window for the agent's declared enterprises."""
    require_role(actor, Role.AGENT)
    qs = ready_for_pickup(actor.agency_id)
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(enterprise__credit_code__iexact=q))
    return qs
