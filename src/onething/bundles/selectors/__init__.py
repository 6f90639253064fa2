"""Reads of bundles and runs, scoped. The figures of the one-things handled (from the
daily roll-up) are in ``figures``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from onething.cases.models import Case, CaseStatus, Delivery, Outcome
from onething.core.errors import ValidationFailed
from onething.core.models import Message, Role
from onething.core.permissions import Actor, get_visible, require_role, visible
from onething.core.selectors.declarations import declared_enterprise_ids

from ..models import (
    Bundle,
    BundleRun,
    BundleStep,
    Level,
    Pickup,
    PickupStatus,
    RunStatus,
    RunStep,
)
from ..rules import merged_schema, one_form_parts, timing
from ..specs import specs_of


def bundles_list(actor: Actor, *, audience: str = "", level: str = "") -> QuerySet[Bundle]:
    """The one-things in service, by code; ``audience`` enterprise or person, ``level``
    national, provincial or city (an unknown one: 422 naming the field)."""
    if level and level not in Level.values:
        raise ValidationFailed.one(
            "level", "choice", _("The level is national, provincial or city.")
        )
    qs = visible(actor, Bundle.objects.filter(is_active=True)).prefetch_related("steps__item")
    if level:
        qs = qs.filter(level=level)
    return qs.filter(audience=audience) if audience else qs


def bundle_get(actor: Actor, code: str) -> Bundle:
    return get_visible(
        actor, Bundle.objects.prefetch_related("steps__item__materials__material_type"), code=code
    )


def bundle_steps(bundle: Bundle) -> list[BundleStep]:
    """The bundle's steps in order, with their items' departments, regions and materials."""
    return list(
        bundle.steps.select_related("item__department__region", "item__category")
        .prefetch_related("item__regions", "item__materials__material_type")
        .order_by("order", "id")
    )


def one_form(bundle: Bundle) -> dict:
    """The bundle's one form: the union of its items' forms, each field once."""
    steps = list(bundle.steps.select_related("item"))
    schema, _problems = merged_schema(
        one_form_parts(specs_of(steps), {s.key: s.item.form_schema for s in steps})
    )
    return schema


def one_set_of_materials(bundle: Bundle) -> list[dict[str, Any]]:
    """Each material type once, with the steps that need it."""
    found: dict[str, dict[str, Any]] = {}
    for step in bundle.steps.select_related("item").prefetch_related(
        "item__materials__material_type"
    ):
        for req in step.item.materials.all():
            entry = found.setdefault(
                req.material_type.code,
                {"material_type": req.material_type, "required": False, "steps": []},
            )
            entry["required"] = entry["required"] or req.requirement == "required"
            entry["steps"].append(step.key)
    return list(found.values())


def runs_list(actor: Actor, *, status: str = "", bundle_code: str = "") -> QuerySet[BundleRun]:
    if status and status not in RunStatus.values:
        raise ValidationFailed.one("status", "choice", _("Unknown status %(s)s.") % {"s": status})
    qs = visible(actor, BundleRun.objects.select_related("bundle", "applicant", "enterprise"))
    if status:
        qs = qs.filter(status=status)
    if bundle_code:
        qs = qs.filter(bundle__code=bundle_code)
    return qs


def run_get(actor: Actor, number: str) -> BundleRun:
    return get_visible(
        actor,
        BundleRun.objects.select_related("bundle", "applicant", "enterprise", "region"),
        number=number,
    )


def run_steps(run: BundleRun) -> list[RunStep]:
    return list(
        run.steps.select_related(
            "step__item__department", "case__licence", "case__department"
        ).order_by("step__order")
    )


def run_messages(actor: Actor, run: BundleRun) -> QuerySet[Message]:
    """One message stream: the run's own messages and those of every step's case."""
    case_ids = [str(pk) for pk in run.steps.exclude(case=None).values_list("case_id", flat=True)]
    return visible(
        actor,
        Message.objects.filter(
            Q(topic_type="bundles.bundlerun", topic_id=str(run.pk))
            | Q(topic_type="cases.case", topic_id__in=case_ids)
        ),
    ).order_by("created_at", "id")


def run_timing(run: BundleRun):
    """Elapsed time of the run next to its relay time (see rules.timing)."""
    handled = [
        (rs.case.submitted_at, rs.case.concluded_at)
        for rs in run_steps(run)
        if rs.case is not None and rs.case.concluded_at is not None
    ]
    return timing(run.started_at, run.concluded_at, handled)


def average_saving(actor: Actor, bundle_code: str = "") -> dict[str, Any]:
    """Over the concluded runs: mean elapsed, mean relay, mean saving (hours)."""
    # only runs whose steps were handled as cases (the generated figures' data has none):
    # read from the steps, so that the run table's size does not matter
    with_steps = RunStep.objects.filter(case__isnull=False).values("run_id")
    runs = runs_list(actor, status=RunStatus.CONCLUDED, bundle_code=bundle_code).filter(
        pk__in=with_steps
    )
    handled = {}
    for step in RunStep.objects.filter(run__in=runs.values("pk"), case__concluded_at__isnull=False):
        handled.setdefault(step.run_id, []).append(step)
    cases = {
        c.pk: (c.submitted_at, c.concluded_at)
        for c in Case.objects.filter(bundle_step__run__in=runs.values("pk")).only(
            "submitted_at", "concluded_at"
        )
    }
    timings = [
        timing(r.started_at, r.concluded_at, [cases[s.case_id] for s in handled.get(r.pk, [])])
        for r in runs.select_related(None).only("pk", "started_at", "concluded_at")
    ]
    if not timings:
        return {"runs": 0, "elapsed_hours": None, "relay_hours": None, "saving_hours": None}

    def hours(values: list[dt.timedelta]) -> float:
        return round(sum(v.total_seconds() for v in values) / len(values) / 3600, 2)

    return {
        "runs": len(timings),
        "elapsed_hours": hours([t.elapsed for t in timings]),
        "relay_hours": hours([t.relay for t in timings]),
        "saving_hours": hours([t.saving for t in timings]),
    }


def project_days(actor: Actor, bundle_code: str, final_step: str) -> list[dict[str, Any]]:
    """Per project run: calendar days from the milestone (the land contract) to the final
    step's conclusion (the construction permit)."""
    rows = []
    for run in runs_list(actor, bundle_code=bundle_code).filter(milestone_at__isnull=False):
        final = next((rs for rs in run_steps(run) if rs.step.key == final_step), None)
        done = final.case.concluded_at if final and final.case and final.case.concluded_at else None
        rows.append(
            {
                "run": run.number,
                "project": run.form_data.get("project_name", ""),
                "milestone": run.milestone_at,
                "concluded": done,
                "days": (localdate(done) - localdate(run.milestone_at)).days if done else None,
            }
        )
    return rows


