"""Who sees what of city management (administrators and the system: everything).

- The register (streets, programmes, projects and their photos, scoring criteria and
  points, ranking categories and sites, parking lots, shared car parks with their terms,
  windows and gates) is public: the pages show it to everyone.
- Residents' scores and inspectors' checks, batches (a batch's public page reads only
  the published ones), entries, rectifications, plate registrations, gate events, stays:
  the city-management office (officers of a city-management department: everything in
  their department's region), the officers of the department that manages the street,
  site or car park, and the supervisors of the region. An inspector sees the checks they
  made and the scores of their grid's streets; a resident sees their own plate
  registrations."""

from __future__ import annotations

from django.db.models import Q

from onething.core.models import Department, DepartmentKind, Role
from onething.core.permissions import EVERYTHING, NOTHING, Actor, scope_rule, scope_through

from .models import (
    BatchStep,
    ParkingEvent,
    ParkingGate,
    ParkingLot,
    ParkingStay,
    ParkingUse,
    ParkingWindow,
    PlateRegistration,
    ProjectPhoto,
    ProjectStep,
    RankingBatch,
    RankingCategory,
    RankingEntry,
    RankingSite,
    Rectification,
    RectificationPhoto,
    RectificationStep,
    RenovationProgramme,
    SchoolTerm,
    ScoreRefusal,
    ScoringCriterion,
    ScoringMonth,
    ScoringPoint,
    SharedParking,
    Street,
    StreetInspection,
    StreetMonth,
    StreetProject,
    StreetScore,
)

for public in (
    Street,
    RenovationProgramme,
    StreetProject,
    ProjectStep,
    ProjectPhoto,
    ScoringCriterion,
    ScoringPoint,
    StreetMonth,
    ScoringMonth,
    RankingCategory,
    RankingSite,
    ParkingLot,
    SharedParking,
    SchoolTerm,
    ParkingWindow,
    ParkingGate,
):
    scope_rule(public)(lambda actor: EVERYTHING)


def is_city_management_office(actor: Actor) -> bool:
    """Whether the actor is an officer of a city-management department (城管局)."""
    if actor.role != Role.OFFICER or not actor.department_id:
        return False
    return Department.objects.filter(
        pk=actor.department_id, kind=DepartmentKind.CITY_MANAGEMENT
    ).exists()


def managed(actor: Actor, region_field: str, department_field: str) -> Q:
    """Records of a street, a site or a car park (their district at ``region_field``,
    their managing department at ``department_field``) the actor oversees or manages."""
    if actor.role == Role.SUPERVISOR:
        return actor.region_q(region_field)
    if actor.role == Role.OFFICER and actor.department_id:
        own = Q(**{f"{department_field}_id": actor.department_id})
        return own | actor.region_q(region_field) if is_city_management_office(actor) else own
    return NOTHING


@scope_rule(StreetScore)
def _scores(actor: Actor) -> Q:
    if actor.role == Role.INSPECTOR and actor.region_path:
        return actor.region_q("street__street_office")
    return managed(actor, "street__district", "street__department")


@scope_rule(ScoreRefusal)
def _score_refusals(actor: Actor) -> Q:
    return managed(actor, "street__district", "street__department")


@scope_rule(StreetInspection)
def _inspections(actor: Actor) -> Q:
    if actor.role == Role.INSPECTOR and actor.user_id:
        return Q(inspector_id=actor.user_id)
    return managed(actor, "street__district", "street__department")


@scope_rule(RankingBatch)
def _batches(actor: Actor) -> Q:
    if actor.role == Role.SUPERVISOR:
        return actor.region_q("region")
    if is_city_management_office(actor):
        return actor.region_q("region")
    return NOTHING


@scope_rule(RankingEntry)
def _entries(actor: Actor) -> Q:
    if actor.role == Role.SUPERVISOR:
        return scope_through(actor, RankingBatch, "batch")
    if is_city_management_office(actor):  # a district bureau also manages its own streets
        return (
            scope_through(actor, RankingBatch, "batch")
            | Q(street__department_id=actor.department_id)
            | Q(site__department_id=actor.department_id)
        )
    if actor.role == Role.OFFICER and actor.department_id:
        return Q(street__department_id=actor.department_id) | Q(
            site__department_id=actor.department_id
        )
    return NOTHING


@scope_rule(Rectification)
def _rectifications(actor: Actor) -> Q:
    if actor.role == Role.SUPERVISOR:
        return scope_through(actor, RankingBatch, "entry__batch")
    if is_city_management_office(actor):  # a district bureau also rectifies its own
        return scope_through(actor, RankingBatch, "entry__batch") | Q(
            department_id=actor.department_id
        )
    if actor.role == Role.OFFICER and actor.department_id:
        return Q(department_id=actor.department_id)
    return NOTHING


@scope_rule(PlateRegistration)
def _registrations(actor: Actor) -> Q:
    if actor.role in (Role.APPLICANT, Role.AGENT) and actor.user_id:
        return Q(applicant_id=actor.user_id)
    return managed(actor, "parking__lot__district", "parking__department")


def _parking_records(actor: Actor) -> Q:
    return managed(actor, "parking__lot__district", "parking__department")


scope_rule(ParkingEvent)(_parking_records)
scope_rule(ParkingStay)(_parking_records)
scope_rule(ParkingUse)(_parking_records)


def _through(model, path: str):
    def rule(actor: Actor) -> Q:
        return scope_through(actor, model, path)

    return rule


scope_rule(BatchStep)(_through(RankingBatch, "batch"))
scope_rule(RectificationStep)(_through(Rectification, "rectification"))
scope_rule(RectificationPhoto)(_through(Rectification, "rectification"))
