"""督办: supervision batches and their appeals; projects an appeal becomes and their
milestones."""

from django.http import HttpResponse
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination
from onething.core.permissions import Actor

from .. import selectors
from ..models import SupervisionBatch
from ..schemas import (
    BatchDetailOut,
    BatchIn,
    BatchItemsIn,
    MilestoneIn,
    ProjectIn,
    ProjectOut,
    SupervisionBatchOut,
)
from ..schemas.common import Id, Text
from ..services import projects, supervision

router = Router(tags=["appeals"])


def _with_progress(who: Actor, batch: SupervisionBatch) -> SupervisionBatch:
    batch.progress = selectors.batch_progress(who, batch)
    batch.total = len(batch.progress)
    batch.done = sum(1 for item in batch.progress if item.done)
    return batch


@router.get("/supervision-batches", response=list[SupervisionBatchOut])
@paginate(CityPagination)
def list_batches(request):
    """The batches you see (supervisors and dispatchers of their region; officers those
    with their department's appeals), newest first, with how many are done."""
    return selectors.batches_list(actor(request))


@router.post("/supervision-batches", response={201: SupervisionBatchOut})
def create_batch(request, response: HttpResponse, payload: BatchIn):
    """A numbered batch (第N批) with its deadline, in your region (supervisors)."""
    batch = supervision.batch_create(
        actor=actor(request),
        number=payload.number,
        title=payload.title,
        deadline=payload.deadline,
        programme_code=payload.programme,
        region_code=payload.region,
    )
    response["Location"] = f"/api/supervision-batches/{batch.pk}"
    return Status(201, batch)


@router.get("/supervision-batches/{batch_id}", response=BatchDetailOut)
def get_batch(request, batch_id: Id):
    """A batch with each appeal's state: its deadline, done (closed) and late for the
    batch (open past the batch's deadline)."""
    who = actor(request)
    return _with_progress(who, selectors.batch_get(who, batch_id))


@router.post("/supervision-batches/{batch_id}/items", response=BatchDetailOut)
def add_to_batch(request, batch_id: Id, payload: BatchItemsIn):
    """督办: put appeals on the batch, all or none (an unknown number is named as
    `numbers.N`; one already on it answers 409)."""
    who = actor(request)
    supervision.batch_add(actor=who, batch_id=batch_id, numbers=payload.numbers, note=payload.note)
    return _with_progress(who, selectors.batch_get(who, batch_id))


@router.post("/appeals/{number}/project", response={201: ProjectOut})
def create_project(request, number: Text, payload: ProjectIn):
    """立项: the appeal becomes a project with its four milestones (approval, tender,
    construction, completion), planned dates optional (the responsible officer or a
    supervisor)."""
    project = projects.project_create(
        actor=actor(request),
        number=number,
        name=payload.name,
        budget_fen=payload.budget_fen,
        planned=payload.planned,
    )
    return Status(201, project)


@router.post("/projects/{project_id}/milestones", response=ProjectOut)
def record_milestone(request, project_id: Id, payload: MilestoneIn):
    """Record a milestone's done or planned date; stages are done in order."""
    milestone = projects.milestone_record(
        actor=actor(request),
        project_id=project_id,
        stage=payload.stage,
        done_on=payload.done_on,
        planned_on=payload.planned_on,
        note=payload.note,
    )
    return milestone.project
