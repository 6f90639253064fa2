"""Shared parking (错时共享车位): the register and the car parks' setting (``setup``), plate
registrations (``registrations``), the gates' entry and exit events (``gates``, with the
statements of their hot path in ``statements``) and the overstays (``overstays``)."""

from .answers import GateEventAnswer, StayAnswer, gate_event_clean
from .gates import gate_event
from .overstays import overstays_flag
from .registrations import plate_register, registration_review, registration_revoke
from .setup import (
    gate_register,
    gate_token_issue,
    lot_register,
    shared_parking_setup,
    term_add,
)

__all__ = [
    "GateEventAnswer",
    "StayAnswer",
    "gate_event",
    "gate_event_clean",
    "gate_register",
    "gate_token_issue",
    "lot_register",
    "overstays_flag",
    "plate_register",
    "registration_review",
    "registration_revoke",
    "shared_parking_setup",
    "term_add",
]
