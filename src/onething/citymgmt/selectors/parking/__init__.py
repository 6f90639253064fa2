"""Shared parking as each caller may see it: the public register of lots and shared car
parks (windows, today's school-day status, live occupancy), a car park's setting as the
gates' events are counted by (cached reference data), the gate behind a token, and the
records — plate registrations, stays, use per window and group — scoped to the
city-management office, the car park's managing department and the region's supervisors
(a citizen: their own registrations)."""

from .records import (
    MAX_USE_DAYS,
    PHONE_LABEL,
    STAFF,
    UseRow,
    gates_of,
    managed_parkings,
    may_review,
    my_registrations,
    parking_managed,
    parking_use,
    registration_get,
    registration_phone_reveal,
    registrations_list,
    review_queue,
    stays_list,
    use_span,
)
from .register import (
    GATE_CACHE_TTL,
    GATE_TOKEN_LABEL,
    GATE_TOKEN_PREFIX,
    GateCaller,
    PublicStatus,
    Setting,
    gate_signing_in,
    gate_token_digest,
    lots_list,
    occupancy,
    parking_setting,
    public_status,
    shared_parking_get,
)

__all__ = [
    "GATE_CACHE_TTL",
    "GATE_TOKEN_LABEL",
    "GATE_TOKEN_PREFIX",
    "MAX_USE_DAYS",
    "PHONE_LABEL",
    "STAFF",
    "GateCaller",
    "PublicStatus",
    "Setting",
    "UseRow",
    "gate_signing_in",
    "gate_token_digest",
    "gates_of",
    "lots_list",
    "managed_parkings",
    "may_review",
    "my_registrations",
    "occupancy",
    "parking_managed",
    "parking_setting",
    "parking_use",
    "public_status",
    "registration_get",
    "registration_phone_reveal",
    "registrations_list",
    "review_queue",
    "shared_parking_get",
    "stays_list",
    "use_span",
]
