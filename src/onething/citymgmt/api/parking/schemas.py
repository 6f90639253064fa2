"""The shapes of shared parking's API: what a gate sends and is answered, the public
register and a car park's status, the use, the stays and the plate registrations."""

import datetime as dt
from typing import Annotated

from ninja import Field

from onething.core.numbers import yuan_amount
from onething.core.schema import Schema

from ...rules.parking import DAY_KIND_LABELS, GROUP_LABELS, REGISTRATION_STATUS_LABELS, window_hours
from ...rules.parking_plan import SHANGHAI
from ...selectors import parking as selectors

Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ParkingEventIn(Schema):
    event_id: str = Field(..., max_length=64, description="The gate's own id of the event")
    kind: str = Field(..., max_length=10, description="entry or exit")
    plate: str = Field(..., max_length=40, description="The plate read, e.g. 苏B12345")
    at: str = Field(..., max_length=40, description="When (ISO 8601, with its offset)")


class ParkingStayAnswerOut(Schema):
    id: int
    entered_at: dt.datetime
    allowed_until: dt.datetime | None = Field(
        None, description="Until when its window allowed it (null: no end)"
    )
    exited_at: dt.datetime | None = Field(None, description="An exit's answer only")
    minutes: int | None = Field(None, description="An exit's answer only")
    fee_fen: int | None = Field(None, description="An exit's answer only: the fee due")
    overstayed: bool | None = Field(None, description="An exit's answer only")


class ParkingEventOut(Schema):
    event_id: str
    kind: str
    plate: str = Field(..., description="The plate, normalised")
    at: dt.datetime
    group: str = Field(..., description="Counted as: parent, resident or public")
    group_label: str
    window: str | None = Field(None, description="The window counted under (null: none)")
    stay: ParkingStayAnswerOut | None = Field(
        None, description="The stay opened (entry) or closed (exit); null: no open stay"
    )
    replaced_stay: bool = Field(
        ..., description="An entry closed a stay of the plate still open (exited unseen)"
    )
    unmatched: bool = Field(..., description="An exit found no open stay (counted)")


class ParkingLotOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    district: str = Field(..., alias="district.name")
    address: str
    spaces: int
    opened_on: dt.date | None
    networked_on: dt.date | None


class ParkingLotFilter(Schema):
    kind: Text = Field("", max_length=12, description="on_street, off_street or shared")
    district: Text = Field("", max_length=12, description="The district's code")


class ParkingWindowOut(Schema):
    name: str
    group: str
    group_label: str
    days: str
    days_label: str
    starts: str
    ends: str
    hours: str = Field(..., description="As shown: 19:00–次日07:00")
    fee_fen_per_hour: int
    fee_yuan_per_hour: str


class ParkingSchoolDayOut(Schema):
    day: dt.date
    school: bool = Field(..., description="A working day (official calendar) in a term")
    workday: bool
    in_term: bool
    provisional: bool = Field(..., description="The year's schedule is not published yet")


class ParkingSegmentOut(Schema):
    starts: str
    ends: str
    group: str
    group_label: str
    window: str | None


class SharedParkingOut(Schema):
    lot: str
    name: str
    host: str
    district: str
    address: str
    spaces: int
    occupied: int = Field(..., description="Cars in now (live)")
    public_fee_fen_per_hour: int
    grace_minutes: int
    now_group: str = Field(..., description="Whom the car park is for right now")
    now_group_label: str
    now_window: str | None
    today: ParkingSchoolDayOut
    windows: list[ParkingWindowOut]
    timeline: list[ParkingSegmentOut] = Field(..., description="Today, midnight to midnight")


