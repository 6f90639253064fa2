from .cards import CardStatus, HonourCard, IssuanceBatch
from .certificates import Certificate, SigningKey
from .ledger import LedgerEntry, PoolTopUp, SubsidyPool, Swipe
from .registry import Honoree, HonoreeStatus, HonoreeStatusChange, HonourLevel
from .settlement import Reconciliation, Settlement, SettlementStatus
from .venues import Benefit, BenefitKind, Gate, Operator, OperatorKind, Tariff, Venue

__all__ = [
    "Benefit",
    "BenefitKind",
    "CardStatus",
    "Certificate",
    "Gate",
    "Honoree",
    "HonoreeStatus",
    "HonoreeStatusChange",
    "HonourCard",
    "HonourLevel",
    "IssuanceBatch",
    "LedgerEntry",
    "Operator",
    "OperatorKind",
    "PoolTopUp",
    "Reconciliation",
    "Settlement",
    "SettlementStatus",
    "SigningKey",
    "SubsidyPool",
    "Swipe",
    "Tariff",
    "Venue",
]
