"""The JSON API of shared parking (错时共享车位, under ``/api/citymgmt/``):

- ``POST /parking/events``: a plate-recognition gate's entry or exit, with the gate's own
  token (``Authorization: Bearer pg_…``; unknown: 401, a gate out of service: 403),
  idempotent on ``event_id`` (a retry gets the first answer, 200, the same body);
- the public register of lots and a shared car park's windows, today's school-day status
  and live occupancy (anonymous);
- a car park's use per window and group, its stays (staff of the car park);
- plate registrations: a citizen's (multipart, with the proof), the scoped list, the
  review, the revocation, the proof and the audited full phone."""

from django.conf import settings
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status
from ninja.security import HttpBearer

from onething.core.apiutils import actor
from onething.core.errors import PermissionDenied, Unauthenticated
from onething.core.pagination_api import CityPagination
from onething.core.permissions import in_parts
from onething.core.uploads import open_stored

from ...selectors import parking as selectors
from ...services import parking as services
from .schemas import (
    ParkingEventIn,
    ParkingEventOut,
    ParkingLotFilter,
    ParkingLotOut,
    ParkingStayFilter,
    ParkingStayOut,
    ParkingUseFilter,
    ParkingUseOut,
    PlatePhoneOut,
    PlateRegistrationFilter,
    PlateRegistrationIn,
    PlateRegistrationOut,
    PlateReviewIn,
    PlateRevokeIn,
    RecordId,
    SharedParkingOut,
    Text,
    shared_parking_body,
)

router = Router(tags=["city management"])

IdempotencyKey = Header(
    None, alias="Idempotency-Key", description="A retry gets the first registration"
)


class ParkingGateAuth(HttpBearer):
    """A parking gate's own token (``pg_…``), found by its keyed hash (cached a few
    seconds): unknown 401, a gate out of service 403. No account signs in here."""

    def authenticate(self, request: HttpRequest, token: str):
        gate = selectors.gate_signing_in(token)
        if gate is None:
            raise Unauthenticated(_("This parking gate token is not known."))
        if not gate.is_active:
            raise PermissionDenied(
                _("Gate %(c)s is out of service.") % {"c": gate.code},
                code="gate_retired",
                details={"gate": gate.code},
            )
        return gate


GATE_AUTH = ParkingGateAuth()


# ---------------------------------------------------------------------- gate events


@router.post("/parking/events", response=ParkingEventOut, auth=GATE_AUTH)
def gate_event(request, payload: ParkingEventIn):
    """One entry or exit a plate-recognition gate saw. Never refused for being outside a
    window: an entry outside every window the plate is registered for counts as public
    use. Idempotent on ``event_id``: a retry gets the first answer (the same event id
    with another plate, kind or time: 409 ``event_id_reused``). A plate in a wrong format:
    422 naming ``plate`` and the rule."""
    return services.gate_event(gate=request.auth, **payload.dict())


# ---------------------------------------------------------------------- public


@router.get("/parking/lots", response=list[ParkingLotOut], auth=None)
@paginate(CityPagination)
def list_lots(request, filters: Query[ParkingLotFilter]):
    """The city's register of parking lots (public): spaces, when they opened and when
    their data joined the city's parking network."""
    return selectors.lots_list(kind=filters.kind, district_code=filters.district)


@router.get("/parking/shared/{lot_code}", response=SharedParkingOut, auth=None)
def get_shared_parking(request, lot_code: Text):
    """A shared car park (public): its windows, whether today is a school day (the
    official calendar and the school's terms; provisional in a year with no published
    schedule), today as a timeline, whom it is for now and how many cars are in."""
    return shared_parking_body(selectors.public_status(lot_code))


# ---------------------------------------------------------------------- staff: use, stays


@router.get("/parking/shared/{lot_code}/use", response=ParkingUseOut, by_alias=True)
def get_use(request, lot_code: Text, span: Query[ParkingUseFilter]):
    """A car park's use per window and group over ``from``–``to`` (local days, at most a
    year; default the last 30 days): entries, minutes, overstays, fees and exits with no
    open stay, counted on the day of the entry. The car park's managing department, the
    city-management office of its region and the region's supervisors."""
    parking, first, last, rows = selectors.parking_use(
        actor(request), lot_code, date_from=span.date_from, date_to=span.date_to
    )
    return {
        "lot": parking.lot.code,
        "from": first,
        "to": last,
        "rows": [r.__dict__ | {"hours": r.hours} for r in rows],
        "entries": sum(r.entries for r in rows),
        "fees_fen": sum(r.fees_fen for r in rows),
    }


