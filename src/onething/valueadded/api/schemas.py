"""The shapes of the value-added services' API (names start with ``ValueAdded`` so that
they stay unique in the OpenAPI document). The contact's phone leaves masked only; its full
value through the audited reveal."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Header

from onething.core.apiutils import actor
from onething.core.schema import Schema

from ..rules.catalogue import category_label, provider_kind_label
from ..rules.requests import outcome_label, status_label, step_label
from ..selectors import request_actions, request_deadline

Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]
Code = Annotated[str, Field(max_length=40, pattern=r"^[^\x00]*$")]
Number = Annotated[str, Field(max_length=40, pattern=r"^[^\x00]*$")]
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]
IdempotencyKey = Header(
    None, alias="Idempotency-Key", description="A retry with the same key gets the first answer"
)
BOUND = 5000  # what a schema takes of a text; the services say each field's own limit


# ---------------------------------------------------------------- the catalogue


class ValueAddedProviderOut(Schema):
    code: str
    name: str
    kind: str = Field(..., description="city (a department) or partner (an enterprise)")
    kind_label: str
    department: str | None = Field(None, description="The department's code (city)")
    enterprise: str | None = Field(None, description="The enterprise's name (partner)")
    description: str
    contact: str
    active: bool

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return provider_kind_label(obj.kind)

    @staticmethod
    def resolve_department(obj) -> str | None:
        return obj.department.code if obj.department_id else None

    @staticmethod
    def resolve_enterprise(obj) -> str | None:
        return obj.enterprise.name if obj.enterprise_id else None


class ValueAddedProviderIn(Schema):
    code: Text = Field(..., max_length=BOUND, description="2-32 lower-case letters, digits, -")
    name: Text = Field(..., max_length=BOUND)
    kind: Text = Field(..., max_length=BOUND, description="city or partner")
    department_code: Text = Field("", max_length=BOUND, description="For a city provider")
    enterprise_credit_code: Text = Field(
        "", max_length=BOUND, description="For a partner: a registered enterprise's credit code"
    )
    description: Text = Field("", max_length=BOUND)
    contact: Text = Field("", max_length=BOUND, description="A public contact (phone, address)")


class ValueAddedProviderEditIn(Schema):
    name: Text | None = Field(None, max_length=BOUND)
    description: Text | None = Field(None, max_length=BOUND)
    contact: Text | None = Field(None, max_length=BOUND)
    active: bool | None = None


class ValueAddedServiceOut(Schema):
    code: str
    name: str
    category: str = Field(..., description="financing, legal, ip, recruitment, training, other")
    category_label: str
    provider: str = Field(..., alias="provider.code")
    provider_name: str = Field(..., alias="provider.name")
    description: str
    sizes: list[str] = Field(..., description="Enterprise sizes that may ask (empty: all)")
    industries: list[str] = Field(..., description="Industry words (empty: all)")
    free: bool
    fee_note: str
    response_days: int = Field(..., description="The provider answers within these working days")
    active: bool

    @staticmethod
    def resolve_category_label(obj) -> str:
        return category_label(obj.category)


class ValueAddedServiceFilter(Schema):
    category: Text = Field("", max_length=20)
    provider: Text = Field("", max_length=40, description="A provider's code")
    q: Text = Field("", max_length=100, description="Words of the name or description")


class ValueAddedServiceIn(Schema):
    provider_code: Text = Field(..., max_length=BOUND)
    code: Text = Field(..., max_length=BOUND, description="2-32 lower-case letters, digits, -")
    name: Text = Field(..., max_length=BOUND)
    category: Text = Field(..., max_length=BOUND)
    description: Text = Field(..., max_length=BOUND)
    sizes: list[Text] = Field([], max_length=10, description="micro, small, medium, large")
    industries: list[Text] = Field([], max_length=50)
    free: bool = True
    fee_note: Text = Field("", max_length=BOUND)
    response_days: int = Field(5, ge=-1000, le=1000, description="1 to 30 working days")


class ValueAddedServiceEditIn(Schema):
    name: Text | None = Field(None, max_length=BOUND)
    category: Text | None = Field(None, max_length=BOUND)
    description: Text | None = Field(None, max_length=BOUND)
    sizes: list[Text] | None = Field(None, max_length=10)
    industries: list[Text] | None = Field(None, max_length=50)
    free: bool | None = None
    fee_note: Text | None = Field(None, max_length=BOUND)
    response_days: int | None = Field(None, ge=-1000, le=1000)
    active: bool | None = None


class ValueAddedCategoryFigureOut(Schema):
    code: str
    label: str
    requests: int


class ValueAddedFiguresOut(Schema):
    requests: int
    open: int
    concluded: int
    answered: int = Field(..., description="Accepted or declined")
    on_time: int = Field(..., description="Answered within the promised working days")
    on_time_rate: float | None = Field(None, description="on_time / answered (按时响应率)")
    rated: int
    satisfied: int = Field(..., description="Rated 基本满意 (3) or better")
    satisfaction_rate: float | None
    mean_rating: float | None
    financing_count: int
    financing_fen: int = Field(..., description="Financing reached, in fen")
    categories: list[ValueAddedCategoryFigureOut]


# ---------------------------------------------------------------- requests


class ValueAddedRequestIn(Schema):
    service_code: Text = Field(..., max_length=BOUND)
    subject: Text = Field(..., max_length=BOUND, description="What you need, in a line (≤ 100)")
    details: Text = Field(..., max_length=BOUND, description="≤ 2000 characters")
    contact_name: Text = Field(..., max_length=BOUND)
    contact_phone: Text = Field(
        "", max_length=BOUND, description="Empty: the phone of your account's person on file"
    )


class ValueAddedRequestFilter(Schema):
    status: Text = Field("", max_length=20, description="submitted, accepted, concluded, …")
    category: Text = Field("", max_length=20)
    open_only: bool = False


class ValueAddedQueueFilter(ValueAddedRequestFilter):
    service: Text = Field("", max_length=40, description="A service's code")
    deadline: Text = Field("", max_length=20, description="on_time, warning, overdue, answered")


class ValueAddedRequestOut(Schema):
    number: str
    service: str = Field(..., alias="service.code")
    service_name: str = Field(..., alias="service.name")
    category: str = Field(..., alias="service.category")
    provider: str = Field(..., alias="provider.code")
    provider_name: str = Field(..., alias="provider.name")
    enterprise: str = Field(..., alias="enterprise.name")
    subject: str
    status: str
    status_label: str
    submitted_at: dt.datetime
    due_date: dt.date = Field(..., description="The provider answers by this day")
    due_provisional: bool
    deadline: str = Field(..., description="on_time, warning, overdue or answered")
    answered_at: dt.datetime | None
    answered_on_time: bool | None
    concluded_at: dt.datetime | None
    outcome_kind: str
    outcome_label: str
    amount_fen: int | None
    rating: int | None

    @staticmethod
    def resolve_status_label(obj) -> str:
        return status_label(obj.status)

    @staticmethod
    def resolve_deadline(obj) -> str:
        return request_deadline(obj).state

    @staticmethod
    def resolve_outcome_label(obj) -> str:
        return outcome_label(obj.outcome_kind)


class ValueAddedStepOut(Schema):
    action: str
    label: str
    status_after: str
    at: dt.datetime
    note: str

    @staticmethod
    def resolve_label(obj) -> str:
        return step_label(obj.action)


class ValueAddedAttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class ValueAddedRequestDetailOut(ValueAddedRequestOut):
    """One request with its details, files, timeline and the moves you may make now."""

    details: str
    contact_name: str
    contact_phone: str = Field(..., alias="contact_phone_masked")
    decline_reason: str
    withdraw_reason: str
    outcome: str
    rating_comment: str
    rated_at: dt.datetime | None
    attachments: list[ValueAddedAttachmentOut]
    steps: list[ValueAddedStepOut]
    actions: list[str] = Field(..., description="accept, decline, conclude, withdraw, rate")

    @staticmethod
    def resolve_attachments(obj):
        return list(obj.attachments.all())

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        request = (context or {}).get("request")
        return request_actions(actor(request), obj) if request is not None else []


class ValueAddedNoteIn(Schema):
    note: Text = Field("", max_length=BOUND, description="≤ 500 characters")


class ValueAddedReasonIn(Schema):
    reason: Text = Field("", max_length=BOUND, description="≤ 500 characters")


class ValueAddedConcludeIn(Schema):
    outcome_kind: Text = Field(
        ..., max_length=BOUND, description="financing, advice, filed, referred, trained, …"
    )
    outcome: Text = Field(..., max_length=BOUND, description="What was done (≤ 1000)")
    amount_fen: int | None = Field(
        None, ge=-(2**62), le=2**62, description="For a financing reached: the amount in fen"
    )


class ValueAddedRateIn(Schema):
    rating: int = Field(..., ge=-1000, le=1000, description="5 非常满意 … 1 非常不满意")
    comment: Text = Field("", max_length=BOUND, description="≤ 500 characters")


class ValueAddedContactOut(Schema):
    number: str
    contact_phone: str
