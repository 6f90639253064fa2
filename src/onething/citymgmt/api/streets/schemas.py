"""The shapes of the streets' API: a street of the register and its page, a programme and
its totals, a project (a list row and its detail with the timeline and photos), the
moves' inputs and the public figures. Names carry ``City``/``Street``/``Renovation`` so
that they stay unique in the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.urls import reverse
from ninja import Field

from onething.core.apiutils import actor
from onething.core.schema import CodeRef, RegionRef, Schema

from ...rules.projects import PROJECT_LIFECYCLE, item_labels, over_budget, step_label
from ...selectors.streets import may_change

# Text without NUL characters (PostgreSQL cannot store them: 422, not 500).
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]


class CityStreetFilter(Schema):
    district: Text = Field("", max_length=12, description="District code (a subtree)")
    street_office: Text = Field("", max_length=12, description="Street office or town code")
    category: Text = Field(
        "", max_length=12, description="back_lane, branch_road, main_road or commercial"
    )
    q: Text = Field("", max_length=40, description="A part of the street's name")


class CityStreetOut(Schema):
    code: str
    name: str
    district: RegionRef
    street_office: RegionRef
    category: str
    length_m: int
    description: str
    latitude: Decimal | None
    longitude: Decimal | None
    department: CodeRef = Field(..., description="The managing department")
    is_active: bool = Field(..., description="In the register")


class CityStreetMonthOut(Schema):
    month: dt.date = Field(..., description="The month's first day")
    score: Decimal = Field(..., description="The combined score out of 100")
    resident_count: int
    resident_mean: Decimal | None = Field(None, description="Residents' mean mark, 1–5")
    inspection_count: int
    inspection_mark: int | None
    complaint_count: int = Field(..., description="12345 complaints about the street")
    weights: dict = Field(..., description="The weights used (percent)")

    @staticmethod
    def resolve_score(obj) -> Decimal:
        return Decimal(obj.score_centi).scaleb(-2)

    @staticmethod
    def resolve_resident_mean(obj) -> Decimal | None:
        return None if obj.resident_centi is None else Decimal(obj.resident_centi).scaleb(-2)


class CityStreetRankingOut(Schema):
    batch: str = Field(..., description="The batch's title")
    year: int
    sequence: int
    category: CodeRef
    list: str = Field(..., description="red, black or empty")
    rank: int | None
    score: Decimal
    not_improved: bool

    @staticmethod
    def resolve_batch(obj) -> str:
        return obj.batch.title

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.batch.year

    @staticmethod
    def resolve_sequence(obj) -> int:
        return obj.batch.sequence

    @staticmethod
    def resolve_score(obj) -> Decimal:
        return Decimal(obj.score_centi).scaleb(-2)


class StreetProjectPhotoOut(Schema):
    id: int
    phase: str = Field(..., description="before or after")
    name: str
    caption: str
    content_type: str
    size: int
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("city-project-photo", args=[obj.project.number, obj.pk])


class StreetProjectOut(Schema):
    number: str
    street: CodeRef
    programme: CodeRef | None
    title: str
    items: list[str] = Field(..., description="Codes of the items done")
    item_labels: list[str]
    budget_fen: int
    spent_fen: int
    over_budget: bool = Field(..., description="More spent than budgeted")
    milestone: str = Field(..., description="planned (立项), under_way (施工), completed (完工)")
    approved_on: dt.date
    started_on: dt.date | None
    completed_on: dt.date | None
    department: CodeRef = Field(..., description="The responsible department")

    @staticmethod
    def resolve_item_labels(obj) -> list[str]:
        return item_labels(obj.items)

    @staticmethod
    def resolve_over_budget(obj) -> bool:
        return over_budget(obj.budget_fen, obj.spent_fen)


class StreetProjectStepOut(Schema):
    action: str
    label: str
    milestone_after: str
    amount_fen: int | None
    at: dt.datetime
    by: str | None
    note: str

    @staticmethod
    def resolve_label(obj) -> str:
        return step_label(obj.action)

    @staticmethod
    def resolve_by(obj) -> str | None:
        return obj.actor.display_name if obj.actor_id else None


class StreetProjectDetailOut(StreetProjectOut):
    steps: list[StreetProjectStepOut]
    photos: list[StreetProjectPhotoOut]
    actions: list[str] = Field(..., description="The milestone moves you may make now")

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())

    @staticmethod
    def resolve_photos(obj):
        return list(obj.photos.all())

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        request = (context or {}).get("request")
        if request is None or not may_change(actor(request), obj):
            return []
        return PROJECT_LIFECYCLE.actions(obj.milestone)


class CityStreetDetailOut(CityStreetOut):
    projects: list[StreetProjectOut]
    months: list[CityStreetMonthOut] = Field(..., description="Monthly scores, oldest first")
    rankings: list[CityStreetRankingOut] = Field(
        ..., description="Its entries in published ranking batches, newest first"
    )


class StreetProjectFilter(Schema):
    programme: Text = Field("", max_length=40, description="Programme code")
    milestone: Text = Field("", max_length=10, description="planned, under_way or completed")
    street: Text = Field("", max_length=40, description="Street code")
    district: Text = Field("", max_length=12, description="District code (a subtree)")
    department: Text = Field("", max_length=32, description="Responsible department code")
    over_budget: bool = Field(False, description="Only projects that spent more than budgeted")


class StreetProjectIn(Schema):
    street: Text = Field(..., max_length=40, description="The street's code")
    title: Text = Field(..., max_length=100)
    items: list[Text] = Field(..., description="Codes of the items to do (at least one)")
    budget_fen: int = Field(..., description="The budget in fen, 0 or more")
    programme: Text = Field("", max_length=40, description="The programme's code, if any")
    department: Text = Field(
        "", max_length=32, description="Responsible department (default: the street's)"
    )
    approved_on: dt.date | None = Field(None, description="立项 date (default today)")


class StreetProjectMoveIn(Schema):
    on: dt.date | None = Field(None, description="The day it happened (default today)")
    note: Text = Field("", max_length=500)


class StreetProjectSpendIn(Schema):
    amount_fen: int = Field(..., description="Fen spent; negative corrects an earlier record")
    note: Text = Field("", max_length=500, description="Required for a correction")


class RenovationProgrammeOut(Schema):
    code: str
    name: str
    year: int
    region: RegionRef
    description: str


class RenovationMoneyOut(Schema):
    streets: int = Field(..., description="Distinct streets with a project")
    projects: int
    budget_fen: int
    investment_fen: int = Field(..., description="What the projects spent")
    over_budget: bool


class RenovationDistrictOut(RenovationMoneyOut):
    code: str
    name: str


class RenovationMilestoneOut(RenovationMoneyOut):
    milestone: str


class RenovationTotalsOut(RenovationMoneyOut):
    by_district: list[RenovationDistrictOut]
    by_milestone: list[RenovationMilestoneOut]


class RenovationProgrammeDetailOut(RenovationProgrammeOut):
    totals: RenovationTotalsOut


class CityFiguresProgramme(Schema):
    code: str = Field(..., description="The programme counted ('' when there is none)")
    name: str
    year: int
    streets: int = Field(..., description="Distinct streets with a project in the programme")
    investment_fen: int = Field(..., description="What those projects spent (fen)")
    investment_yuan: Decimal = Field(..., description="The same in yuan")


class CityFiguresParking(Schema):
    year: int
    new_spaces: int = Field(..., description="Spaces of the lots opened in the year")
    networked_spaces: int = Field(..., description="Spaces whose data joined the network")


class CityFiguresScoring(Schema):
    month: dt.date = Field(..., description="The month of `on`")
    scores_this_month: int = Field(..., description="Residents' scores counted so far")
    last_closed_month: dt.date | None
    streets_scored: int = Field(..., description="Streets scored in the last closed month")
    mean_score: Decimal | None = Field(None, description="Their mean combined score")


class CityFiguresRankings(Schema):
    title: str = Field(..., description="The latest published batch ('' when none)")
    year: int | None
    sequence: int | None
    published_at: dt.datetime | None
    red: int = Field(..., description="Entries on its red list")
    black: int = Field(..., description="Entries on its black list")


class CityManagementFigures(Schema):
    on: dt.date
    programme: CityFiguresProgramme
    parking: CityFiguresParking
    scoring: CityFiguresScoring
    rankings: CityFiguresRankings
