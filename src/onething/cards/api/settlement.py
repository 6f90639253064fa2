"""The monthly settlement over the API (union staff): statements, approval, payment, the
export of a statement's lines and the reconciliation with an operator's export."""

from typing import Literal

from django.http import HttpResponse
from ninja import File, Header, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.exports import export_response
from onething.core.pagination_api import CityPagination

from ..schemas.settlement import (
    PayIn,
    ReconciliationOut,
    SettlementDetailOut,
    SettlementIn,
    SettlementOut,
)
from ..selectors import settlement as selectors
from ..services.reconcile import MAX_BYTES, reconciliation_upload
from ..services.settlement import settlement_approve, settlement_pay, settlement_prepare

router = Router(tags=["honour cards"])
IdempotencyKey = Header(None, alias="Idempotency-Key")
SPREADSHEETS = {
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}
    },
}


@router.get("/settlements", response=list[SettlementOut])
@paginate(CityPagination)
def list_settlements(request, operator: str = "", month: str = "", status: str = ""):
    """Statements, newest month first. Filters: operator code, month (YYYY-MM), status."""
    return selectors.settlements_list(actor(request), operator=operator, month=month, status=status)


@router.post("/settlements", response={200: SettlementDetailOut, 201: SettlementDetailOut})
def prepare_settlement(
    request,
    response: HttpResponse,
    payload: SettlementIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """The statement of one operator for one month (union staff): every ledger row booked in
    the month, by venue and day. 201 when made; 200 when a draft of that month was
    recomputed. 422 ``month_not_over``; 409 ``already_settled`` once approved or paid."""
    who = actor(request)
    settlement = settlement_prepare(
        actor=who,
        operator_code=payload.operator,
        month=payload.month,
        idempotency_key=idempotency_key,
    )
    response["Location"] = f"/api/settlements/{settlement.pk}"
    status = 200 if getattr(settlement, "recomputed", False) else 201
    return Status(status, selectors.settlement_get(who, settlement.pk))


@router.get("/settlements/{int:settlement_id}", response=SettlementDetailOut)
def get_settlement(request, settlement_id: int):
    """One statement with its lines and its reconciliations."""
    return selectors.settlement_get(actor(request), settlement_id)


@router.post("/settlements/{int:settlement_id}/approve", response=SettlementDetailOut)
def approve_settlement(request, settlement_id: int):
    """draft → approved (union finance): the figures are recomputed and frozen."""
    who = actor(request)
    settlement = settlement_approve(actor=who, settlement_id=settlement_id)
    return selectors.settlement_get(who, settlement.pk)


@router.post("/settlements/{int:settlement_id}/pay", response=SettlementDetailOut)
def pay_settlement(request, settlement_id: int, payload: PayIn):
    """approved → paid, with the payment's reference. Any other state: 409."""
    who = actor(request)
    settlement = settlement_pay(
        actor=who, settlement_id=settlement_id, payment_reference=payload.payment_reference
    )
    return selectors.settlement_get(who, settlement.pk)


@router.get(
    "/settlements/{int:settlement_id}/export",
    openapi_extra={"responses": {200: {"content": SPREADSHEETS}}},
)
def export_settlement(request, settlement_id: int, format: Literal["csv", "xlsx"] = "csv"):
    """The statement's lines (by venue, then day) and its total, as CSV or .xlsx."""
    headers, rows = selectors.statement_export(actor(request), settlement_id)
    return export_response(format, f"settlement-{settlement_id}", headers, rows)


@router.get("/settlements/{int:settlement_id}/reconciliations", response=list[ReconciliationOut])
def list_reconciliations(request, settlement_id: int):
    """The reconciliations of a statement, newest first."""
    who = actor(request)
    return selectors.reconciliations_list(who, selectors.settlement_get(who, settlement_id))


@router.post("/settlements/{int:settlement_id}/reconciliations", response={201: ReconciliationOut})
def upload_reconciliation(
    request,
    settlement_id: int,
    file: File[UploadedFile],
    idempotency_key: str | None = IdempotencyKey,
):
    """Compare the statement with the operator's export (CSV in UTF-8 or GBK, or .xlsx):
    columns 刷卡流水号/swipe_id (with 闸机编号/gate, or written <gate code>:<swipe id>) and
    金额（分）/amount_fen or 金额（元）/amount_yuan. Lists the swipes only on our side, only on
    theirs, and with a different amount. A bad file: 422 naming ``file`` or
    ``rows.<row>.<column>``; nothing is stored."""
    reconciliation = reconciliation_upload(
        actor=actor(request),
        settlement_id=settlement_id,
        name=file.name or "",
        data=file.read(MAX_BYTES + 1),
        idempotency_key=idempotency_key,
    )
    return Status(201, reconciliation)