def pickups_list(actor: Actor, *, status: str = "") -> QuerySet[Pickup]:
    """The pickups the actor may see (the agency's; a clerk's centre's; a supervisor's
    region's), newest first; ``status`` waiting, confirmed or refused."""
    if status and status not in PickupStatus.values:
        raise ValidationFailed.one(
            "status", "choice", _("The status is waiting, confirmed or refused.")
        )
    qs = visible(
        actor, Pickup.objects.select_related("agency", "collected_by", "center", "decided_by")
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-requested_at", "-id")


def pickups_with_cases(pickups: QuerySet[Pickup]) -> QuerySet[Pickup]:
    """``pickups`` with their cases (licence, enterprise, centre) loaded in one query a
    page, as ``PickupOut`` shows them."""
    cases = Case.objects.select_related("licence", "enterprise", "center").order_by("id")
    return pickups.prefetch_related(Prefetch("cases", queryset=cases))


def pickups_to_confirm(actor: Actor) -> QuerySet[Pickup]:
    """批量代领 requests waiting at the clerk's centre for the window's confirmation, the
    oldest first (through the centre's pickup index)."""
    require_role(actor, Role.CLERK)
    return (
        visible(actor, Pickup.objects.select_related("agency", "collected_by", "center"))
        .filter(center_id=actor.service_center_id, status=PickupStatus.WAITING)
        .order_by("requested_at", "id")
    )


def pickup_get(actor: Actor, number: str) -> Pickup:
    return get_visible(
        actor,
        Pickup.objects.select_related("agency", "collected_by", "center", "decided_by"),
        number=number,
    )


def pickup_cases(pickup: Pickup) -> list[Case]:
    return list(pickup.cases.select_related("licence", "enterprise", "center").order_by("number"))


def ready_for_pickup(agency_id: int | None) -> QuerySet[Case]:
    """The approved results waiting at a window for the agency's declared enterprises."""
    return (
        Case.objects.filter(
            enterprise_id__in=declared_enterprise_ids(agency_id),
            status=CaseStatus.CONCLUDED,
            outcome=Outcome.APPROVED,
            delivery=Delivery.WINDOW,
            handed_over_at__isnull=True,
            licence__isnull=False,
        )
        .exclude(pickups__status=PickupStatus.WAITING)  # asked for: with the window now
        .select_related("licence", "enterprise", "center", "applicant")
        .order_by("concluded_at", "id")
    )


def ready_results(actor: Actor, *, q: str = "", center: str = "") -> QuerySet[Case]:
    """What the agent may ask for now, optionally by enterprise name or credit code and by
    the centre where it waits (its code)."""
    require_role(actor, Role.AGENT)
    qs = ready_for_pickup(actor.agency_id)
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(enterprise__credit_code__iexact=q))
    if center:
        qs = qs.filter(center__code=center)
    return qs


def ready_centres(actor: Actor) -> list[dict]:
    """The centres where the agent's ready results wait: code, name and how many."""
    require_role(actor, Role.AGENT)
    return list(
        ready_for_pickup(actor.agency_id)
        .order_by()
        .values("center__code", "center__name")
        .annotate(results=Count("id"))
        .order_by("center__code")
    )
