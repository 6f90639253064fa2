"""Appeals in and out: intake, the list's filters and rows, the detail as its actor sees it
(contact phone masked), and the bodies of the flow's actions."""

import datetime as dt
from decimal import Decimal

from ninja import Field

from onething.core.permissions import visible
from onething.core.ratings import rating_label
from onething.core.schema import CodeRef, RegionRef, Schema

from ..models import Project, Supervision
from ..selectors import appeal_timeline, deadline_info
from .actions import appeal_actions, request_actor
from .common import (
    AppealTypeName,
    ChannelName,
    DeadlineFilter,
    Id,
    QueueName,
    StatusName,
    Text,
    UrgencyName,
)

EMAIL = r"^$|^[^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+$"


class AppealIn(Schema):
    """An appeal (诉求 / 建议 / 咨询 / 投诉). The service checks every field at once and
    answers one 422 listing each problem."""

    type: AppealTypeName = Field(
        ..., description="demand 诉求, suggestion 建议, inquiry 咨询, complaint 投诉"
    )
    category: Text = Field(
        ..., max_length=40, description="A category code (GET /appeal-categories)"
    )
    title: Text = Field(..., description="At most 100 characters")
    text: Text = Field(..., description="5 to 2000 characters")
    urgency: UrgencyName = "normal"
    channel: ChannelName | None = Field(
        None,
        description="Default: platform for enterprise staff, web for citizens, hotline for "
        "dispatchers, visit for officers",
    )
    programme: Text = Field("", max_length=30, description="wunanshi or weixingfu")
    region: Text = Field("", max_length=12, description="Region code (default: the requester's)")
    address: Text = ""
    latitude: Decimal | None = Field(None, description="WGS-84 degrees, within the city")
    longitude: Decimal | None = Field(None, description="WGS-84 degrees, within the city")
    contact_name: Text = ""
    contact_phone: Text = Field("", max_length=30, description="Stored encrypted, shown masked")
    contact_email: str = Field(
        "", max_length=254, pattern=EMAIL, description="An e-mail (user@host.domain)"
    )
    enterprise_id: Id | None = Field(None, description="Staff filing for an enterprise")
    person_id: Id | None = Field(None, description="Staff filing for a person")
    policy_id: Id | None = Field(None, description="The policy an inquiry is about")
    publish: bool = Field(True, description="May the answer go on the public board?")


class AppealFilter(Schema):
    status: StatusName | None = None
    type: AppealTypeName | None = None
    channel: ChannelName | None = None
    programme: Text = Field("", max_length=30)
    department: Text = Field("", max_length=32, description="Department code")
    category: Text = Field("", max_length=40, description="Category code (and below)")
    deadline: DeadlineFilter | None = Field(None, description="Open appeals overdue or near due")
    q: Text = Field("", max_length=60, description="In the number, title or text")
    queue: QueueName | None = Field(
        None, description="dispatch: waiting for a dispatcher; inbox: your department's"
    )


class DeadlineOut(Schema):
    due: dt.date = Field(..., description="The last working day to reply")
    provisional: bool = Field(..., description="Counted through a year with no official schedule")
    state: str = Field(..., description="answered, overdue, warning or on_time")
    days_left: int = Field(..., description="Working days after today up to the due date")


class AppealOut(Schema):
    """An appeal in a list, or the answer to an action on it."""

    number: str
    type: str
    channel: str
    urgency: str
    programme: CodeRef | None
    category: CodeRef
    title: str
    region: RegionRef
    department: CodeRef | None = Field(None, description="The responsible department")
    status: str
    round: int = Field(..., description="2 after an unsatisfied rating reopened it")
    received_at: dt.datetime
    deadline: DeadlineOut
    replied_at: dt.datetime | None
    closed_at: dt.datetime | None
    rating: int | None = Field(None, description="The last follow-up rating, 1 to 5")

    @staticmethod
    def resolve_deadline(obj):
        return deadline_info(obj)


class ReplyOut(Schema):
    round: int
    department: CodeRef
    text: str
    public: bool
    at: dt.datetime


class FollowUpOut(Schema):
    round: int
    rating: int
    rating_label: str
    comment: str
    by_requester: bool
    at: dt.datetime

    @staticmethod
    def resolve_rating_label(obj):
        return rating_label(obj.rating)


class AppealEventOut(Schema):
    at: dt.datetime
    kind: str
    actor: str = Field(..., alias="actor_label")
    department: CodeRef | None
    note: str
    public: bool


class PhotoOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class MilestoneOut(Schema):
    stage: str
    stage_label: str
    planned_on: dt.date | None
    done_on: dt.date | None
    note: str

    @staticmethod
    def resolve_stage_label(obj):
        return obj.get_stage_display()


class ProjectOut(Schema):
    id: int
    appeal: str = Field(..., alias="appeal.number")
    name: str
    budget_fen: int | None = Field(None, description="In fen (0.01 yuan)")
    created_at: dt.datetime
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_milestones(obj):
        return list(obj.milestones.all())


class SupervisionRefOut(Schema):
    batch_id: int
    batch_number: int = Field(..., alias="batch.number")
    batch_title: str = Field(..., alias="batch.title")
    batch_deadline: dt.date = Field(..., alias="batch.deadline")
    note: str
    added_at: dt.datetime


class PolicyRef(Schema):
    id: int
    title: str


class AppealDetailOut(AppealOut):
    """Everything about one appeal its actor may see; the contact phone masked (its full
    value only through the audited ``/contact``)."""

    type_label: str = Field(..., alias="get_type_display")
    status_label: str = Field(..., alias="get_status_display")
    policy: PolicyRef | None
    text: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    person: str | None = Field(None, alias="person.name")
    enterprise: str | None = Field(None, alias="enterprise.name")
    contact_name: str
    contact_phone: str = Field(..., alias="contact_phone_masked")
    contact_email: str
    publish: bool
    first_replied_at: dt.datetime | None
    replied_on_time: bool | None
    reply_working_days: int | None
    replies: list[ReplyOut]
    follow_ups: list[FollowUpOut]
    photos: list[PhotoOut]
    timeline: list[AppealEventOut]
    project: ProjectOut | None
    supervisions: list[SupervisionRefOut]
    actions: list[str] = Field(..., description="What you may do to it now")

    @staticmethod
    def resolve_replies(obj):
        return list(obj.replies.select_related("department"))

    @staticmethod
    def resolve_follow_ups(obj):
        return list(obj.follow_ups.all())

    @staticmethod
    def resolve_photos(obj):
        return [
            {
                "id": p.pk,
                "name": p.name,
                "content_type": p.content_type,
                "size": p.size,
                "url": f"/api/appeals/{obj.number}/photos/{p.pk}",
            }
            for p in obj.photos.all()
        ]

    @staticmethod
    def resolve_timeline(obj, context):
        return list(appeal_timeline(request_actor(context), obj))

    @staticmethod
    def resolve_project(obj, context):
        return Project.objects.filter(appeal=obj).first()

    @staticmethod
    def resolve_supervisions(obj, context):
        return list(
            visible(request_actor(context), Supervision.objects.filter(appeal=obj)).select_related(
                "batch"
            )
        )

    @staticmethod
    def resolve_actions(obj, context):
        return appeal_actions(request_actor(context), obj)


class ContactOut(Schema):
    number: str
    contact_phone: str = Field(..., description="The full number; this read is audited")


class DispatchIn(Schema):
    department: Text = Field(..., max_length=32, description="Department code")
    note: Text = Field("", max_length=300)


class AppealReasonIn(Schema):
    reason: Text = Field("", description="Why (required; at most 300 characters)")


class ReplyIn(Schema):
    text: Text = Field(..., description="The answer (at most 2000 characters)")
    public: bool = Field(True, description="May go on the public board (if the requester allows)")


class FollowUpIn(Schema):
    rating: int = Field(
        ...,
        ge=1,
        le=5,
        description="5 非常满意, 4 满意, 3 基本满意, 2 不满意 (reopens once), 1 非常不满意",
    )
    comment: Text = Field("", max_length=500)


class ExtensionIn(Schema):
    working_days: int = Field(..., ge=1, le=30, description="Extra working days")
    reason: Text = Field(..., description="Why more time is needed (at most 300 characters)")


class DecisionIn(Schema):
    approve: bool
    note: Text = Field("", max_length=300)


class ExtensionOut(Schema):
    id: int
    appeal: str = Field(..., alias="appeal.number")
    appeal_title: str = Field(..., alias="appeal.title")
    department: CodeRef | None = Field(None, alias="appeal.department")
    working_days: int
    reason: str
    requested_by: str = Field(..., alias="requested_by.username")
    requested_at: dt.datetime
    status: str = Field(..., description="pending, approved or refused")
    decided_at: dt.datetime | None
    decision_note: str
    new_due_date: dt.date | None
