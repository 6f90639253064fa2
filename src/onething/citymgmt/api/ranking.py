"""红黑榜 over the API. Public (no sign-in): the published batches and one batch's red and
black lists per category with its criteria and weights (an unpublished batch: 404).
Staff: the batches of the office's and the supervisor's region, a draft
(``Idempotency-Key``), its sites' scores (JSON rows or an .xlsx/CSV file), its moves —
draw, reopen, approve (a supervisor only: 403 for anyone else), publish (only once
approved: 409) — and the rectifications (a managing department sees its own: another's is
a 404) submitted with evidence, closed (never without: 409) or sent back."""

import json

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Header, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import JSON_BODY_MAX_BYTES, actor, refuse_bad_text
from onething.core.errors import NotFound, PayloadTooLarge, ValidationFailed
from onething.core.pagination_api import CityPagination
from onething.core.uploads import PHOTO_OPENAPI, photo_response
from onething.core.xlsx import MAX_BYTES

from ..selectors import ranking as selectors
from ..services import ranking as services
from ..services import rectifications as tasks
from .ranking_schemas import (
    RankingBatchDetailOut,
    RankingBatchIn,
    RankingBatchOut,
    RankingCategoryIn,
    RankingCategoryOut,
    RankingListsOut,
    RankingNoteIn,
    RankingPublicBatchOut,
    RankingRectificationDetailOut,
    RankingRectificationFilter,
    RankingRectificationOut,
    RankingScoresOut,
    RankingSendBackIn,
    RankingSiteIn,
    RankingSiteOut,
    Text,
    entry_public,
)

router = Router(tags=["city management"])

IdempotencyKey = Header(None, alias="Idempotency-Key", description="A retry gets the first batch")
EITHER_BODY = {
    "requestBody": {
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "multipart/form-data": {"schema": {"type": "object"}},
        }
    }
}


def _json(request) -> dict:
    """The JSON body of an operation that also takes a multipart form (the API's parser's
    checks: size, texts, an object)."""
    if len(request.body) > JSON_BODY_MAX_BYTES:
        raise PayloadTooLarge.one(
            "body",
            "max_size",
            _("The request body is over %(n)s MB.") % {"n": JSON_BODY_MAX_BYTES >> 20},
        )
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):  # a body nested past reason too
        raise ValidationFailed.one(
            "body", "json", _("The request body is not valid JSON.")
        ) from None
    if not isinstance(body, dict):
        raise ValidationFailed.one(
            "body", "type", _("The body must be a JSON object of named fields.")
        )
    return refuse_bad_text(body)


def _key(key: str) -> tuple[int, int]:
    """``2021-3`` → (2021, 3); anything else is a batch that does not exist."""
    year, _sep, sequence = key.partition("-")
    if not (year.isdigit() and sequence.isdigit() and len(year) == 4 and len(sequence) <= 3):
        raise NotFound(_("No published batch %(k)s.") % {"k": key})
    return int(year), int(sequence)


# ---------------------------------------------------------------- public


@router.get("/rankings", response=list[RankingPublicBatchOut], auth=None)
@paginate(CityPagination)
def list_rankings(request):
    """The published batches (红黑榜), newest first. Public."""
    return selectors.published_batches()


@router.get("/rankings/{key}", response=RankingListsOut, auth=None)
def get_ranking(request, key: Text):
    """One published batch (``2021-3``: the third batch of 2021): per category its
    criteria and weights, its red list (best first) and its black list (worst first) with
    each entry's rectification state. Public; a batch not published is a 404."""
    return selectors.published_batch(*_key(key))


# ---------------------------------------------------------------- categories and sites


@router.post("/ranking-categories", response={200: RankingCategoryOut})
def define_category(request, payload: RankingCategoryIn):
    """Define a category or change it (the city-management office): its published
    criteria's weights add up to 100 (else 422 naming ``criteria``)."""
    return services.category_define(actor=actor(request), **payload.dict())


@router.post("/ranking-sites", response={200: RankingSiteOut})
def register_site(request, payload: RankingSiteIn):
    """Register a site a category of sites ranks (a market, a building site)."""
    return services.site_register(actor=actor(request), **payload.dict())


# ---------------------------------------------------------------- batches


@router.get("/batches", response=list[RankingBatchOut])
@paginate(CityPagination)
def list_batches(request, status: str = "", year: int | None = None):
    """The batches you may see (the office's and the supervisors' region), newest first."""
    return selectors.batches_list(actor(request), status=status, year=year)


