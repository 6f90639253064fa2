"""The directory over the API: operators, venues with the tariff and benefits in force
(public lists), and their configuration by union staff. A new place is configuration."""

from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination
from onething.core.permissions import visible

from ..models import Benefit, Tariff
from ..schemas.venues import (
    BenefitIn,
    BenefitOut,
    OperatorIn,
    OperatorOut,
    TariffIn,
    TariffOut,
    VenueIn,
    VenueOut,
)
from ..selectors import venues as selectors
from ..services import venues as services

router = Router(tags=["honour cards"])


@router.get("/operators", response=list[OperatorOut], auth=None)
@paginate(CityPagination)
def list_operators(request, kind: str = ""):
    """The operators the union settles with (bus, metro, scenic spots…). Public."""
    return selectors.operators_list(actor(request), kind=kind)


@router.post("/operators", response=OperatorOut)
def save_operator(request, payload: OperatorIn):
    """Create an operator, or change the one with this code (union staff)."""
    return services.operator_save(actor=actor(request), **payload.dict())


@router.get("/venues", response=list[VenueOut], auth=None)
@paginate(CityPagination)
def list_venues(request, operator: str = "", kind: str = ""):
    """Venues with the tariff and the benefits in force today; ``operator``: a code,
    ``kind``: the operator's kind. Public."""
    return selectors.venues_list(actor(request), operator_code=operator, kind=kind)


@router.get("/venues/{code}", response=VenueOut, auth=None)
def get_venue(request, code: str):
    return selectors.venue_get(actor(request), code)


@router.post("/venues", response=VenueOut)
def save_venue(request, payload: VenueIn):
    """Create a venue of an operator, or change the one with this code (union staff)."""
    who = actor(request)
    venue = services.venue_save(actor=who, **payload.dict())
    return selectors.venue_get(who, venue.code)


@router.get("/venues/{code}/tariffs", response=list[TariffOut], auth=None)
def list_tariffs(request, code: str):
    """Every tariff period of a venue, newest first. Public."""
    who = actor(request)
    venue = selectors.venue_get(who, code)
    return visible(who, Tariff.objects.select_related("venue").filter(venue=venue))


@router.post("/venues/{code}/tariffs", response={201: TariffOut})
def set_tariff(request, code: str, payload: TariffIn):
    """The price of one use from a day (union staff). Periods never overlap (422
    ``overlap``); an open-ended earlier period is closed the day before."""
    tariff = services.tariff_set(actor=actor(request), venue_code=code, **payload.dict())
    return Status(201, tariff)


@router.get("/benefits", response=list[BenefitOut], auth=None)
@paginate(CityPagination)
def list_benefits(request, venue: str = ""):
    """Every benefit (礼遇), in force or not; ``venue``: a code. Public."""
    rows = visible(actor(request), Benefit.objects.select_related("venue"))
    return rows.filter(venue__code=venue) if venue else rows


@router.post("/benefits", response={201: BenefitOut})
def create_benefit(request, payload: BenefitIn):
    """A benefit of a venue for some honour levels (union staff)."""
    return Status(201, services.benefit_save(actor=actor(request), **payload.dict()))


@router.put("/benefits/{int:benefit_id}", response=BenefitOut)
def change_benefit(request, benefit_id: int, payload: BenefitIn):
    """Change a benefit (union staff)."""
    return services.benefit_save(actor=actor(request), benefit_id=benefit_id, **payload.dict())
