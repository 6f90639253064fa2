"""The shapes of night duty's API. Names start with ``Duty`` so that they stay unique in the
OpenAPI document."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Header

from onething.core.schema import RegionRef, Schema

from ..rules.nights import NIGHT_STATE_LABELS
from ..rules.rosters import ROSTER_STATUS_LABELS
from ..selectors.rosters import night_state

Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]
IdempotencyKey = Header(
    None, alias="Idempotency-Key", description="A retry with the same key gets the first answer"
)


class DutyPersonRef(Schema):
    """An account by its id (the roster's ``leader``) and its name."""

    id: int
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.display_name


# ---------------------------------------------------------------- rosters and nights


class DutyNightOut(Schema):
    id: int
    leader: DutyPersonRef
    date: dt.date
    planned: bool = Field(..., description="On the roster (false: a stay off it)")
    state: str = Field(..., description="planned, kept or missed (not checked in by 09:00)")
    state_label: str
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    place_note: str

    @staticmethod
    def resolve_state(obj) -> str:
        return night_state(obj)

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(NIGHT_STATE_LABELS[night_state(obj)])


class DutyRosterRow(Schema):
    id: int
    town: RegionRef
    month: str = Field(..., description="YYYY-MM")
    status: str = Field(..., description="draft or published")
    status_label: str
    nights_planned: int = Field(..., description="Nights on the roster")
    published_at: dt.datetime | None

    @staticmethod
    def resolve_month(obj) -> str:
        return f"{obj.month:%Y-%m}"

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(ROSTER_STATUS_LABELS[obj.status])

    @staticmethod
    def resolve_nights_planned(obj) -> int:
        count = getattr(obj, "night_count", None)
        return count if count is not None else sum(1 for n in obj.nights.all() if n.planned)


class DutyWarningOut(Schema):
    leader: int
    leader_name: str
    week: str = Field(..., description="ISO week, YYYY-Www")
    first: dt.date = Field(..., description="The week's first day in the month")
    last: dt.date = Field(..., description="The week's last day in the month")
    days_in_month: int
    partial: bool = Field(..., description="Partly outside the month: judged on its days in it")
    stays: int
    required: int = Field(..., description="2, prorated for a partial week: ⌈2 × days / 7⌉")
    message: str


class DutyRosterOut(DutyRosterRow):
    notes: str
    planned_at: dt.datetime
    leaders: list[DutyPersonRef]
    nights: list[DutyNightOut]
    warnings: list[DutyWarningOut] = Field(
        ..., description="Weeks with fewer than two stays for a leader (warnings, not refusals)"
    )


class DutyNightIn(Schema):
    leader: int = Field(..., description="A leader's account id (the roster's leaders)")
    date: dt.date


class DutyRosterPlanIn(Schema):
    month: Text = Field(..., max_length=20, description="YYYY-MM, this month or later")
    nights: list[DutyNightIn] = Field(..., max_length=1000)
    notes: Text = Field("", max_length=1000, description="At most 300 characters")


class DutyRosterFilter(Schema):
    town: Text = Field("", max_length=12, description="A town's code")
    month: Text = Field("", max_length=20, description="YYYY-MM")
    status: Text = Field("", max_length=20, description="draft or published")


class DutyCheckInIn(Schema):
    night: int | None = Field(
        None, description="The night's id; none: the night on now (a stay off the roster)"
    )
    place_note: Text = Field("", max_length=1000, description="Where (≤ 100), e.g. the office")


# ---------------------------------------------------------------- visits and demands


class DutyDemandIn(Schema):
    type: Text = Field("demand", max_length=20, description="demand (诉求) or suggestion (建议)")
    category: Text = Field(..., max_length=60, description="An appeals category's code")
    title: Text = Field("", max_length=1000, description="≤ 100; default: the text's start")
    text: Text = Field(..., max_length=4000, description="5–2,000 characters")
    contact_name: Text = Field(..., max_length=1000, description="The resident (≤ 50)")
    contact_phone: Text = Field(..., max_length=40, description="The resident's phone")


class DutyVisitIn(Schema):
    at: dt.datetime = Field(..., description="When (with its time zone), not in the future")
    place: Text = Field(..., max_length=1000, description="The village or community (≤ 60)")
    address: Text = Field("", max_length=1000, description="≤ 200")
    met_names: Text = Field("", max_length=1000, description="Whom they met (≤ 200)")
    met_count: int = Field(0, description="Residents met, 0–9999")
    summary: Text = Field(..., max_length=4000, description="What was raised (≤ 2,000)")
    demands: list[DutyDemandIn] = Field([], max_length=50, description="At most 10")


class DutyVisitFilter(Schema):
    month: Text = Field("", max_length=20, description="YYYY-MM")
    town: Text = Field("", max_length=12, description="A town's code")
    q: Text = Field("", max_length=100, description="Place, whom they met, what was raised")


class DutyVisitRow(Schema):
    number: str
    at: dt.datetime
    town: RegionRef
    leader: DutyPersonRef
    place: str
    met_count: int
    demand_count: int

    @staticmethod
    def resolve_demand_count(obj) -> int:
        count = getattr(obj, "demand_count", None)
        return count if count is not None else len(obj.demands.all())


class DutyMilestoneOut(Schema):
    stage: str
    stage_label: str
    planned_on: dt.date | None
    done_on: dt.date | None


class DutyProjectOut(Schema):
    name: str
    milestones: list[DutyMilestoneOut]


class DutyReplyOut(Schema):
    at: dt.datetime
    department: str
    text: str


class DutyAppealOut(Schema):
    number: str
    status: str
    status_label: str
    department: str | None
    due_date: dt.date
    replies: list[DutyReplyOut]
    project: DutyProjectOut | None


class DutyDemandOut(Schema):
    id: int
    position: int
    type: str
    category: str
    title: str
    text: str
    contact_name: str
    contact_phone: str = Field(..., description="Masked")
    appeal_number: str
    appeal: DutyAppealOut | None = Field(..., description="As you see it (null: not visible)")


class DutyVisitNightRef(Schema):
    id: int
    date: dt.date


class DutyVisitOut(DutyVisitRow):
    address: str
    met_names: str
    summary: str
    night: DutyVisitNightRef | None
    demands: list[DutyDemandOut]

    @staticmethod
    def resolve_demands(obj) -> list[dict]:
        return obj.demand_rows  # the demands with their appeals (api.visits)


# ---------------------------------------------------------------- figures


class DutyFigureCounts(Schema):
    planned: int = Field(..., description="Duty nights on the rosters")
    kept: int = Field(..., description="Of them checked in (kept)")
    missed: int = Field(..., description="Of them not checked in by the morning after")
    upcoming: int = Field(..., description="Of them still ahead")
    off_roster: int = Field(..., description="Stays off the roster, checked in")
    kept_rate: float | None = Field(..., description="kept / (kept + missed), %")
    visits: int = Field(..., description="Night visits (夜访)")
    residents: int = Field(..., description="Residents met on them")
    demands: int = Field(..., description="Demands raised (群众诉求), each an appeal")
    answered: int = Field(..., description="Of them answered (已答复: the appeal has a reply)")
    answered_rate: float | None = Field(..., description="answered / demands, %")
    average_days_to_answer: float | None = Field(
        ..., description="Working days from intake to the first reply, on average"
    )


class DutyFigureMonth(DutyFigureCounts):
    month: str = Field(..., description="YYYY-MM")


class DutyFigureTown(DutyFigureCounts):
    town: str = Field(..., description="The town's code")
    name: str


class DutyFigureLeader(DutyFigureCounts):
    leader: int
    name: str
    town: str


class DutyPublicFiguresOut(Schema):
    overall: DutyFigureCounts
    by_month: list[DutyFigureMonth]
    by_town: list[DutyFigureTown]


class DutyFiguresOut(DutyPublicFiguresOut):
    by_leader: list[DutyFigureLeader]


class DutyFiguresFilter(Schema):
    town: Text = Field("", max_length=12, description="A town's (or a district's) code")
    date_from: dt.date | None = None
    date_to: dt.date | None = None
