"""The public board (personal data masked) and the public figures."""

import datetime as dt

from ninja import Field

from onething.core.schema import Schema

from .common import AppealTypeName, Text


class BoardReplyOut(Schema):
    round: int
    department: str
    text: str
    at: dt.datetime


class BoardEntryOut(Schema):
    number: str
    type: str
    type_label: str
    programme: str
    category: str
    title: str = Field(..., description="Phone and identity numbers masked")
    text: str = Field(..., description="Phone and identity numbers masked")
    requester: str = Field(..., description="Masked")
    region: str
    received_at: dt.datetime
    status: str
    status_label: str
    department: str
    replies: list[BoardReplyOut] = Field(..., description="The public replies only")
    rating: int | None


class BoardFilter(Schema):
    q: Text = Field("", max_length=60)
    programme: Text = Field("", max_length=30)
    type: AppealTypeName | None = None


class FiguresFilter(Schema):
    date_from: dt.date | None = Field(None, description="Received on or after")
    date_to: dt.date | None = Field(None, description="Received on or before")
    programme: Text = Field("", max_length=30)
    type: AppealTypeName | None = None
    region: Text = Field("", max_length=12, description="Region code (and below)")


class Rates(Schema):
    total: int
    closed: int
    replied: int
    on_time: int
    overdue_open: int
    rated: int
    satisfied: int
    completion_rate: float | None = Field(..., description="办结率: % of the received closed")
    on_time_rate: float | None = Field(
        ...,
        description="按时回复率: % replied by the due date (open appeals past it count as late)",
    )
    satisfaction_rate: float | None = Field(..., description="% rated 3 or better")
    average_reply_days: float | None = Field(..., description="Working days to the first reply")
    concluded_on_time: int = Field(
        ..., description="Closed, the concluding (last round's) reply by the due date in force"
    )
    concluded_late: int = Field(
        ...,
        description="Closed with the concluding reply after the due date, or still open "
        "past the due date at the period's end (today at the latest)",
    )
    on_time_conclusion_rate: float | None = Field(
        ...,
        description="按时办结率: concluded_on_time / (concluded_on_time + concluded_late), %; "
        "open appeals not yet due and replies waiting for the rating do not count",
    )


class FigureRow(Rates):
    key: str
    label: str


class AppealFiguresOut(Schema):
    filters: FiguresFilter
    overall: Rates
    by_type: list[FigureRow]
    by_channel: list[FigureRow]
    by_programme: list[FigureRow]
    by_department: list[FigureRow]
