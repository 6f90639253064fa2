"""Small reads the one-thing pages need beside bundles/selectors.py, scoped the same way
(through ``visible`` and core's selectors)."""

from __future__ import annotations

from onething.cases.models import Case
from onething.catalog.selectors import offered_in
from onething.core.models import Enterprise, Role
from onething.core.permissions import Actor, visible
from onething.core.selectors.parties import enterprises_list

from ..rules import one_form_parts
from ..specs import specs_of

APPLICANTS = (Role.APPLICANT, Role.AGENT)


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
