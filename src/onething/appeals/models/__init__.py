from .appeals import (
    PHONE_LABEL,
    Appeal,
    AppealChannel,
    AppealEvent,
    AppealPhoto,
    AppealStatus,
    AppealType,
    Extension,
    ExtensionStatus,
    FollowUp,
    Reply,
    Urgency,
)
from .directory import Category, Open311Key, Programme, RoutingRule, TimeLimit
from .policies import Policy
from .supervision import MilestoneStage, Project, ProjectMilestone, Supervision, SupervisionBatch
from .tallies import AppealDueTally, AppealTally

__all__ = [
    "PHONE_LABEL",
    "Appeal",
    "AppealChannel",
    "AppealDueTally",
    "AppealEvent",
    "AppealPhoto",
    "AppealStatus",
    "AppealTally",
    "AppealType",
    "Category",
    "Extension",
    "ExtensionStatus",
    "FollowUp",
    "MilestoneStage",
    "Open311Key",
    "Policy",
    "Programme",
    "Project",
    "ProjectMilestone",
    "Reply",
    "RoutingRule",
    "Supervision",
    "SupervisionBatch",
    "TimeLimit",
    "Urgency",
]
