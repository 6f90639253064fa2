"""Core's API: who am I, the public directory of regions and organisations, people,
enterprises and agencies (scoped), the working-day calendar."""

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from . import clock
from .apiutils import actor
from .errors import NotFound, Unauthenticated
from .pagination_api import CityPagination
from .schemas import (
    AgencyOut,
    BetweenOut,
    CalendarStatusOut,
    DepartmentOut,
    EnterpriseFilter,
    EnterpriseIn,
    EnterpriseOut,
    LookupIn,
    MeOut,
    PeopleFilter,
    PersonIn,
    PersonOut,
    RegionOut,
    RevealIn,
    RevealOut,
    ScheduleEnteredOut,
    ScheduleIn,
    ServiceCenterOut,
    WorkingDaysOut,
)
from .selectors import parties as party_selectors
from .selectors import regions as region_selectors
from .selectors.calendar import official_calendar, schedule_years, schedules_missing
from .services import parties as party_services
from .services.calendar import ScheduleEntered, schedule_enter, schedule_import
from .workdays import add_working_days, working_days_between
from .xlsx import MAX_BYTES

router = Router(tags=["core"])


@router.get("/me", response=MeOut)
def me(request: HttpRequest):
    """The signed-in account, its role and what it is attached to."""
    user = request.auth
    if not user:
        raise Unauthenticated()
    return {
        "username": user.username,
        "role": user.role,
        "role_label": user.get_role_display(),
        "person": user.person,
        "enterprise": user.enterprise,
        "service_center": user.service_center
        and {"code": user.service_center.code, "name": user.service_center.name},
        "department": user.department
        and {"code": user.department.code, "name": user.department.name},
        "region": user.region,
    }


# --- public directory -----------------------------------------------------------------


@router.get("/regions", response=list[RegionOut], auth=None, tags=["directory"])
@paginate(CityPagination, page_size=100)
def list_regions(request, parent_code: str | None = None, level: str | None = None, q: str = ""):
    """The administrative tree (GB/T 2260 codes). Public."""
    return region_selectors.regions_list(actor(request), parent_code=parent_code, level=level, q=q)


@router.get("/regions/{code}", response=RegionOut, auth=None, tags=["directory"])
def get_region(request, code: str):
    return region_selectors.region_get(actor(request), code)


@router.get("/departments/{code}", response=DepartmentOut, auth=None, tags=["directory"])
def get_department(request, code: str):
    return region_selectors.department_get(actor(request), code)


@router.get("/departments", response=list[DepartmentOut], auth=None, tags=["directory"])
@paginate(CityPagination, page_size=50)
def list_departments(request, region_code: str | None = None, kind: str | None = None, q: str = ""):
    """Departments, optionally within a region's subtree. Public."""
    return region_selectors.departments_list(
        actor(request), region_code=region_code, kind=kind, q=q
    )


@router.get("/service-centers", response=list[ServiceCenterOut], auth=None, tags=["directory"])
@paginate(CityPagination, page_size=50)
def list_service_centers(request, region_code: str | None = None, q: str = ""):
    """Service centres (便民服务中心) with their windows. Public."""
    return region_selectors.service_centers_list(actor(request), region_code=region_code, q=q)


# --- people, enterprises, agencies ------------------------------------------------------


@router.get("/people", response=list[PersonOut], tags=["people"])
@paginate(CityPagination)
def list_people(request, filters: Query[PeopleFilter]):
    """People the caller may see (a clerk: their centre's region; an applicant: themself).
    Identity and phone numbers are masked."""
    return party_selectors.people_list(actor(request), **filters.dict())


