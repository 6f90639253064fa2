"""What the appeals' schemas share: the enumerations as Literal
types, so a bad value answers 422 naming the field and the choices."""

from typing import Annotated, Literal

from ninja import Field

AppealTypeName = Literal["demand", "suggestion", "inquiry", "complaint"]
UrgencyName = Literal["normal", "urgent"]
ChannelName = Literal["platform", "web", "hotline", "visit", "open311"]
StatusName = Literal["received", "dispatched", "returned", "handling", "replied", "closed"]
DeadlineFilter = Literal["overdue", "warning"]
QueueName = Literal["dispatch", "inbox"]
StageName = Literal["approval", "tender", "construction", "completion"]
SizeName = Literal["micro", "small", "medium", "large"]

MAX_ID = 2**63 - 1  # the largest key a database column holds
# An identifier: a whole number a database key can be (larger ones answer 422, not 500).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Text without NUL characters (PostgreSQL cannot store them: 422, not 500).
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]
