"""The catalogue (public): the providers and their services by category, a service's page,
who may ask for it, and the providers an account acts for."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from onething.core.errors import NotFound
from onething.core.models import Enterprise, Role
from onething.core.permissions import Actor, get_visible, visible

from ..models import ServiceProvider, ValueAddedService
from ..rules.catalogue import CATEGORIES, category_label, may_ask
from ..scopes import provides


def providers_of(actor: Actor) -> QuerySet[ServiceProvider]:
    """The providers the account acts for (an officer: its department's; a partner's
    staff: its enterprise's)."""
    return ServiceProvider.objects.filter(provides(actor)).order_by("name", "id")


def acts_for(actor: Actor, provider_id: int) -> bool:
    return providers_of(actor).filter(pk=provider_id).exists()


def manages(actor: Actor, provider_id: int) -> bool:
    """Who may edit a provider's services: administrators and its own accounts."""
    return actor.is_system or actor.role == Role.ADMIN or acts_for(actor, provider_id)


def providers_list(actor: Actor, *, kind: str = "") -> QuerySet[ServiceProvider]:
    rows = visible(actor, ServiceProvider.objects.select_related("department", "enterprise"))
    if not (actor.is_system or actor.role == Role.ADMIN):
        rows = rows.filter(active=True)
    return rows.filter(kind=kind) if kind else rows


def provider_get(actor: Actor, code: str) -> ServiceProvider:
    return get_visible(
        actor, ServiceProvider.objects.select_related("department", "enterprise"), code=code
    )


def _shown(actor: Actor) -> Q:
    """The services an account sees: the active ones of active providers, and every one of
    the providers it acts for (administrators: all)."""
    if actor.is_system or actor.role == Role.ADMIN:
        return Q()
    mine = Q(provider__in=providers_of(actor)) if actor.user_id else Q(pk__in=[])
    return Q(active=True, provider__active=True) | mine


def services_list(
    actor: Actor, *, category: str = "", provider: str = "", q: str = ""
) -> QuerySet[ValueAddedService]:
    """The catalogue, by category and name: those of a category, a provider (its code) and
    with ``q`` in their name or description."""
    rows = visible(actor, ValueAddedService.objects.select_related("provider")).filter(
        _shown(actor)
    )
    if category:
        rows = rows.filter(category=category)
    if provider:
        rows = rows.filter(provider__code=provider)
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(description__icontains=q))
    return rows.order_by("category", "name", "id")


def service_get(actor: Actor, code: str) -> ValueAddedService:
    rows = visible(actor, ValueAddedService.objects.select_related("provider")).filter(
        _shown(actor)
    )
    try:
        return rows.get(code=code)
    except (ValueAddedService.DoesNotExist, ValueError, TypeError):
        raise NotFound(
            _("No value-added service with that code."), details={"lookup": {"code": str(code)}}
        ) from None


def category_counts(actor: Actor) -> list[dict]:
    """Each category with how many services of the catalogue it has (in the categories'
    order, the empty ones too)."""
    counts = dict(services_list(actor).order_by().values_list("category").annotate(n=Count("id")))
    return [{"code": c, "label": category_label(c), "count": counts.get(c, 0)} for c in CATEGORIES]


def requester_enterprise(actor: Actor) -> Enterprise | None:
    """The enterprise an account asks for services as (an applicant acting for one)."""
    if actor.role != Role.APPLICANT or not actor.enterprise_id:
        return None
    return Enterprise.objects.filter(pk=actor.enterprise_id).first()


def eligible(service: ValueAddedService, enterprise: Enterprise | None) -> bool:
    """Whether ``enterprise`` may ask for ``service`` (its sizes and industries)."""
    if enterprise is None:
        return False
    return may_ask(
        sizes=service.sizes,
        industries=service.industries,
        enterprise_size=enterprise.size,
        enterprise_industry=enterprise.industry,
    )


def eligible_count(actor: Actor) -> int:
    """How many services of the catalogue the account's enterprise may ask for."""
    enterprise = requester_enterprise(actor)
    if enterprise is None:
        return 0
    return sum(1 for s in services_list(actor).filter(active=True) if eligible(s, enterprise))