@router.get("/parking/stays", response=list[ParkingStayOut])
@paginate(CityPagination)
def list_stays(request, filters: Query[ParkingStayFilter]):
    """The stays you may see (staff of the car parks), newest entry first: ``open=1``
    cars still in, ``overstayed=1`` flagged overstays, days of the entry inclusive."""
    who = actor(request)
    values = filters.dict()
    return in_parts(
        who,
        lambda part: selectors.stays_list(
            who,
            lot_code=values["lot"],
            open_only=values["open"],
            overstayed=values["overstayed"],
            plate=values["plate"],
            group=values["group"],
            date_from=values["date_from"],
            date_to=values["date_to"],
            part=part,
        ),
    )


# ---------------------------------------------------------------------- registrations


@router.post("/parking/registrations", response={201: PlateRegistrationOut})
def register_plate(
    request,
    payload: Form[PlateRegistrationIn],
    proof: File[UploadedFile] = None,
    idempotency_key: str | None = IdempotencyKey,
):
    """A signed-in citizen registers a plate for a group of a shared car park, as a
    multipart form with the proof (``proof``: a pupil's enrolment for parents, an address
    for residents; PDF, JPEG or PNG, checked by its content). It waits for review. Every
    problem at once (422); a live registration of the plate and group: 409."""
    data = payload.dict()
    limit = settings.ONETHING_UPLOAD_MAX_BYTES + 1
    registration, _created = services.plate_register(
        actor=actor(request),
        lot_code=data["lot"],
        plate=data["plate"],
        group=data["group"],
        holder_name=data["holder_name"],
        holder_phone=data["holder_phone"],
        proof_name=proof.name if proof else "",
        proof_data=proof.read(limit) if proof else None,
        proof_note=data["proof_note"],
        idempotency_key=idempotency_key,
    )
    return Status(201, registration)


@router.get("/parking/registrations", response=list[PlateRegistrationOut])
@paginate(CityPagination)
def list_registrations(request, filters: Query[PlateRegistrationFilter]):
    """The plate registrations you may see, newest first: a citizen their own; the staff
    of a car park its registrations. The phone is masked."""
    who = actor(request)
    values = filters.dict()
    return in_parts(
        who,
        lambda part: selectors.registrations_list(
            who,
            lot_code=values["lot"],
            status=values["status"],
            group=values["group"],
            plate=values["plate"],
            part=part,
        ),
    )


@router.post("/parking/registrations/{registration_id}/review", response=PlateRegistrationOut)
def review_registration(request, registration_id: RecordId, payload: PlateReviewIn):
    """Approve or refuse a registration waiting for review (the car park's managing
    department or the city-management office); 409 for one decided already."""
    return services.registration_review(
        actor=actor(request), registration_id=registration_id, **payload.dict()
    )


@router.post("/parking/registrations/{registration_id}/revoke", response=PlateRegistrationOut)
def revoke_registration(request, registration_id: RecordId, payload: PlateRevokeIn):
    """Revoke a registration (its reviewers, with a reason) or withdraw one's own."""
    return services.registration_revoke(
        actor=actor(request), registration_id=registration_id, reason=payload.reason
    )


@router.get(
    "/parking/registrations/{registration_id}/proof",
    openapi_extra={
        "responses": {
            200: {
                "description": "The proof",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def get_proof(request, registration_id: RecordId):
    """The proof of a registration you may see."""
    registration = selectors.registration_get(actor(request), registration_id)
    return FileResponse(open_stored(registration.proof), filename=registration.proof_name)


@router.get("/parking/registrations/{registration_id}/phone", response=PlatePhoneOut)
def reveal_phone(request, registration_id: RecordId, purpose: Text = ""):
    """The holder's full phone number, for the staff who review the registration. Every
    read is written to the audit log (``pii.read``) with its purpose (required)."""
    phone = selectors.registration_phone_reveal(
        actor=actor(request), registration_id=registration_id, purpose=purpose
    )
    return {"id": registration_id, "holder_phone": phone}
