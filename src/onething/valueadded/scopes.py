"""Who sees what of value-added services (administrators and the system: everything).

- The catalogue (providers and services) is public; the selectors show the inactive ones
  to their own provider's accounts and administrators only.
- A request: the staff of the enterprise that asked (an applicant account acting for it),
  and the provider's accounts — the officers of a city provider's department, the staff
  of a partner's enterprise. Nobody else: another enterprise, another provider, another
  department's officers see nothing of it (404, as if it did not exist)."""

from django.db.models import Q

from onething.core.models import Role
from onething.core.permissions import EVERYTHING, NOTHING, Actor, scope_rule, scope_through

from .models import (
    RequestAttachment,
    RequestStep,
    ServiceProvider,
    ServiceRequest,
    ValueAddedService,
)

scope_rule(ServiceProvider)(lambda actor: EVERYTHING)
scope_rule(ValueAddedService)(lambda actor: EVERYTHING)


def provides(actor: Actor) -> Q:
    """The providers an account acts for: its department's (an officer), its enterprise's
    (a partner's staff)."""
    if actor.role == Role.OFFICER and actor.department_id:
        return Q(department_id=actor.department_id)
    if actor.role == Role.APPLICANT and actor.enterprise_id:
        return Q(enterprise_id=actor.enterprise_id)
    return NOTHING


@scope_rule(ServiceRequest)
def _requests(actor: Actor) -> Q:
    if actor.role == Role.OFFICER and actor.department_id:
        return Q(provider__department_id=actor.department_id)
    if actor.role == Role.APPLICANT and actor.enterprise_id:
        return Q(enterprise_id=actor.enterprise_id) | Q(provider__enterprise_id=actor.enterprise_id)
    return NOTHING


for model in (RequestAttachment, RequestStep):
    scope_rule(model)(lambda actor: scope_through(actor, ServiceRequest, "request"))
