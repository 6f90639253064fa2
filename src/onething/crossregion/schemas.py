import datetime as dt

from ninja import Field

from onething.cases.schemas import WindowIntakeIn
from onething.core.schema import CodeRef, Schema


class MemberOut(Schema):
    town: CodeRef = Field(..., alias="region")
    joined_on: dt.date
    left_on: dt.date | None


class ListedOut(Schema):
    item: CodeRef
    modes: list[str]
    added_on: dt.date
    removed_on: dt.date | None


class AllianceOut(Schema):
    code: str
    name: str
    signed_on: dt.date
    description: str
    members: list[MemberOut]
    items: list[ListedOut]

    @staticmethod
    def resolve_members(obj):
        return list(obj.members.all())

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


class OptionOut(Schema):
    alliance: str
    town: CodeRef
    modes: list[str]
    department: CodeRef
    center: CodeRef | None
    home: bool


class ArrivalIn(Schema):
    ticket_number: str = Field("", max_length=20)
    arrived_at: dt.datetime | None = Field(None, description="The ticket's time; default now")


class ArrivalOut(Schema):
    id: int
    source: str
    ticket_number: str
    arrived_at: dt.datetime


class WindowIn(WindowIntakeIn):
    """A walk-in's application as the window takes it (cases' ``WindowIntakeIn``), for a
    case another town handles, or one decided here whose data the partner town checks."""

    mode: str = Field(
        ...,
        description="proxy (收办分离/代收代办), joint (两地联办) or collaborative (高效协同)",
    )
    handling_region_code: str = Field(
        "", max_length=12, description="proxy and joint: the town that handles it"
    )
    partner_region_code: str = Field(
        "",
        max_length=12,
        description="collaborative: the town whose departments check the data (decided here)",
    )
    arrival_id: int | None = None


class OnlineIn(Schema):
    handling_region_code: str = Field(..., max_length=12)
    item_code: str = Field(..., max_length=40)
    form: dict = Field(default_factory=dict)
    materials: list[int] = Field(default_factory=list)
    enterprise_id: int | None = None
    delivery: str = Field("electronic")
    delivery_address: str = Field("", max_length=200)


class PartOut(Schema):
    department: CodeRef
    town: CodeRef = Field(..., alias="region")
    lead: bool
    status: str
    note: str
    acted_at: dt.datetime | None


class HandoffOut(Schema):
    number: str
    case_number: str = Field(..., alias="case.number")
    originals: list[str]
    status: str
    carrier: str
    tracking_number: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    received_at: dt.datetime | None
    note: str


class DataCheckOut(Schema):
    """高效协同核验: a data check asked of the partner town's department, and its answer."""

    number: str
    case_number: str = Field(..., alias="case.number")
    item: CodeRef = Field(..., alias="case.item")
    applicant: str = Field(..., alias="case.applicant.name")
    applicant_id_number: str = Field(
        ..., alias="case.applicant.id_number_masked", description="Masked; see /reveal"
    )
    asking_department: CodeRef
    answering_department: CodeRef
    questions: list[str]
    status: str = Field(..., description="requested, answered, withdrawn or superseded")
    result: str = Field(..., description="confirmed, mismatch or cannot_verify once answered")
    note: str
    requested_at: dt.datetime
    due_date: dt.date
    due_provisional: bool
    answered_at: dt.datetime | None
    working_days: int | None = Field(None, description="Working days from asked to answered")
    repeats: str | None = Field(None, description="The earlier check this one asks again")

    @staticmethod
    def resolve_repeats(obj):
        return obj.repeats.number if obj.repeats_id else None


class DataCheckIn(Schema):
    answering_department_code: str = Field(
        ..., max_length=40, description="A department of the case's partner town"
    )
    questions: list[str] = Field(..., description="What to check, one thing each (1 to 10)")
    due_days: int = Field(2, description="Working days to answer (1 to 10)")
    repeats: str = Field("", max_length=40, description="An earlier check asked again")


class CheckAnswerIn(Schema):
    result: str = Field(..., description="confirmed, mismatch or cannot_verify")
    note: str = Field("", max_length=1000, description="Required unless confirmed")


class CheckRevealIn(Schema):
    purpose: str = Field(
        "", max_length=300, description="Why the full ID number is needed (required)"
    )


