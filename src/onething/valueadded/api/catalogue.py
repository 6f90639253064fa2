"""The catalogue of value-added services: public reads (the providers, the services by
category, a service, the figures); administrators add and change providers, and
administrators and a provider's own accounts its services. Anyone else 403; bad input 422
naming every field at once; a code taken 409."""

from django.http import HttpResponse
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination

from .. import selectors
from ..services import catalogue as services
from .schemas import (
    Code,
    ValueAddedFiguresOut,
    ValueAddedProviderEditIn,
    ValueAddedProviderIn,
    ValueAddedProviderOut,
    ValueAddedServiceEditIn,
    ValueAddedServiceFilter,
    ValueAddedServiceIn,
    ValueAddedServiceOut,
)

router = Router(tags=["valueadded"])


@router.get("/providers", response=list[ValueAddedProviderOut], auth=None)
@paginate(CityPagination)
def list_providers(request):
    """The providers (public): the city's departments and the partner institutions."""
    return selectors.providers_list(actor(request))


@router.post("/providers", response={201: ValueAddedProviderOut})
def create_provider(request, response: HttpResponse, payload: ValueAddedProviderIn):
    """A provider (administrators): a city department by its code, or a partner enterprise
    registered on the platform by its credit code."""
    provider = services.provider_create(actor=actor(request), **payload.dict())
    response["Location"] = f"/api/valueadded/providers/{provider.code}"
    return Status(201, provider)


@router.get("/providers/{code}", response=ValueAddedProviderOut, auth=None)
def get_provider(request, code: Code):
    return selectors.provider_get(actor(request), code)


@router.post("/providers/{code}", response=ValueAddedProviderOut)
def edit_provider(request, code: Code, payload: ValueAddedProviderEditIn):
    """Change a provider's name, description, contact or whether it is active (what is
    sent; administrators)."""
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    return services.provider_update(actor=actor(request), code=code, **changes)


@router.get("/services", response=list[ValueAddedServiceOut], auth=None)
@paginate(CityPagination)
def list_services(request, filters: Query[ValueAddedServiceFilter]):
    """The catalogue (public), by category and name: financing matchmaking (融资对接),
    legal consultation (法律咨询), intellectual property (知识产权), recruitment (人才招聘),
    training (培训) and other services."""
    return selectors.services_list(actor(request), **filters.dict())


@router.post("/services", response={201: ValueAddedServiceOut})
def create_service(request, response: HttpResponse, payload: ValueAddedServiceIn):
    """A service of a provider (its accounts, administrators): who may ask (sizes and
    industry words; none: every enterprise), free or its fee, the working days within
    which the provider answers a request."""
    service = services.service_create(actor=actor(request), **payload.dict())
    response["Location"] = f"/api/valueadded/services/{service.code}"
    return Status(201, service)


@router.get("/services/{code}", response=ValueAddedServiceOut, auth=None)
def get_service(request, code: Code):
    return selectors.service_get(actor(request), code)


@router.post("/services/{code}", response=ValueAddedServiceOut)
def edit_service(request, code: Code, payload: ValueAddedServiceEditIn):
    """Change a service (what is sent; its provider's accounts, administrators)."""
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    return services.service_update(actor=actor(request), code=code, **changes)


@router.get("/figures", response=ValueAddedFiguresOut, auth=None)
def figures(request, provider: Code = ""):
    """The figures (public): requests, concluded, the share answered within the promised
    working days (按时响应率), the share of satisfied ratings, the financing reached; of
    every provider or one (its code)."""
    provider_id = selectors.provider_get(actor(request), provider).pk if provider else None
    return selectors.request_figures(provider_id=provider_id)
