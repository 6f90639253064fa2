from .cards import CardStatus, HonourCard, IssuanceBatch
from .certificates import Certificate
from .ledger import LedgerEntry, PoolTopUp, SubsidyPool, Swipe
from .registry import Honoree, HonoreeStatus, HonoreeStatusChange, HonourLevel
from .settlement import Reconciliation, Settlement, SettlementStatus
from .tallies import LedgerTally, RideTally
from .venues import (
    Benefit,
    BenefitKind,
    FundedBy,
    Gate,
    Operator,
    OperatorKind,
    PriorityService,
    Tariff,
    Venue,
)

__all__ = [
    "Benefit",
    "BenefitKind",
    "CardStatus",
    "Certificate",
    "FundedBy",
    "Gate",
    "Honoree",
    "HonoreeStatus",
    "HonoreeStatusChange",
    "HonourCard",
    "HonourLevel",
    "IssuanceBatch",
    "LedgerEntry",
    "LedgerTally",
    "Operator",
    "OperatorKind",
    "PoolTopUp",
    "PriorityService",
    "Reconciliation",
    "RideTally",
    "Settlement",
    "SettlementStatus",
    "SubsidyPool",
    "Swipe",
    "Tariff",
    "Venue",
]
