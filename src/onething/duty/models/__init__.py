"""Night duty's records: a town's monthly duty roster (值班表) and its nights, and the
leaders' night visits (夜访) with the demands residents raised (each an appeal)."""

from .rosters import DutyNight, DutyRoster
from .visits import NightVisit, VisitDemand

__all__ = ["DutyNight", "DutyRoster", "NightVisit", "VisitDemand"]