@router.post("/batches", response={201: RankingBatchDetailOut})
def create_batch(
    request,
    response: HttpResponse,
    payload: RankingBatchIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """Draft a batch (the city-management office). Its rule and the numbers the rule needs
    are checked together, every problem at once (422); a second batch of the same year and
    sequence in the region is a 409; a retry with the same ``Idempotency-Key`` answers the
    first batch."""
    batch = services.batch_create(
        actor=actor(request), idempotency_key=idempotency_key, **payload.dict()
    )
    response["Location"] = f"/api/citymgmt/batches/{batch.pk}"
    return Status(201, selectors.batch_get(actor(request), batch.pk))


@router.get("/batches/{batch_id}", response=RankingBatchDetailOut)
def get_batch(request, batch_id: int):
    """One batch with its entries, its timeline and the moves you may make now."""
    return selectors.batch_get(actor(request), batch_id)


def _moved(request, batch_id: int, move, note: str = ""):
    who = actor(request)
    move(actor=who, batch_id=batch_id, **({"note": note} if note else {}))
    return selectors.batch_get(who, batch_id)


@router.post("/batches/{batch_id}/draw", response=RankingBatchDetailOut)
def draw_batch(request, batch_id: int):
    """Draw the lists (the office), or draw them again: each category's candidates ranked
    by the batch's rule."""
    return _moved(request, batch_id, services.batch_draw)


@router.post("/batches/{batch_id}/reopen", response=RankingBatchDetailOut)
def reopen_batch(request, batch_id: int, payload: RankingNoteIn | None = None):
    """Back to the draft (the office): the lists are cleared, the sites' scores stay."""
    return _moved(request, batch_id, services.batch_reopen, payload.note if payload else "")


@router.post("/batches/{batch_id}/approve", response=RankingBatchDetailOut)
def approve_batch(request, batch_id: int, payload: RankingNoteIn | None = None):
    """Approve the lists drawn: a supervisor of the batch's region only (403 else)."""
    return _moved(request, batch_id, services.batch_approve, payload.note if payload else "")


@router.post("/batches/{batch_id}/publish", response=RankingBatchDetailOut)
def publish_batch(request, batch_id: int, payload: RankingNoteIn | None = None):
    """Publish an approved batch (the office; not approved: 409). Every black-list entry
    gets its rectification, due in 20 working days."""
    return _moved(request, batch_id, services.batch_publish, payload.note if payload else "")


@router.post(
    "/batches/{batch_id}/site-scores", response=RankingScoresOut, openapi_extra=EITHER_BODY
)
def enter_site_scores(request, batch_id: int, file: File[UploadedFile] = None):
    """The sites' marks of a draft batch (the office): a JSON body ``{"rows": [{"site":
    code, "marks": {criterion: 0–100}}]}``, or a multipart ``file`` (.xlsx or CSV: a
    column 场所编号 and one column per criterion). Every row's problems at once
    (``rows.<n>.<field>``: the row's index, or the sheet's row), nothing stored unless
    every row is right."""
    who = actor(request)
    if file is not None:
        entries = services.batch_site_scores_upload(
            actor=who, batch_id=batch_id, name=file.name or "", data=file.read(MAX_BYTES + 1)
        )
    else:
        rows = _json(request).get("rows")
        entries = services.batch_site_scores(actor=who, batch_id=batch_id, rows=rows)
    return {
        "scored": len(entries),
        "entries": [
            {**entry_public(e), "id": e.pk, "category": e.category.code, "previous_id": None}
            for e in entries
        ],
    }


# ---------------------------------------------------------------- rectifications


@router.get("/rectifications", response=list[RankingRectificationOut])
@paginate(CityPagination)
def list_rectifications(request, filters: Query[RankingRectificationFilter]):
    """The rectifications you may see, by due day: your department's (a managing
    department), your region's (the office, the supervisors)."""
    values = filters.dict()
    return selectors.rectifications_list(
        actor(request), status=values["status"], mine=values["mine"], overdue=values["overdue"]
    )


@router.get("/rectifications/{task_id}", response=RankingRectificationDetailOut)
def get_rectification(request, task_id: int):
    """One rectification with its evidence, photos, timeline and your moves now."""
    return selectors.rectification_get(actor(request), task_id)


@router.get(
    "/rectifications/{task_id}/photos/{photo_id}",
    openapi_extra=PHOTO_OPENAPI,
)
def get_rectification_photo(request, task_id: int, photo_id: int):
    """A photo of a rectification's evidence you may see."""
    task = selectors.rectification_get(actor(request), task_id)
    return photo_response(task.photos.all(), photo_id, _("The rectification has no such photo."))


@router.post(
    "/rectifications/{task_id}/submit",
    response=RankingRectificationDetailOut,
    openapi_extra=EITHER_BODY,
)
def submit_rectification(request, task_id: int, photos: File[list[UploadedFile]] = None):
    """The managing department's evidence: ``{"evidence": text}`` as JSON, or a multipart
    form with ``evidence`` and up to five ``photos`` (JPEG or PNG): a text or a photo at
    least (422 else)."""
    who = actor(request)
    if photos is not None or request.content_type == "multipart/form-data":
        evidence = request.POST.get("evidence", "")
        refuse_bad_text({"evidence": evidence})
        limit = settings.ONETHING_UPLOAD_MAX_BYTES + 1
        files = [(f.name or "photo.jpg", f.read(limit)) for f in (photos or [])[:6]]
    else:
        evidence, files = _json(request).get("evidence") or "", []
    if not isinstance(evidence, str):
        raise ValidationFailed.one("evidence", "type", _("A text value is expected."))
    tasks.rectification_submit(actor=who, rectification_id=task_id, evidence=evidence, photos=files)
    return selectors.rectification_get(who, task_id)


@router.post("/rectifications/{task_id}/close", response=RankingRectificationDetailOut)
def close_rectification(request, task_id: int, payload: RankingNoteIn | None = None):
    """Close on the department's evidence (the office; without evidence: 409)."""
    who = actor(request)
    tasks.rectification_close(
        actor=who, rectification_id=task_id, note=payload.note if payload else ""
    )
    return selectors.rectification_get(who, task_id)


@router.post("/rectifications/{task_id}/send-back", response=RankingRectificationDetailOut)
def send_back_rectification(request, task_id: int, payload: RankingSendBackIn):
    """Send the evidence back with the reason (the office): the department submits again."""
    who = actor(request)
    tasks.rectification_send_back(actor=who, rectification_id=task_id, reason=payload.reason)
    return selectors.rectification_get(who, task_id)
