"""The subsidy pool and the swipe ledger over the API (union staff)."""

import datetime as dt

from ninja import Header, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination

from ..schemas.gates import LedgerCorrectionIn, LedgerOut, PoolIn, PoolOut, TopUpIn, TopUpOut
from ..selectors import ledger as selectors
from ..services import pool as services

router = Router(tags=["honour cards"])
IdempotencyKey = Header(None, alias="Idempotency-Key")


@router.get("/pool", response=PoolOut)
def pool(request):
    """补贴资金池: topped up, accrued by the ledger, available, and the warning below the
    threshold."""
    return selectors.pool_status(actor(request))


@router.post("/pool", response=PoolOut)
def set_threshold(request, payload: PoolIn):
    """Set the balance below which the pool warns."""
    who = actor(request)
    services.pool_threshold_set(actor=who, warning_below_fen=payload.warning_below_fen)
    return selectors.pool_status(who)


@router.get("/pool/top-ups", response=list[TopUpOut])
@paginate(CityPagination)
def list_top_ups(request):
    return selectors.top_ups_list(actor(request))


@router.post("/pool/top-ups", response={201: TopUpOut})
def top_up(request, payload: TopUpIn, idempotency_key: str | None = IdempotencyKey):
    """Fund the pool. A retry with the same Idempotency-Key adds the money once."""
    done = services.pool_top_up(
        actor=actor(request), idempotency_key=idempotency_key, **payload.dict()
    )
    return Status(201, done)


@router.get("/ledger", response=list[LedgerOut])
@paginate(CityPagination)
def ledger(
    request,
    operator: str = "",
    venue: str = "",
    booked_from: dt.date | None = None,
    booked_to: dt.date | None = None,
    corrections: bool | None = None,
):
    """The swipe ledger, newest booking first: one row per allowed swipe, plus corrections
    (``corrections=true``: only those)."""
    return selectors.ledger_list(
        actor(request),
        operator=operator,
        venue=venue,
        booked_from=booked_from,
        booked_to=booked_to,
        corrections=corrections,
    )


@router.post("/ledger/{int:entry_id}/corrections", response={201: LedgerOut})
def correct(
    request,
    entry_id: int,
    payload: LedgerCorrectionIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """Put a ledger row right: ``amount_fen`` is what it should have been. A new row with
    the difference is written (booked today); the row itself never changes."""
    done = services.ledger_correct(
        actor=actor(request), entry_id=entry_id, idempotency_key=idempotency_key, **payload.dict()
    )
    return Status(201, done)
