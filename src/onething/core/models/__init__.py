from .accounts import ApiToken, Role, User
from .audit import AuditChainHead, AuditEntry
from .calendar import WorkdayScheduleDay, WorkdayScheduleYear
from .declarations import AgencyDeclaration
from .directory import DirectoryLevel, DirectoryUnit
from .idempotency import IdempotencyRecord
from .messages import Message
from .numbering import NumberCounter
from .organisations import Department, DepartmentKind, ServiceCenter, Window
from .parties import Agency, Agent, Enterprise, Person
from .regions import Region, RegionLevel
from .signing import SigningKey, SigningPurpose

__all__ = [
    "Agency",
    "AgencyDeclaration",
    "Agent",
    "ApiToken",
    "AuditChainHead",
    "AuditEntry",
    "Department",
    "DepartmentKind",
    "DirectoryLevel",
    "DirectoryUnit",
    "Enterprise",
    "IdempotencyRecord",
    "Message",
    "NumberCounter",
    "Person",
    "Region",
    "RegionLevel",
    "Role",
    "ServiceCenter",
    "SigningKey",
    "SigningPurpose",
    "User",
    "Window",
    "WorkdayScheduleDay",
    "WorkdayScheduleYear",
]