class CrossRegionOut(Schema):
    case_number: str = Field(..., alias="case.number")
    status: str = Field(..., alias="case.status")
    item: CodeRef = Field(..., alias="case.item")
    alliance: str = Field(..., alias="alliance.code")
    mode: str
    receiving_town: CodeRef = Field(..., alias="receiving_region")
    handling_town: CodeRef = Field(..., alias="handling_region")
    receiving_center: CodeRef = Field(..., alias="case.center")
    handling_department: CodeRef = Field(..., alias="case.department")
    handling_center: CodeRef | None = Field(
        None, description="The handling town's centre, whose clerks take a forwarded case in"
    )
    partner_town: CodeRef | None = Field(
        None, alias="partner_region", description="高效协同: the town checking the data"
    )
    needs_originals: bool
    waiting_for_originals: bool = False
    arrived_at: dt.datetime | None = Field(None, alias="arrival.arrived_at")
    accepted_at: dt.datetime | None = Field(None, alias="case.accepted_at")
    start_minutes: float | None = Field(None, description="From arrival to acceptance")
    parts: list[PartOut] = []
    handoffs: list[HandoffOut] = []
    checks: list[DataCheckOut] = []

    @staticmethod
    def resolve_parts(obj):
        return list(obj.case.joint_parts.select_related("department", "region"))

    @staticmethod
    def resolve_handoffs(obj):
        return list(obj.case.handoffs.select_related("case"))

    @staticmethod
    def resolve_checks(obj):
        if obj.mode != "collaborative":
            return []
        return list(
            obj.case.data_checks.select_related(
                "case__item",
                "case__applicant",
                "asking_department",
                "answering_department",
                "repeats",
            ).order_by("requested_at", "id")
        )

    @staticmethod
    def resolve_start_minutes(obj):
        from .rules import start_minutes

        if obj.arrival is None or obj.case.accepted_at is None:
            return None
        return round(start_minutes(obj.arrival.arrived_at, obj.case.accepted_at), 1)

    @staticmethod
    def resolve_waiting_for_originals(obj):
        return obj.needs_originals and not obj.case.handoffs.filter(status="received").exists()


class TakenInOut(CrossRegionOut):
    """A case the clerk's centre took in for another town, with where it stands."""

    stage: str = Field(
        ...,
        description="prepare, post, resend, in_transit, forwarded, handling, correction, "
        "hand_over or closed",
    )
    action_here: bool = Field(..., description="Whether this window has the next step")

    @staticmethod
    def resolve_stage(obj):
        from .selectors.cases import stage_of

        return stage_of(obj)

    @staticmethod
    def resolve_action_here(obj):
        from .rules import FORWARDED_STAGES
        from .selectors.cases import stage_of

        return FORWARDED_STAGES[stage_of(obj)]


class DecideIn(Schema):
    outcome: str = Field(..., description="approved or denied")
    note: str = Field("", max_length=2000)


class HandoffCreateIn(Schema):
    note: str = Field("", max_length=500)


class SendIn(Schema):
    carrier: str = Field("", max_length=40)
    tracking_number: str = Field("", max_length=40)


class ReceiveIn(Schema):
    outcome: str = Field("received", description="received, missing or damaged")
    note: str = Field("", max_length=500)


class PeriodRow(Schema):
    period: str
    cases: int
    concluded: int


class PairRow(Schema):
    receiving_code: str
    receiving: str
    handling_code: str
    handling: str
    cases: int
    concluded: int


class KeyRow(Schema):
    key: str
    label: str
    cases: int
    concluded: int


class ModeRow(KeyRow):
    terms: list[str] = Field(..., description="The seed's names of the routing")
    explanation: str


class CheckFigureRow(Schema):
    town_code: str
    town: str
    asked: int
    answered: int
    on_time: int = Field(..., description="Answered by the day asked for")
    open: int
    mean_working_days: float | None


class ProjectionOut(Schema):
    year: int
    as_of: dt.date
    so_far: int
    projected: int | None
    method: str
    share: float | None


class StartRow(Schema):
    center_code: str
    center: str
    month: str
    cases: int
    within_10_minutes: int
    share_within: float | None
    mean_minutes: float | None
