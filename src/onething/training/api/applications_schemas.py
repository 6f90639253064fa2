"""The shapes of the applications API: what a student sends, an application as a list row
and as a whole (its files, interviews, timeline, the moves one may make), the screening,
scores, answers and the selection."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.urls import reverse
from ninja import Field

from onething.core.schema import Schema

from ...core.permissions import Actor
from ..models import Application
from ..rules.applications import action_label
from ..rules.statuses import APPLICATION_STATUS_LABELS, DEGREE_LABELS, label
from ..selectors import applications as selectors
from .common import Text

Number = Annotated[str, Field(max_length=20, pattern=r"^[^\x00]*$")]
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class TrainingApplicationIn(Schema):
    """A student's application (a multipart form, with the files ``transcript`` and
    ``cv``). Every field is checked by the service, every problem at once."""

    university: str = Field(
        "", max_length=20, description="The university's id (GET /universities)"
    )
    major: str = Field("", max_length=200)
    degree: str = Field("", max_length=20, description="undergraduate, master or doctorate")
    graduation_year: str = Field("", max_length=10, description="e.g. 2026")
    first_track: str = Field("", max_length=30, description="A track code of the cohort")
    second_track: str = Field("", max_length=30, description="Another track code, or empty")
    statement: str = Field("", max_length=5000, description="Personal statement (≤ 2000)")


class TrainingApplicationFilter(Schema):
    cohort: Text = Field("", max_length=30, description="A cohort's code")
    status: Text = Field("", max_length=14, description="submitted, screened, … (see docs)")
    track: Text = Field("", max_length=30, description="A track code (chosen or offered)")
    university: int | None = Field(None, ge=1, le=2**63 - 1, description="A university's id")


class TrainingApplicationOut(Schema):
    number: str
    cohort: str = Field(..., alias="cohort.code")
    cohort_name: str = Field(..., alias="cohort.name")
    student: str = Field(..., alias="person.name")
    status: str
    status_label: str
    university_id: int
    university: str = Field(..., alias="university.name")
    major: str
    degree: str
    degree_label: str
    graduation_year: int
    first_track: str = Field(..., alias="first_track.code")
    second_track: str | None
    track: str | None = Field(None, description="The track a place was offered in")
    score: str | None = Field(None, description="The mean of the interview scores")
    wait_rank: int | None = Field(None, description="Place on the waiting list (1 = next)")
    submitted_at: dt.datetime
    screened_at: dt.datetime | None
    offered_at: dt.datetime | None
    offer_deadline: dt.datetime | None = Field(None, description="Answer the offer by")
    answered_at: dt.datetime | None

    @staticmethod
    def resolve_status_label(obj: Application) -> str:
        return label(APPLICATION_STATUS_LABELS, obj.status)

    @staticmethod
    def resolve_degree_label(obj: Application) -> str:
        return label(DEGREE_LABELS, obj.degree)

    @staticmethod
    def resolve_second_track(obj: Application) -> str | None:
        return obj.second_track.code if obj.second_track_id else None

    @staticmethod
    def resolve_track(obj: Application) -> str | None:
        return obj.track.code if obj.track_id else None

    @staticmethod
    def resolve_score(obj: Application) -> str | None:
        return str(obj.score) if obj.score is not None else None


class TrainingApplicationFileOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int
    url: str


class TrainingInterviewOut(Schema):
    interviewer: str
    score: str
    note: str
    held_at: dt.datetime


class TrainingApplicationStepOut(Schema):
    action: str
    action_label: str
    status: str
    at: dt.datetime
    note: str


class TrainingApplicationDetailOut(TrainingApplicationOut):
    statement: str
    screening_note: str
    credits_transfer: bool = Field(
        ...,
        alias="api_credits_transfer",
        description="The university has an agreement valid on the cohort's first day",
    )
    waiting_position: int | None = Field(
        None, alias="api_waiting_position", description="Where it waits now (1 = next)"
    )
    files: list[TrainingApplicationFileOut] = Field(..., alias="api_files")
    interviews: list[TrainingInterviewOut] = Field(
        ..., alias="api_interviews", description="The staff only"
    )
    steps: list[TrainingApplicationStepOut] = Field(..., alias="api_steps")
    moves: list[str] = Field(..., alias="api_moves", description="What you may do now")


def application_detail(actor: Actor, application: Application) -> Application:
    """The application with what its whole shape adds, for the one who asks."""
    application.api_files = [
        {
            "id": f.pk,
            "kind": f.kind,
            "name": f.name,
            "content_type": f.content_type,
            "size": f.size,
            "url": reverse("api:get_training_application_file", args=[application.number, f.pk]),
        }
        for f in application.files.all()
    ]
    application.api_interviews = [
        {
            "interviewer": i.interviewer.display_name,
            "score": str(i.score),
            "note": i.note,
            "held_at": i.held_at,
        }
        for i in selectors.interviews_of(actor, application)
    ]
    application.api_steps = [
        {
            "action": s.action,
            "action_label": action_label(s.action),
            "status": s.status,
            "at": s.at,
            "note": s.note,
        }
        for s in application.steps.all()
    ]
    application.api_credits_transfer = selectors.credits_transfer(application)
    application.api_waiting_position = selectors.waiting_position(application)
    application.api_moves = selectors.application_moves(actor, application)
    return application


class TrainingScoreIn(Schema):
    score: str | int | float | None = Field(None, description="0 to 100, one decimal at most")
    note: str = Field("", max_length=1000)


class TrainingSelectionIn(Schema):
    places: int | None = Field(
        None, ge=1, le=1_000_000, description="Offers to make now (default: every free place)"
    )


class TrainingSelectionOut(Schema):
    cohort: str
    capacity: int
    taken: int = Field(..., description="Places offered (not yet answered) or accepted")
    free: int
    offered: list[str] = Field(..., description="Numbers offered a place now, in rank order")
    waiting: list[str] = Field(..., description="The waiting list, in order")


class TrainingSelectionOverviewOut(Schema):
    cohort: str
    capacity: int
    taken: int
    free: int
    by_status: dict[str, int]
    candidates: int = Field(..., description="Interviewed or waiting applications ranked")
    would_offer: int = Field(..., description="Offers a selection would make now")
    would_wait: int


class TrainingImportOut(Schema):
    imported: int


class TrainingWaitingClosedOut(Schema):
    not_selected: int
