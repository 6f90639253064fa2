"""What every part of the institute's API shares: a text without NUL characters
(PostgreSQL cannot store one: 422, not 500; each field states its own bound), the
``Idempotency-Key`` header of a create a client may retry, and the inputs of a move that
takes a note or a reason (the services check their length and whether one is needed)."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Header

from onething.core.schema import Schema

Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]
IdempotencyKey = Header(
    None, alias="Idempotency-Key", description="A retry with the same key gets the first answer"
)
NOTE_BOUND = 1000  # what the schema takes; the services say the rule (200, 300)


class TrainingNoteIn(Schema):
    note: Text = Field("", max_length=NOTE_BOUND, description="A note of the move (≤ 200)")


class TrainingReasonIn(Schema):
    reason: Text = Field("", max_length=NOTE_BOUND, description="Why (≤ 200; some moves need one)")
