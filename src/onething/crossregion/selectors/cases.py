from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from onething.core.errors import ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, require_role, visible

from ..models import CrossRegionCase, Handoff, Mode
from ..rules import forwarded_stage, mode_choice_message


def cross_region_cases(
    actor: Actor, *, mode: str = "", receiving_region_code: str = "", handling_region_code: str = ""
) -> QuerySet[CrossRegionCase]:
    if mode and mode not in Mode.values:
        raise ValidationFailed.one("mode", "choice", mode_choice_message())
    qs = visible(
        actor,
        CrossRegionCase.objects.select_related(
            "case__item",
            "case__center",
            "case__department",
            "alliance",
            "receiving_region",
            "handling_region",
            "arrival",
        ),
    )
    if mode:
        qs = qs.filter(mode=mode)
    if receiving_region_code:
        qs = qs.filter(receiving_region__code=receiving_region_code)
    if handling_region_code:
        qs = qs.filter(handling_region__code=handling_region_code)
    return qs.order_by("-case__submitted_at")


def cross_region_case(actor: Actor, number: str) -> CrossRegionCase:
    return get_visible(
        actor,
        CrossRegionCase.objects.select_related(
            "case__item",
            "case__center",
            "case__department",
            "alliance",
            "receiving_region",
            "handling_region",
            "arrival",
        ),
        case__number=number,
    )


def taken_in_for_others(actor: Actor, *, q: str = "") -> QuerySet[CrossRegionCase]:
    """代收: the cases the clerk's centre took in for another town to handle (proxy, joint),
    newest first — through the centre's index of cases by submission."""
    require_role(actor, Role.CLERK)
    qs = visible(
        actor,
        CrossRegionCase.objects.select_related(
            "case__item",
            "case__applicant",
            "case__center",
            "case__department",
            "alliance",
            "receiving_region",
            "handling_region",
            "handling_center",
            "arrival",
        ).prefetch_related(
            Prefetch("case__handoffs", queryset=Handoff.objects.order_by("created_at", "id"))
        ),
    ).filter(case__center_id=actor.service_center_id, mode__in=(Mode.PROXY, Mode.JOINT))
    if q:
        qs = qs.filter(Q(case__number__icontains=q) | Q(case__item__name__icontains=q))
    return qs.order_by("-case__submitted_at", "-id")


def stage_of(record: CrossRegionCase) -> str:
    """Where a case taken in here for another town stands (rules.forwarded_stage), from
    the record read with its case and hand-offs."""
    case = record.case
    handoffs = list(case.handoffs.all())
    return forwarded_stage(
        case_status=case.status,
        outcome=case.outcome,
        delivery=case.delivery,
        handed_over=case.handed_over_at is not None,
        needs_originals=record.needs_originals,
        handoff_status=handoffs[-1].status if handoffs else None,
    )
