import datetime as dt
from typing import Annotated

from ninja import Field
from pydantic import AliasChoices

from onething.core.schema import CodeRef, Schema


class MaterialOut(Schema):
    id: int
    material_type: CodeRef
    original_name: str
    content_type: str
    size: int
    sha256: str
    superseded: bool


class CaseIn(Schema):
    item_code: str = Field(..., max_length=40)
    form: dict = Field(default_factory=dict, description="Answers to the item's form")
    materials: list[int] = Field(default_factory=list, description="Ids of your uploads")
    enterprise_id: int | None = Field(None, description="Apply for the enterprise you act for")
    region_code: str = Field("", max_length=12, description="Where it is handled (default: home)")
    delivery: str = Field("electronic", description="window, post or electronic")
    delivery_address: str = Field("", max_length=200)


class WindowIntakeIn(Schema):
    id_number: str = Field(..., max_length=32, description="From the walk-in's ID card")
    name: str = Field(..., max_length=50)
    phone: str = Field("", max_length=20)
    item_code: str = Field(..., max_length=40)
    form: dict = Field(default_factory=dict)
    materials: list[int] = Field(default_factory=list)
    enterprise_credit_code: str = Field("", max_length=32)
    delivery: str = Field("window", description="window, post or electronic")
    delivery_address: str = Field("", max_length=200)


class PersonRef(Schema):
    name: str
    id_number_masked: str


class EnterpriseRef(Schema):
    name: str
    credit_code: str


class LicenceOut(Schema):
    number: str
    title: str
    holder_name: str
    issued_at: dt.datetime
    valid_from: dt.date
    valid_until: dt.date | None
    verify_url: str
    pdf_url: str

    @staticmethod
    def resolve_verify_url(obj):
        return f"/licences/verify/{obj.verify_code}/"

    @staticmethod
    def resolve_pdf_url(obj):
        return f"/api/licences/{obj.number}/pdf"


class CaseOut(Schema):
    number: str
    item: CodeRef
    applicant: PersonRef
    enterprise: EnterpriseRef | None
    channel: str
    center: CodeRef
    department: CodeRef
    status: str
    outcome: str
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    due_date: dt.date | None
    due_provisional: bool
    concluded_at: dt.datetime | None


class CaseEventOut(Schema):
    at: dt.datetime
    action: str
    actor: str = Field(..., alias="actor_label")
    note: str


class CaseDetailOut(CaseOut):
    form: dict = Field(..., alias="form_data")
    delivery: str
    delivery_address: str
    paused_days: int
    correction_reason: str
    declined_reason: str
    outcome_reason: str
    working_days_taken: int | None
    handed_over_at: dt.datetime | None
    tracking_number: str
    deadline_state: str | None = Field(None, description="on_time, warning or overdue")
    materials: list[MaterialOut] = []
    licence: LicenceOut | None = None
    rating: int | None = None
    actions: list[str] = Field([], description="What you may do to the case now")
    history: list[CaseEventOut] = []

    @staticmethod
    def resolve_deadline_state(obj):
        from .selectors.cases import case_deadline_state

        return case_deadline_state(obj)

    @staticmethod
    def resolve_materials(obj):
        return list(obj.materials.select_related("material_type"))

    @staticmethod
    def resolve_licence(obj):
        return getattr(obj, "licence", None)

    @staticmethod
    def resolve_rating(obj):
        evaluation = getattr(obj, "evaluation", None)
        return evaluation.rating if evaluation else None

    @staticmethod
    def resolve_actions(obj, context):
        from onething.core.apiutils import actor

        from .selectors.actions import case_actions

        return case_actions(actor(context["request"]), obj)

    @staticmethod
    def resolve_history(obj, context):
        from onething.core.apiutils import actor

        from .selectors.cases import case_timeline
        from .selectors.urges import event_note

        who = actor(context["request"])
        events = list(case_timeline(obj))
        for event in events:  # 督办's words stay between staff
            event.note = event_note(who, event)
        return events


class ReasonIn(Schema):
    reason: str = Field("", max_length=2000)


class CorrectionIn(Schema):
    materials: list[int] = Field(default_factory=list)
    form: dict | None = None
    note: str = Field("", max_length=300)


class ConcludeIn(Schema):
    outcome: str = Field(..., description="approved or denied")
    reason: str = Field("", max_length=2000)
    valid_until: dt.date | None = None


