"""What the parking pages share: who works on them and the marks of a registration and a
stay. (Their lists are read by cursor: web.listing.cursor_list_page, in templates
extending citymgmt/parking/list.html.)"""

from __future__ import annotations

from django.utils.translation import gettext as _

from onething.core.models import Role
from onething.web.display import Mark

from ...models import ParkingStay, PlateRegistration
from ...rules.parking import APPROVED, PENDING, REGISTRATION_STATUS_LABELS

STAFF = (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)
STATUS_KINDS = {PENDING: "open", APPROVED: "closed"}


def registration_mark(registration: PlateRegistration) -> Mark:
    return Mark(
        REGISTRATION_STATUS_LABELS[registration.status],
        STATUS_KINDS.get(registration.status, "overdue"),
    )


def stay_mark(stay: ParkingStay) -> Mark | str:
    """超时 for an overstay; 在场 for a car still in; 未见离场 for one closed by a later entry."""
    if stay.overstayed:
        return Mark(_("Overstayed"), "overdue")
    if stay.exited_at is None:
        return Mark(_("In"), "open")
    if stay.exit_id is None:
        return Mark(_("Exit not seen"), "warning")
    return ""
