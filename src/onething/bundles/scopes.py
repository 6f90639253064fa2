"""Who sees a run: its applicant (and the account that filed it, and staff of its
enterprise), and whoever sees one of its steps' cases."""

from django.db.models import Q

from onething.cases.models import Case
from onething.core.models import Role
from onething.core.permissions import EVERYTHING, NOTHING, Actor, scope_rule, visible
from onething.core.scopes import REGIONAL_STAFF

from .models import Bundle, BundleRun, BundleStep, Pickup, RunStep

scope_rule(Bundle)(lambda actor: EVERYTHING)
scope_rule(BundleStep)(lambda actor: EVERYTHING)


@scope_rule(BundleRun)
def _runs(actor: Actor) -> Q:
    mine = Q(
        pk__in=RunStep.objects.filter(case__in=visible(actor, Case.objects.all())).values("run_id")
    )
    if actor.role in (Role.APPLICANT, Role.AGENT):
        mine |= Q(applicant_id=actor.person_id) | Q(submitted_by_id=actor.user_id)
        if actor.enterprise_id:
            mine |= Q(enterprise_id=actor.enterprise_id)
    return mine


scope_rule(RunStep)(lambda actor: Q(run__in=BundleRun.objects.filter(_runs(actor))))


@scope_rule(Pickup)
def _pickups(actor: Actor) -> Q:
    if actor.role == Role.CLERK:  # the window that confirms them
        return Q(center_id=actor.service_center_id) if actor.service_center_id else NOTHING
    if actor.role in REGIONAL_STAFF:
        return actor.region_q("agency__region")
    if actor.agency_id:
        return Q(agency_id=actor.agency_id)
    return NOTHING
