"""The shapes of 红黑榜's API: the public lists (a published batch's red and black lists per
category with its criteria and weights, each black-list entry's rectification state), the
staff's batches with their entries and timeline, a draft's input, the sites' scores and
the rectifications. Names carry ``Ranking`` so that they stay unique in the OpenAPI
document. Scores are out of 100 (two decimals)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field

from onething.core import deadlines
from onething.core.apiutils import actor
from onething.core.schema import RegionRef, Schema

from ..models import RankingBatch, RankingEntry, Rectification
from ..rules.ranking import (
    LIST_LABELS,
    batch_status_label,
    task_status_label,
)
from ..rules.ranking_draw import (
    entry_parts,
)
from ..selectors import ranking as selectors

Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]


def points(centi: int | None) -> Decimal | None:
    return None if centi is None else (Decimal(centi) / 100).quantize(Decimal("0.01"))


# ---------------------------------------------------------------- public


class RankingCriterionOut(Schema):
    name: str
    weight: int = Field(..., description="Percent; a category's weights add up to 100")


class RankingCategoryOut(Schema):
    code: str
    name: str
    subject: str = Field(..., description="streets or sites")
    criteria: list[RankingCriterionOut]


class RankingTaskStateOut(Schema):
    """A black-list entry's rectification as the public sees it (no evidence)."""

    status: str = Field(..., description="open, submitted, closed")
    status_label: str
    due_on: dt.date
    due_provisional: bool
    deadline: str = Field(..., description="on_time, warning, overdue ('' once submitted)")
    deadline_label: str


def task_state(task: Rectification | None) -> dict | None:
    if task is None:
        return None
    state = selectors.rectification_deadline(task)
    return {
        "status": task.status,
        "status_label": task_status_label(task.status),
        "due_on": task.due_on,
        "due_provisional": task.due_provisional,
        "deadline": state,
        "deadline_label": deadlines.label(state),
    }


class RankingEntryPublicOut(Schema):
    rank: int | None
    kind: str = Field(..., description="street or site")
    code: str
    name: str
    street_office: str = Field(..., description="The street office (街道) it lies in")
    score: Decimal | None = Field(..., description="Out of 100")
    list: str = Field(..., description="red, black or ''")
    list_label: str
    not_improved: bool = Field(..., description="On the last black list and not better since")
    parts: dict[str, Decimal | None] = Field(
        ..., description="A street's parts (residents, inspections, complaints) or a site's marks"
    )
    rectification: RankingTaskStateOut | None = Field(
        None, description="A black-list entry's rectification (published batches)"
    )


def entry_public(entry: RankingEntry) -> dict[str, Any]:
    subject = entry.street or entry.site
    return {
        "rank": entry.rank,
        "kind": "street" if entry.street_id else "site",
        "code": subject.code,
        "name": subject.name,
        "street_office": subject.street_office.name,
        "score": points(entry.score_centi),
        "list": entry.list,
        "list_label": str(LIST_LABELS.get(entry.list, "")),
        "not_improved": entry.not_improved,
        "parts": {
            k: points(v) for k, v in entry_parts(entry.components, bool(entry.street_id)).items()
        },
        "rectification": task_state(selectors.entry_rectification(entry)),
    }


class RankingCategoryListsOut(Schema):
    category: RankingCategoryOut
    ranked: int = Field(..., description="How many streets or sites the category ranked")
    red: list[RankingEntryPublicOut] = Field(..., description="The red list, best first")
    black: list[RankingEntryPublicOut] = Field(..., description="The black list, worst first")


class RankingPublicBatchOut(Schema):
    key: str = Field(..., description="year-sequence, e.g. 2021-3")
    year: int
    sequence: int
    title: str
    region: RegionRef
    period_start: dt.date
    period_end: dt.date
    rule: str = Field(..., description="top_bottom or thresholds")
    red_count: int
    black_count: int
    red_at_least: Decimal | None = Field(None, description="thresholds: red at or above")
    black_below: Decimal | None = Field(None, description="thresholds: black below")
    published_at: dt.datetime | None
    categories: list[RankingCategoryOut]

    @staticmethod
    def resolve_key(obj: RankingBatch) -> str:
        return f"{obj.year}-{obj.sequence}"

    @staticmethod
    def resolve_red_at_least(obj: RankingBatch):
        return points(obj.red_at_least)

    @staticmethod
    def resolve_black_below(obj: RankingBatch):
        return points(obj.black_below)

    @staticmethod
    def resolve_categories(obj: RankingBatch):
        return list(obj.categories.all())


class RankingListsOut(RankingPublicBatchOut):
    lists: list[RankingCategoryListsOut]

    @staticmethod
    def resolve_lists(obj: RankingBatch):
        return [
            {
                "category": one.category,
                "ranked": one.ranked,
                "red": [entry_public(e) for e in one.red],
                "black": [entry_public(e) for e in one.black],
            }
            for one in selectors.lists_of(obj)
        ]


# ---------------------------------------------------------------- staff: batches


class RankingStepOut(Schema):
    action: str
    status_after: str
    at: dt.datetime
    note: str


class RankingBatchOut(RankingPublicBatchOut):
    id: int
    status: str = Field(..., description="draft, computed, approved, published")
    status_label: str
    created_at: dt.datetime
    approved_at: dt.datetime | None

    @staticmethod
    def resolve_status_label(obj: RankingBatch) -> str:
        return batch_status_label(obj.status)