@router.post("/people", response={201: PersonOut}, tags=["people"])
def register_person(
    request,
    payload: PersonIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    """Register a person (clerk, officer, administrator). The ID number is validated
    (GB 11643: length, check character, birth date, region) and stored encrypted."""
    person = party_services.person_register(
        actor=actor(request), idempotency_key=idempotency_key, **payload.dict()
    )
    return Status(201, person)


@router.post("/people/lookup", response=PersonOut, tags=["people"])
def lookup_person(request, payload: LookupIn):
    """Find a person by the full ID number (the card in the clerk's hand). Audited."""
    person = party_selectors.person_find_by_id_number(
        actor=actor(request), id_number=payload.id_number
    )
    if person is None:
        raise NotFound(_("Nobody with this ID number is registered."))
    return person


@router.get("/people/{person_id}", response=PersonOut, tags=["people"])
def get_person(request, person_id: int):
    return party_selectors.person_get(actor(request), person_id)


@router.post("/people/{person_id}/reveal", response=RevealOut, tags=["people"])
def reveal_person_field(request, person_id: int, payload: RevealIn):
    """The full ID or phone number, for a role that needs it; written to the audit log."""
    value = party_selectors.person_reveal(
        actor=actor(request), person_id=person_id, field=payload.field, purpose=payload.purpose
    )
    return {"field": payload.field, "value": value}


@router.get("/enterprises", response=list[EnterpriseOut], tags=["enterprises"])
@paginate(CityPagination)
def list_enterprises(request, filters: Query[EnterpriseFilter]):
    return party_selectors.enterprises_list(actor(request), **filters.dict())


@router.post("/enterprises", response={201: EnterpriseOut}, tags=["enterprises"])
def register_enterprise(
    request,
    payload: EnterpriseIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    """Register an enterprise. The credit code is validated (GB 32100: length, characters,
    check character, region)."""
    enterprise = party_services.enterprise_register(
        actor=actor(request), idempotency_key=idempotency_key, **payload.dict()
    )
    return Status(201, enterprise)


@router.get("/enterprises/{enterprise_id}", response=EnterpriseOut, tags=["enterprises"])
def get_enterprise(request, enterprise_id: int):
    return party_selectors.enterprise_get(actor(request), enterprise_id)


@router.get("/agencies", response=list[AgencyOut], tags=["enterprises"])
@paginate(CityPagination)
def list_agencies(request, q: str = ""):
    return party_selectors.agencies_list(actor(request), q=q)


@router.get("/agencies/{agency_id}", response=AgencyOut, tags=["enterprises"])
def get_agency(request, agency_id: int):
    return party_selectors.agency_get(actor(request), agency_id)


# --- working-day calendar ----------------------------------------------------------------


@router.get("/calendar/add-working-days", response=WorkingDaysOut, auth=None, tags=["calendar"])
def calendar_add(request, start: dt.date, n: int = Query(..., ge=0, le=3650)):
    """The n-th working day after ``start`` on the official calendar (holidays and make-up
    workdays). Through a year with no published schedule the count runs on weekends alone
    and the answer says ``provisional``."""
    due = add_working_days(start, n, official_calendar())
    return {"start": start, "working_days": n, "due": due.date, "provisional": due.provisional}


@router.get("/calendar/working-days-between", response=BetweenOut, auth=None, tags=["calendar"])
def calendar_between(request, start: dt.date, end: dt.date):
    """Working days in (start, end]; ``provisional`` when a year in between has no
    published schedule (its days counted on weekends alone)."""
    calendar = official_calendar()
    return {
        "start": start,
        "end": end,
        "working_days": working_days_between(start, end, calendar),
        "provisional": bool(calendar.missing_years(min(start, end), max(start, end))),
    }


@router.get("/calendar/schedules", response=CalendarStatusOut, auth=None, tags=["calendar"])
def calendar_schedules(request):
    """The holiday schedules of the years around today (published in the package or entered
    by staff), and the years whose schedule is needed and missing (this year; from
    1 November next year too)."""
    today = clock.today()
    return {"today": today, "missing": schedules_missing(today), "years": schedule_years(today)}


def _entered(result: ScheduleEntered) -> dict:
    kinds = list(result.schedule.days.values_list("kind", flat=True))
    return {
        "year": result.schedule.year,
        "source": result.schedule.source,
        "holidays": kinds.count("holiday"),
        "workdays": kinds.count("workday"),
        "deadlines_changed": result.changed,
    }


@router.post("/calendar/schedules", response={201: ScheduleEnteredOut}, tags=["calendar"])
def calendar_schedule_enter(request, payload: ScheduleIn):
    """Enter (or replace) a year's schedule from the State Council's notice (supervisors,
    administrators): its holidays on weekdays and its make-up workdays on weekends. Every
    open provisional deadline is counted again; the answer says how many changed. A holiday
    on a weekend, a make-up workday on a weekday, a date outside the year or a date listed
    twice answers 422 naming the date; nothing is written then."""
    result = schedule_enter(
        actor=actor(request),
        year=payload.year,
        source=payload.source,
        days=[(d.date, d.kind, d.name) for d in payload.days],
    )
    return Status(201, _entered(result))


@router.post("/calendar/schedules/import", response={201: ScheduleEnteredOut}, tags=["calendar"])
def calendar_schedule_import(request, file: File[UploadedFile], year: Form[int], source: Form[str]):
    """Enter a year's schedule from an .xlsx workbook: columns 日期 (date), 类型 (休 for a
    holiday, 班 for a make-up workday) and 节日 (the festival). As the JSON entry otherwise."""
    result = schedule_import(
        actor=actor(request), year=year, source=source, data=file.read(MAX_BYTES + 1)
    )
    return Status(201, _entered(result))
