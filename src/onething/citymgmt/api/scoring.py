"""The JSON API of 新街·吴韵 scoring (under ``/api/citymgmt/``): a score from a scoring
device (``Authorization: Bearer sp_…``, the device's own token) or a signed-in resident;
the published criteria and weights (public); the staff's list of scores and the review of
flagged ones; an inspector's check; the months (closed by the city's office; public) and a
street's monthly scores (public)."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router
from ninja.pagination import paginate
from ninja.responses import Status
from ninja.security import HttpBearer

from onething.core.apiutils import actor, session_auth, token_auth
from onething.core.errors import PermissionDenied, Unauthenticated, ValidationFailed
from onething.core.pagination_api import CityPagination
from onething.core.permissions import ANONYMOUS, in_parts
from onething.core.schema import Schema
from onething.core.signin import client_address

from ..models import ScoringMonth, ScoringPoint, StreetInspection, StreetMonth, StreetScore
from ..rules.scoring import (
    CHANNEL_LABELS,
    COMPLAINT_PENALTY,
    MARK_MAX,
    MARK_MIN,
    PART_LABELS,
    SCORE_STATUS_LABELS,
    WEIGHTS,
    effective_weights,
    flag_label,
    parse_month,
    published_rules,
)
from ..selectors import scoring as selectors
from ..services import scoring as services

router = Router(tags=["city management"])

Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]
IdempotencyKey = Header(None, alias="Idempotency-Key", description="A retry gets the first score")


class ScoringPointAuth(HttpBearer):
    """A scoring device's own token (``sp_…``), found by its keyed hash; an unknown one
    401, a device out of service 403. Any other bearer token is left to the accounts'
    sign-in (a resident's API token), then the session."""

    def authenticate(self, request: HttpRequest, token: str):
        if not token.startswith(selectors.TOKEN_PREFIX):
            return None
        point = selectors.point_signing_in(token)
        if point is None:
            raise Unauthenticated(_("This scoring device token is not known."))
        if not point.is_active:
            raise PermissionDenied(
                _("Scoring point %(c)s is not in service.") % {"c": point.code},
                code="point_retired",
            )
        return point


POINT_AUTH = ScoringPointAuth()


# ---------------------------------------------------------------- shapes


class StreetScoreIn(Schema):
    street: Text = Field(
        "", max_length=40, description="The street's code (a signed-in resident; a device: its own)"
    )
    marks: Any = Field(
        ..., description='Every published criterion, 1–5: {"sanitation": 4, "traffic_order": 5, …}'
    )
    voter: Text = Field(
        "", max_length=64, description="A device: the resident id it read (optional)"
    )
    comment: Text = Field("", description="At most 300 characters")


class StreetScoreOut(Schema):
    id: int
    street: str = Field(..., description="The street's code")
    street_name: str
    channel: str = Field(..., description="device | qr | web")
    day: dt.date
    marks: dict[str, int]
    average: float = Field(..., description="The mean mark, 1–5")
    status: str = Field(..., description="counted | flagged (waits for review) | rejected")
    status_label: str
    flag_reason: str = Field(..., description="outlier | address | '' (see the guide)")
    flag_label: str
    comment: str
    has_photo: bool
    created_at: dt.datetime
    reviewed_at: dt.datetime | None

    @staticmethod
    def resolve_street(obj: StreetScore) -> str:
        return obj.street.code

    @staticmethod
    def resolve_street_name(obj: StreetScore) -> str:
        return obj.street.name

    @staticmethod
    def resolve_average(obj: StreetScore) -> float:
        return obj.average_centi / 100

    @staticmethod
    def resolve_status_label(obj: StreetScore) -> str:
        return str(SCORE_STATUS_LABELS.get(obj.status, obj.status))

    @staticmethod
    def resolve_flag_label(obj: StreetScore) -> str:
        return flag_label(obj.flag_reason) if obj.flag_reason else ""

    @staticmethod
    def resolve_has_photo(obj: StreetScore) -> bool:
        return bool(obj.photo)


class ScoreFilter(Schema):
    status: Text = Field("", max_length=10, description="counted | flagged | rejected")
    street: Text = Field("", max_length=40, description="A street's code")


class ScoreReviewIn(Schema):
    action: Text = Field(..., max_length=10, description="accept | reject")
    note: Text = Field("", description="At most 300 characters")


class ScoringCriterionOut(Schema):
    code: str
    name: str
    description: str


class ScoringWeightOut(Schema):
    part: str = Field(..., description="residents | inspections | complaints")
    label: str
    weight: int = Field(..., description="Percent of the monthly score")


class ScoringRulesOut(Schema):
    criteria: list[ScoringCriterionOut]
    marks: dict[str, int] = Field(..., description='{"min": 1, "max": 5}')
    weights: list[ScoringWeightOut]
    complaint_penalty: int = Field(
        ..., description="Points off the complaints part (out of 100) per 12345 complaint"
    )
    rules: str = Field(..., description="The rules in words, as the pages publish them")


class StreetInspectionIn(Schema):
    street: Text = Field(..., max_length=40, description="The street's code")
    mark: Any = Field(..., description="0–100")
    findings: Text = Field("", description="At most 500 characters")
    day: dt.date | None = Field(None, description="Default today; never in the future")


class StreetInspectionOut(Schema):
    id: int
    street: str
    street_name: str
    day: dt.date
    mark: int
    findings: str
    created_at: dt.datetime

    @staticmethod
    def resolve_street(obj: StreetInspection) -> str:
        return obj.street.code

    @staticmethod
    def resolve_street_name(obj: StreetInspection) -> str:
        return obj.street.name


class ScoringMonthOut(Schema):
    month: str = Field(..., description="YYYY-MM")
    closed_at: dt.datetime
    streets: int

    @staticmethod
    def resolve_month(obj: ScoringMonth) -> str:
        return f"{obj.month:%Y-%m}"


class ScoringStreetMonthOut(Schema):
    month: str = Field(..., description="YYYY-MM")
    street: str
    street_name: str
    resident_count: int = Field(..., description="Residents' scores counted")
    resident_mean: float | None = Field(..., description="Their mean mark, 1–5")
    inspection_count: int
    inspection_mark: int | None = Field(..., description="The checks' mean mark, 0–100")
    complaint_count: int = Field(..., description="12345 complaints naming the street")
    weights: dict[str, float] = Field(
        ..., description="The weights used (percent), rescaled to 100 over the parts present"
    )
    score: float = Field(..., description="The combined score out of 100")

    @staticmethod
    def resolve_month(obj: StreetMonth) -> str:
        return f"{obj.month:%Y-%m}"

    @staticmethod
    def resolve_street(obj: StreetMonth) -> str:
        return obj.street.code

    @staticmethod
    def resolve_street_name(obj: StreetMonth) -> str:
        return obj.street.name

    @staticmethod
    def resolve_resident_mean(obj: StreetMonth) -> float | None:
        return None if obj.resident_centi is None else obj.resident_centi / 100

    @staticmethod
    def resolve_weights(obj: StreetMonth) -> dict[str, float]:
        return {k: round(float(v), 2) for k, v in effective_weights(obj.weights).items()}

    @staticmethod
    def resolve_score(obj: StreetMonth) -> float:
        return obj.score_centi / 100


class ScoringMonthTableOut(ScoringMonthOut):
    rows: list[ScoringStreetMonthOut]


class ScoringPointIn(Schema):
    street: Text = Field(..., max_length=40)
    code: Text = Field(..., max_length=40, description="Letters, digits, - and _")
    kind: Text = Field(..., max_length=8, description="device | qr")
    place: Text = Field("", description="Where it stands, at most 100 characters")
    installed_on: dt.date | None = None


class ScoringPointOut(Schema):
    code: str
    street: str
    kind: str
    kind_label: str
    place: str
    token: str | None = Field(
        None, description="A device's token (sp_…): shown this once, keep it on the device"
    )


# ---------------------------------------------------------------- endpoints


@router.get("/criteria", response=ScoringRulesOut, auth=None, summary="The published criteria")
def criteria(request):
    """The criteria residents score (1–5 each) and the published weights of the monthly
    street score (public)."""
    return {
        "criteria": [c.__dict__ for c in selectors.criteria_active()],
        "marks": {"min": MARK_MIN, "max": MARK_MAX},
        "weights": [
            {"part": part, "label": str(PART_LABELS[part]), "weight": weight}
            for part, weight in WEIGHTS.items()
        ],
        "complaint_penalty": COMPLAINT_PENALTY,
        "rules": published_rules(),
    }


@router.post("/scores", response={201: StreetScoreOut}, auth=[POINT_AUTH, token_auth, session_auth])
def submit_score(request, payload: StreetScoreIn, idempotency_key: str | None = IdempotencyKey):
    """评议: a scoring device (``Bearer sp_…``; the street is its own, ``voter`` the resident
    id it read) or a signed-in resident (``street``). Every criterion's mark 1–5 (422 naming
    ``marks.<code>``); a second score the same day 409 ``already_scored_today``; a device or
    an address over its rate 429 with ``Retry-After``. An outlier is stored ``flagged``. A
    retry with the same ``Idempotency-Key`` answers the first score."""
    point = request.auth if isinstance(request.auth, ScoringPoint) else None
    score = services.score_submit(
        actor=ANONYMOUS if point is not None else actor(request),
        point=point,
        street_code=payload.street,
        marks=payload.marks,
        voter=payload.voter,
        comment=payload.comment,
        address=None if point is not None else client_address(request),  # a device's: not counted
        idempotency_key=idempotency_key,
    )
    return Status(201, score)


@router.get("/scores", response=list[StreetScoreOut])
@paginate(CityPagination)
def list_scores(request, filters: Query[ScoreFilter]):
    """The scores you may see (the city-management office: its region's; a street's
    managing department: its streets'), newest first."""
    who = actor(request)
    values = filters.dict()
    return in_parts(
        who,
        lambda part: selectors.scores_list(
            who, status=values["status"], street_code=values["street"], part=part
        ),
    )


@router.post("/scores/{score_id}/review", response=StreetScoreOut)
def review_score(request, score_id: int, payload: ScoreReviewIn):
    """复核 (the city-management office): ``accept`` a flagged score (it counts) or
    ``reject`` it. A score not flagged 409; another district's 404."""
    return services.score_review(
        actor=actor(request), score_id=score_id, action=payload.action, note=payload.note
    )


@router.post("/inspections", response={201: StreetInspectionOut})
def record_inspection(request, payload: StreetInspectionIn):
    """巡查考评 (grid inspectors): a street of your grid, a mark 0–100; one a street a day."""
    inspection = services.inspection_record(
        actor=actor(request),
        street_code=payload.street,
        mark=payload.mark,
        findings=payload.findings,
        day=payload.day,
    )
    return Status(201, inspection)


@router.get("/inspections", response=list[StreetInspectionOut])
@paginate(CityPagination)
def list_inspections(request):
    """The checks you may see (an inspector: their own), newest first."""
    who = actor(request)
    return in_parts(who, lambda part: selectors.inspections_list(who, part=part))


@router.get("/months", response=list[ScoringMonthOut], auth=None)
@paginate(CityPagination)
def list_months(request):
    """The closed months, newest first (public)."""
    return selectors.months_list()


def _month(text: str) -> dt.date:
    month = parse_month(text)
    if month is None:
        raise ValidationFailed.one("month", "format", _("A month is written YYYY-MM."))
    return month


@router.get("/months/{month}", response=ScoringMonthTableOut, auth=None)
def get_month(request, month: Text):
    """A closed month's streets, best first (public)."""
    closing = selectors.month_get(_month(month))
    closing.rows = list(selectors.month_table(closing.month))
    return closing


@router.post("/months/{month}/close", response={201: ScoringMonthOut})
def close_month(request, month: Text):
    """Close a month (the city's city-management office): every street with any data gets
    its monthly score. Not over yet 409 ``month_not_over``; twice 409 ``month_closed``."""
    return Status(201, services.month_close(actor=actor(request), month=_month(month)))


@router.get("/streets/{code}/months", response=list[ScoringStreetMonthOut], auth=None)
@paginate(CityPagination)
def street_months(request, code: Text):
    """A street's monthly scores, newest first (public)."""
    return selectors.street_months(code)


@router.post("/scoring-points", response={201: ScoringPointOut})
def register_point(request, response: HttpResponse, payload: ScoringPointIn):
    """A scoring point at a street (its district's city-management office): a ``device``
    gets its token, answered this once; a ``qr`` sign leads to ``/city/score/<code>/``."""
    point, token = services.scoring_point_register(
        actor=actor(request),
        street_code=payload.street,
        code=payload.code,
        kind=payload.kind,
        place=payload.place,
        installed_on=payload.installed_on,
    )
    return Status(
        201,
        {
            "code": point.code,
            "street": point.street.code,
            "kind": point.kind,
            "kind_label": str(CHANNEL_LABELS[point.kind]),
            "place": point.place,
            "token": token,
        },
    )
