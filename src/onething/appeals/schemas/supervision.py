"""督办 batches and their items; projects (立项 → 完工) and their milestones."""

import datetime as dt

from ninja import Field

from onething.core.schema import CodeRef, RegionRef, Schema

from .appeals import DeadlineOut
from .common import MAX_ID, StageName, Text


class BatchIn(Schema):
    number: int = Field(..., ge=1, le=32767, description="第N批: unique within the programme")
    title: Text = Field(..., description="At most 100 characters")
    deadline: dt.date = Field(..., description="The batch's own deadline (not in the past)")
    programme: Text = Field("", max_length=30, description="Programme code")
    region: Text = Field("", max_length=12, description="Default: the region you supervise")


class SupervisionBatchOut(Schema):
    id: int
    number: int
    title: str
    programme: CodeRef | None
    region: RegionRef
    deadline: dt.date
    created_at: dt.datetime
    total: int = Field(0, description="Appeals on the batch")
    done: int = Field(0, description="Of them closed")


class BatchItemOut(Schema):
    number: str = Field(..., alias="supervision.appeal.number")
    title: str = Field(..., alias="supervision.appeal.title")
    department: CodeRef | None = Field(None, alias="supervision.appeal.department")
    status: str = Field(..., alias="supervision.appeal.status")
    note: str = Field(..., alias="supervision.note")
    added_at: dt.datetime = Field(..., alias="supervision.added_at")
    deadline: DeadlineOut
    done: bool = Field(..., description="The appeal is closed")
    late_for_batch: bool = Field(..., description="Still open past the batch's deadline")


class BatchDetailOut(SupervisionBatchOut):
    items: list[BatchItemOut] = Field(..., alias="progress")


class BatchItemsIn(Schema):
    numbers: list[Text] = Field(..., max_length=500, description="Appeal numbers")
    note: Text = Field("", description="The instruction (at most 300 characters)")


class ProjectIn(Schema):
    name: Text = Field(..., description="At most 100 characters")
    budget_fen: int | None = Field(None, ge=0, le=MAX_ID, description="In fen (0.01 yuan)")
    planned: dict[str, dt.date] = Field(
        default_factory=dict,
        description="Planned dates by stage: approval, tender, construction, completion",
    )


class MilestoneIn(Schema):
    stage: StageName
    done_on: dt.date | None = Field(None, description="When it was done (not in the future)")
    planned_on: dt.date | None = None
    note: Text = Field("", description="At most 200 characters")