def shared_parking_body(status: selectors.PublicStatus) -> dict:
    """A shared car park's public status as the API and the page's poll answer it."""
    parking, day = status.parking, status.school_day
    windows = [
        {
            "name": w.name,
            "group": w.group,
            "group_label": str(GROUP_LABELS[w.group]),
            "days": w.days,
            "days_label": str(DAY_KIND_LABELS[w.days]),
            "starts": f"{w.starts:%H:%M}",
            "ends": f"{w.ends:%H:%M}",
            "hours": window_hours(w.starts, w.ends),
            "fee_fen_per_hour": w.fee_fen_per_hour,
            "fee_yuan_per_hour": f"{yuan_amount(w.fee_fen_per_hour):.2f}",
        }
        for w in status.windows
    ]
    midnight = dt.datetime.combine(status.today, dt.time(), tzinfo=SHANGHAI)
    timeline = [
        {
            "starts": f"{s.start:%H:%M}",
            "ends": "24:00" if s.end - midnight >= dt.timedelta(days=1) else f"{s.end:%H:%M}",
            "group": s.group,
            "group_label": str(GROUP_LABELS[s.group]),
            "window": s.window.name if s.window else None,
        }
        for s in status.timeline
    ]
    return {
        "lot": parking.lot.code,
        "name": parking.lot.name,
        "host": parking.host,
        "district": parking.lot.district.name,
        "address": parking.lot.address,
        "spaces": status.spaces,
        "occupied": status.occupied,
        "public_fee_fen_per_hour": parking.public_fee_fen_per_hour,
        "grace_minutes": parking.grace_minutes,
        "now_group": status.now_group,
        "now_group_label": str(GROUP_LABELS[status.now_group]),
        "now_window": status.now_window.name if status.now_window else None,
        "today": {
            "day": day.day,
            "school": day.school,
            "workday": day.workday,
            "in_term": day.in_term,
            "provisional": day.provisional,
        },
        "windows": windows,
        "timeline": timeline,
    }


class ParkingUseRowOut(Schema):
    window: str
    group: str
    group_label: str
    entries: int
    minutes: int
    hours: float
    overstays: int
    fees_fen: int
    unmatched_exits: int = Field(..., description="Exits seen with no open stay")


class ParkingUseOut(Schema):
    lot: str
    date_from: dt.date = Field(..., alias="from")
    date_to: dt.date = Field(..., alias="to")
    rows: list[ParkingUseRowOut]
    entries: int
    fees_fen: int


class ParkingUseFilter(Schema):
    date_from: dt.date | None = Field(None, alias="from", description="First day (local)")
    date_to: dt.date | None = Field(None, alias="to", description="Last day (local)")


class ParkingStayOut(Schema):
    id: int
    lot: str = Field(..., alias="parking.lot.code")
    plate: str
    group: str
    window: str | None = Field(None, alias="window.name")
    entered_at: dt.datetime
    exited_at: dt.datetime | None
    exited_unseen: bool = Field(..., description="Closed by a later entry, its exit not seen")
    allowed_until: dt.datetime | None
    overstayed: bool
    fee_fen: int

    @staticmethod
    def resolve_exited_unseen(stay) -> bool:
        return stay.exited_at is not None and stay.exit_id is None


class ParkingStayFilter(Schema):
    lot: Text = Field("", max_length=40)
    open: bool | None = Field(None, description="1: cars still in; 0: stays ended")
    overstayed: bool | None = Field(None, description="1: flagged overstays")
    plate: Text = Field("", max_length=40)
    group: Text = Field("", max_length=10)
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class PlateRegistrationIn(Schema):
    lot: Text = Field(..., max_length=40, description="The shared car park's lot code")
    plate: Text = Field(..., max_length=40)
    group: Text = Field(..., max_length=10, description="parent or resident")
    holder_name: Text = Field(..., max_length=50)
    holder_phone: Text = Field(..., max_length=30, description="Stored encrypted, shown masked")
    proof_note: Text = Field("", max_length=200)


class PlateRegistrationOut(Schema):
    id: int
    lot: str = Field(..., alias="parking.lot.code")
    host: str = Field(..., alias="parking.host")
    plate: str
    group: str
    group_label: str = Field(..., alias="get_group_display")
    holder_name: str
    holder_phone: str = Field(..., alias="holder_phone_masked")
    proof_name: str
    proof_note: str
    status: str
    status_label: str
    valid_until: dt.date | None
    review_note: str
    reviewed_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_status_label(registration) -> str:
        return str(REGISTRATION_STATUS_LABELS[registration.status])


class PlateRegistrationFilter(Schema):
    lot: Text = Field("", max_length=40)
    status: Text = Field("", max_length=10, description="pending, approved, refused, revoked")
    group: Text = Field("", max_length=10)
    plate: Text = Field("", max_length=40)


class PlateReviewIn(Schema):
    decision: str = Field(..., max_length=10, description="approve or refuse")
    valid_until: dt.date | None = Field(None, description="An approval's end (null: none)")
    reason: Text = Field("", max_length=200, description="Required to refuse")


class PlateRevokeIn(Schema):
    reason: Text = Field("", max_length=200, description="Required of staff")


class PlatePhoneOut(Schema):
    id: int
    holder_phone: str = Field(..., description="The full number; this read is audited")
