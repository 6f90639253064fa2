"""A device's batch of readings, signed in with the device's own token
(``Authorization: Bearer dv_…``): an unknown token 401, a retired device 403. A
well-formed batch is answered 200 whatever became of its items (each bad one refused with
its problems, the good ones stored once); 422 only for a malformed body or one over 1000
readings."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.security import HttpBearer

from onething.core.errors import PermissionDenied, Unauthenticated

from ..models import DeviceState
from ..schemas import ReadingBatchIn, ReadingBatchOut
from ..selectors.device_tokens import device_signing_in
from ..services.ingest import readings_ingest

router = Router(tags=["operations centre"])


class DeviceAuth(HttpBearer):
    """A device's token, found by its keyed hash. No account signs in here (a person's
    session or API token is refused 401): readings come from devices only."""

    def authenticate(self, request: HttpRequest, token: str):
        device = device_signing_in(token)
        if device is None:
            raise Unauthenticated(_("This device token is not known."))
        if device.state == DeviceState.RETIRED:
            raise PermissionDenied(
                _("Device %(c)s is retired.") % {"c": device.code},
                code="device_retired",
                details={"device": device.code},
            )
        return device


DEVICE_AUTH = DeviceAuth()


@router.post("/cityops/readings", response=ReadingBatchOut, auth=DEVICE_AUTH)
def ingest(request, payload: ReadingBatchIn):
    """Take in a device's batch: ``{"readings": [{"metric", "value", "at"}, …]}``. Each bad
    reading is refused on its own (``problems``: ``readings.<index>.<field>``, the rule and
    the message) and never stops the good ones; a retried batch stores nothing twice
    (``duplicates``). Crossing a value's thresholds opens, raises, lowers or closes its
    event (the numbers answered)."""
    result = readings_ingest(
        device=request.auth, readings=[item.dict() for item in payload.readings]
    )
    return {
        "stored": result.stored,
        "duplicates": result.repeated,
        "rejected": result.rejected,
        "problems": [p.as_dict() for p in result.problems],
        "events_opened": result.events_opened,
        "events_changed": result.events_changed,
        "events_closed": result.events_closed,
    }