class RankingEntryOut(RankingEntryPublicOut):
    id: int
    category: str = Field(..., description="The category's code")
    previous_id: int | None = Field(None, description="Its black-list entry of the batch before")


class RankingBatchDetailOut(RankingBatchOut):
    entries: list[RankingEntryOut]
    steps: list[RankingStepOut]
    actions: list[str] = Field(..., description="draw, reopen, approve, publish: yours now")

    @staticmethod
    def resolve_entries(obj: RankingBatch):
        return [
            {
                **entry_public(e),
                "id": e.pk,
                "category": e.category.code,
                "previous_id": e.previous_id,
            }
            for e in selectors.batch_entries(obj)
        ]

    @staticmethod
    def resolve_steps(obj: RankingBatch):
        return list(obj.steps.all())

    @staticmethod
    def resolve_actions(obj: RankingBatch, context) -> list[str]:
        request = (context or {}).get("request")
        return selectors.batch_moves(actor(request), obj) if request is not None else []


class RankingBatchIn(Schema):
    year: int
    sequence: int = Field(..., description="The batch's number in its year (第三批: 3)")
    title: Text = Field("", max_length=100, description="Default: the year and sequence")
    region_code: Text = Field("", max_length=12, description="Default: your department's")
    period_start: Text = Field(..., max_length=10, description="The first month, YYYY-MM")
    period_end: Text = Field(..., max_length=10, description="The last month, YYYY-MM")
    categories: list[Text] = Field(..., description="The categories' codes")
    rule: Text = Field(..., max_length=12, description="top_bottom or thresholds")
    red_count: int = Field(0, description="top_bottom: the red list's size")
    black_count: int = Field(0, description="top_bottom: the black list's size")
    red_at_least: Decimal | None = Field(None, description="thresholds: red at or above (of 100)")
    black_below: Decimal | None = Field(None, description="thresholds: black below (of 100)")


class RankingNoteIn(Schema):
    note: Text = Field("", max_length=500)


class RankingScoresOut(Schema):
    scored: int = Field(..., description="Sites scored now")
    entries: list[RankingEntryOut]


# ---------------------------------------------------------------- categories and sites


class RankingCategoryIn(Schema):
    code: Text = Field(..., max_length=30)
    name: Text = Field(..., max_length=40)
    subject: Text = Field(..., description="streets or sites")
    criteria: list[dict[str, Any]] = Field(..., description='[{"name", "weight"}], adding to 100')
    description: Text = Field("", max_length=2000)
    order: int = 0


class RankingSiteIn(Schema):
    code: Text = Field(..., max_length=40)
    name: Text = Field(..., max_length=80)
    category_code: Text
    district_code: Text
    street_office_code: Text
    department_code: Text
    address: Text = Field("", max_length=200)


class RankingSiteOut(Schema):
    code: str
    name: str
    category: str
    district: RegionRef
    street_office: RegionRef
    department: str

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.category.code

    @staticmethod
    def resolve_department(obj) -> str:
        return obj.department.code


# ---------------------------------------------------------------- rectifications


class RankingPhotoOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class RankingRectificationOut(Schema):
    id: int
    batch: str = Field(..., description="The batch's title")
    batch_key: str = Field(..., description="year-sequence")
    category: str
    subject: str = Field(..., description="The street's or site's name")
    department: str = Field(..., description="The managing department's code")
    department_name: str
    required: str
    due_on: dt.date
    due_provisional: bool
    status: str = Field(..., description="open, submitted, closed")
    status_label: str
    deadline: str = Field(..., description="on_time, warning, overdue ('' once submitted)")
    deadline_label: str
    submitted_at: dt.datetime | None
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_batch(obj: Rectification) -> str:
        return obj.entry.batch.title

    @staticmethod
    def resolve_batch_key(obj: Rectification) -> str:
        return f"{obj.entry.batch.year}-{obj.entry.batch.sequence}"

    @staticmethod
    def resolve_category(obj: Rectification) -> str:
        return obj.entry.category.name

    @staticmethod
    def resolve_subject(obj: Rectification) -> str:
        return (obj.entry.street or obj.entry.site).name

    @staticmethod
    def resolve_department(obj: Rectification) -> str:
        return obj.department.code

    @staticmethod
    def resolve_department_name(obj: Rectification) -> str:
        return obj.department.name

    @staticmethod
    def resolve_status_label(obj: Rectification) -> str:
        return task_status_label(obj.status)

    @staticmethod
    def resolve_deadline(obj: Rectification) -> str:
        return selectors.rectification_deadline(obj)

    @staticmethod
    def resolve_deadline_label(obj: Rectification) -> str:
        return deadlines.label(selectors.rectification_deadline(obj))


class RankingRectificationDetailOut(RankingRectificationOut):
    evidence: str
    photos: list[RankingPhotoOut]
    steps: list[RankingStepOut]
    actions: list[str] = Field(..., description="submit, close, send_back: yours now")

    @staticmethod
    def resolve_photos(obj: Rectification):
        return list(obj.photos.all())

    @staticmethod
    def resolve_steps(obj: Rectification):
        return list(obj.steps.all())

    @staticmethod
    def resolve_actions(obj: Rectification, context) -> list[str]:
        request = (context or {}).get("request")
        return selectors.rectification_moves(actor(request), obj) if request is not None else []


class RankingRectificationFilter(Schema):
    status: str = Field("", description="open, submitted, closed")
    mine: bool = Field(False, description="Your department's only")
    overdue: bool = Field(False, description="Still to rectify after the due day")


class RankingSendBackIn(Schema):
    reason: Text = Field(..., max_length=500)
