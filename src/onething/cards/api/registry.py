"""The registry of honorees over the API: list, register, status, import and export."""

from typing import Literal

from django.http import HttpResponse
from ninja import File, Header, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.exports import export_response
from onething.core.pagination_api import CityPagination

from ..schemas.registry import HonoreeDetailOut, HonoreeImportOut, HonoreeIn, HonoreeOut, StatusIn
from ..selectors import registry as selectors
from ..services.importer import MAX_BYTES, honorees_import
from ..services.registry import honoree_register, honoree_status_change

router = Router(tags=["honour cards"])
IdempotencyKey = Header(None, alias="Idempotency-Key")
SPREADSHEETS = {
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}
    },
}


@router.get("/honorees", response=list[HonoreeOut])
@paginate(CityPagination)
def list_honorees(request, q: str = "", level: str = "", status: str = ""):
    """The registry (union staff; an honoree sees their own record). ``q``: part of a name,
    a card or transit card number, or a full ID number."""
    return selectors.honorees_list(actor(request), q=q, level=level, status=status)


@router.post("/honorees", response={201: HonoreeDetailOut})
def register_honoree(
    request,
    response: HttpResponse,
    payload: HonoreeIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """Put a person in the registry (union staff); the person is found by ID number or
    registered. 409 ``already_registered`` if the holder is in the registry already."""
    who = actor(request)
    honoree = honoree_register(actor=who, idempotency_key=idempotency_key, **payload.dict())
    response["Location"] = f"/api/honorees/{honoree.pk}"
    return Status(201, selectors.honoree_get(who, honoree.pk))


@router.post("/honorees/import", response={201: HonoreeImportOut})
def import_honorees(request, file: File[UploadedFile]):
    """Import an .xlsx workbook (union staff): header row 姓名, 身份证号, 手机号, 所在区划代码,
    荣誉级别 (全国/省部级/市级/享受待遇人员), 荣誉称号, 授予年份, 工作单位. Any problem answers
    422 listing each as ``rows.<sheet row>.<field>`` (or ``file``) and nothing is imported;
    holders already in the registry are skipped and listed."""
    report = honorees_import(
        actor=actor(request), name=file.name or "", data=file.read(MAX_BYTES + 1)
    )
    return Status(201, report)


@router.get("/honorees/export", openapi_extra={"responses": {200: {"content": SPREADSHEETS}}})
def export_honorees(
    request,
    format: Literal["csv", "xlsx"] = "csv",
    q: str = "",
    level: str = "",
    status: str = "",
):
    """The listed honorees as CSV or .xlsx (union staff); ID and phone numbers masked."""
    headers, rows = selectors.honorees_export(actor(request), q=q, level=level, status=status)
    return export_response(format, "honorees", headers, rows)


@router.get("/honorees/{int:honoree_id}", response=HonoreeDetailOut)
def get_honoree(request, honoree_id: int):
    """One honoree with their status history and cards."""
    return selectors.honoree_get(actor(request), honoree_id)


@router.post("/honorees/{int:honoree_id}/status", response=HonoreeDetailOut)
def change_status(request, honoree_id: int, payload: StatusIn):
    """Suspend, reinstate, record a death or revoke (union staff). Leaving active revokes
    the certificates; deceased and revoked revoke the active card. 409 if not allowed."""
    who = actor(request)
    honoree_status_change(actor=who, honoree_id=honoree_id, **payload.dict())
    return selectors.honoree_get(who, honoree_id)
