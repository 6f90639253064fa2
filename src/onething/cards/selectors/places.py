"""Where the honoree's card works (the "my card" page): the venues whose benefits in force
today serve the honoree's level, by scene — buses and metro, scenic spots, the hospitals'
green channel (医院就诊绿色通道), the dining offers (餐饮商圈优惠: merchant, 商圈, discount,
who pays it) — and the honoree's latest visits at those desks."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from onething.core import clock
from onething.core.permissions import Actor

from ..models import Benefit, BenefitKind, FundedBy, PriorityService, Swipe
from ..rules.visits import VISIT_KINDS
from .certificates import honoree_of
from .ledger import my_rides
from .venues import in_force

# scene: the operators' kinds in it, its title (the seed's terms where it has them)
SCENES = [
    ("transport", ("bus", "metro"), _("Buses and metro")),
    ("scenic", ("scenic",), _("Scenic spots")),
    ("hospital", ("hospital",), _("Hospital green channel (priority service)")),
    ("restaurant", ("restaurant",), _("Dining offers")),
    ("other", ("other",), _("Other places")),
]


def _place(benefit: Benefit) -> dict[str, Any]:
    venue = benefit.venue
    dining = benefit.kind == BenefitKind.BILL_DISCOUNT
    return {
        "venue": venue.name,
        "area": venue.area,
        "operator": venue.operator.name,
        "benefit": benefit.name,
        "kind": benefit.kind,
        "kind_label": str(benefit.get_kind_display()),
        "discount_percent": benefit.discount_percent,
        "visit_cap_fen": benefit.visit_cap_fen if dining else None,
        "funded_by_label": str(FundedBy(benefit.funded_by).label) if dining else "",
        "daily_cap": benefit.daily_cap,
        "monthly_cap": benefit.monthly_cap,
    }


def places_for(actor: Actor) -> list[dict[str, Any]]:
    """The scenes with the places the signed-in honoree's card works at today (scenes
    without one left out); [] for someone not in the registry."""
    honoree = honoree_of(actor)
    if honoree is None:
        return []
    rows = (
        Benefit.objects.filter(in_force(clock.today()))
        .select_related("venue__operator")
        .order_by("venue__area", "venue__name", "name")
    )
    mine = [b for b in rows if honoree.level in b.levels]
    scenes = []
    for key, kinds, title in SCENES:
        places = [_place(b) for b in mine if b.venue.operator.kind in kinds]
        if places:
            services = [str(label) for _c, label in PriorityService.choices]
            scenes.append(
                {
                    "key": key,
                    "title": title,
                    "places": places,
                    "services": services if key == "hospital" else [],
                }
            )
    return scenes


def my_visits(actor: Actor) -> QuerySet[Swipe]:
    """The honoree's own visits at the desks (green channel, dining offers), newest first."""
    return my_rides(actor, allowed=True).filter(venue__operator__kind__in=VISIT_KINDS)
