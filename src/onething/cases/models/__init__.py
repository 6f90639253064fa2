"""The records of cases: the case and what hangs on it (materials, licence, rating,
rectification, the roll-ups), and the supervisors' urges (督办单)."""

from .cases import (
    OPEN_STATUSES,
    Case,
    CaseDueTally,
    CaseStatus,
    CaseTally,
    Channel,
    Delivery,
    Evaluation,
    Licence,
    Material,
    Outcome,
    Rectification,
)
from .urges import CaseUrge, UrgeStatus

__all__ = [
    "OPEN_STATUSES",
    "Case",
    "CaseDueTally",
    "CaseStatus",
    "CaseTally",
    "CaseUrge",
    "Channel",
    "Delivery",
    "Evaluation",
    "Licence",
    "Material",
    "Outcome",
    "Rectification",
    "UrgeStatus",
]
