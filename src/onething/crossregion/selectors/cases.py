from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from onething.core.errors import ValidationFailed
from onething.core.permissions import Actor, get_visible, visible

from ..models import CrossRegionCase, Mode


def cross_region_cases(
    actor: Actor, *, mode: str = "", receiving_region_code: str = "", handling_region_code: str = ""
) -> QuerySet[CrossRegionCase]:
    if mode and mode not in Mode.values:
        raise ValidationFailed.one("mode", "choice", _("The mode is online, proxy or joint."))
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
