"""Policies an actor sees: an enterprise's staff see the ones that match their enterprise
(industry, size, region); everyone else sees every published policy."""

from __future__ import annotations

from onething.core import clock
from onething.core.models import Enterprise
from onething.core.permissions import Actor, get_visible, visible

from .. import rules
from ..models import Policy


def _current():
    today = clock.today()
    return Policy.objects.filter(published_on__lte=today).exclude(valid_until__lt=today)


def policies_for(actor: Actor, *, matching: bool = True) -> list[Policy]:
    policies = list(visible(actor, _current().select_related("department", "region")))
    enterprise = Enterprise.objects.filter(pk=actor.enterprise_id).select_related("region").first()
    if not matching or enterprise is None:
        return policies
    return [
        p
        for p in policies
        if rules.policy_matches(
            industries=p.industries,
            sizes=p.sizes,
            region_path=p.region.path if p.region_id else "",
            enterprise_industry=enterprise.industry,
            enterprise_size=enterprise.size,
            enterprise_region_path=enterprise.region.path,
        )
    ]


def policy_get(actor: Actor, policy_id: int) -> Policy:
    return get_visible(actor, Policy.objects.select_related("department", "region"), pk=policy_id)