class HandOverIn(Schema):
    tracking_number: str = Field("", max_length=40)


class MessageOut(Schema):
    id: int
    subject: str
    body: str
    link: str
    created_at: dt.datetime


class EvaluationIn(Schema):
    rating: int = Field(
        ...,
        # "level", the name clients have sent since the first release, is read as well
        validation_alias=AliasChoices("rating", "level"),
        description="5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意 (also read as level)",
    )
    comment: str = Field("", max_length=2000)


class EvaluationOut(Schema):
    rating: int
    comment: str
    rated_at: dt.datetime
    rectification_id: int | None


class RectificationOut(Schema):
    id: int
    case_number: str = Field(..., alias="case.number")
    item: str = Field(..., alias="case.item.name")
    department: CodeRef
    status: str
    rating: int = Field(..., alias="evaluation.rating")
    comment: str = Field(..., alias="evaluation.comment")
    opened_at: dt.datetime
    due_date: dt.date
    due_provisional: bool = Field(
        ..., description="Counted through a year with no official schedule (weekdays)"
    )
    result: str
    follow_up_at: dt.datetime | None
    follow_up_note: str
    closed_at: dt.datetime | None


class CloseIn(Schema):
    result: str = Field("", max_length=2000)
    follow_up_at: dt.datetime | None = None
    follow_up_note: str = Field("", max_length=2000)


class CaseFilter(Schema):
    q: str = Field("", max_length=60)
    status: str = ""
    item_code: str = Field("", max_length=40)
    department_code: str = Field("", max_length=32)
    deadline: str = Field("", description="on_time, warning or overdue")
    channel: str = ""
    open_only: bool = False
    submitted_from: dt.date | None = None
    submitted_to: dt.date | None = None


class CountOut(Schema):
    key: str
    label: str
    cases: int


class RatesOut(Schema):
    cases: int
    open: int
    overdue_open: int
    warning_open: int
    concluded: int
    on_time_rate: float | None
    mean_working_days: float | None
    online_share: float | None
    ratings: int
    satisfaction_rate: float | None


class BoardRow(Schema):
    department_code: str
    department: str
    open: int
    warning: int
    overdue: int


# --- 督办: supervision notices (urges) -----------------------------------------------------

# a key as large as a database column holds (larger: 422, not an overflow)
UrgeId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class UrgeIn(Schema):
    message: str = Field(..., max_length=1000, description="What the department should do")
    reply_by: dt.date | dt.datetime | None = Field(
        None,
        description=(
            "When the department answers by: an aware time (2026-12-08T18:00:00+08:00) or a "
            "day (its end, 18:00 in Wuxi); default the end of the second working day"
        ),
    )


class UrgeAnswerIn(Schema):
    answer: str = Field(..., max_length=2000, description="What the department did")


class UrgeCloseIn(Schema):
    note: str = Field("", max_length=2000)


class UrgeFilter(Schema):
    status: str = Field("", description="open (awaiting an answer), answered or closed")
    overdue: bool = Field(False, description="Awaiting an answer past the answer-by time")
    department_code: str = Field("", max_length=32)
    q: str = Field("", max_length=60, description="Part of a case number")


class UrgeOut(Schema):
    id: int
    case_number: str = Field(..., alias="case.number")
    item: str = Field(..., alias="case.item.name")
    department: CodeRef
    issued_at: dt.datetime
    issued_by: str
    case_state: str = Field(..., description="The case's deadline state when urged")
    case_due_date: dt.date
    message: str
    reply_by: dt.datetime
    reply_by_provisional: bool
    status: str = Field(..., description="open (awaiting an answer), answered or closed")
    overdue: bool = Field(False, description="Awaiting an answer past its answer-by time")
    answer: str
    answered_at: dt.datetime | None
    answered_by: str | None = None
    closed_at: dt.datetime | None
    close_note: str
    actions: list[str] = Field([], description="What you may do to it now")

    @staticmethod
    def resolve_issued_by(obj):
        return obj.issued_by.display_name

    @staticmethod
    def resolve_answered_by(obj):
        return obj.answered_by.display_name if obj.answered_by_id else None

    @staticmethod
    def resolve_overdue(obj):
        from .selectors.urges import urge_overdue

        return urge_overdue(obj)

    @staticmethod
    def resolve_actions(obj, context):
        from onething.core.apiutils import actor

        from .selectors.urges import urge_actions

        return urge_actions(actor(context["request"]), obj)
