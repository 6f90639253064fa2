"""Overstays: the stays still open past their window's end plus the car park's grace are
flagged (``overstayed``) and counted in the use of their day, window and group — run every
5 minutes (``python -m onething citymgmt_flag_overstays``, docs/deploy.md). An exit after
the grace that the run has not flagged yet is flagged by the exit itself; a stay is
counted once either way (both lock it)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.permissions import SYSTEM, Actor
from onething.core.services.audit import audit_record

from ...models import ParkingStay, SharedParking
from ...rules.parking_plan import SHANGHAI
from .gates import use_add

CHUNK = 500  # stays flagged in one transaction
NOTED = 50  # plates named in the run's audit entry


def overstays_flag(
    *, now: dt.datetime | None = None, actor: Actor = SYSTEM, chunk: int = CHUNK
) -> int:
    """Flag every open stay past ``allowed_until`` + grace as of ``now``; how many. In
    transactions of at most ``chunk`` stays, found through the index of open stays by
    their end and locked with SKIP LOCKED (a stay being closed right now is the exit's);
    one audit entry for the run."""
    now = now or clock.now()
    count, plates = 0, []
    for parking_id, grace in SharedParking.objects.values_list("id", "grace_minutes"):
        cutoff = now - dt.timedelta(minutes=grace)
        while True:
            with transaction.atomic():
                due = list(
                    ParkingStay.objects.select_for_update(skip_locked=True)
                    .filter(
                        parking_id=parking_id,
                        exited_at__isnull=True,
                        overstayed=False,
                        allowed_until__lt=cutoff,
                    )
                    .order_by("allowed_until", "pk")
                    .values_list("pk", "plate", "entered_at", "window_id", "group")[:chunk]
                )
                if not due:
                    break
                ParkingStay.objects.filter(pk__in=[d[0] for d in due]).update(overstayed=True)
                keys = Counter(
                    (parking_id, entered.astimezone(SHANGHAI).date(), window_id, group)
                    for _pk, _plate, entered, window_id, group in due
                )
                for key, n in sorted(keys.items(), key=lambda kv: str(kv[0])):
                    use_add(key, overstays=n)
            count += len(due)
            plates += [d[1] for d in due][: NOTED - len(plates)]
            if len(due) < chunk:
                break
    if count:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="parking_stay.flag_overstays",
                subject=("citymgmt.parkingstay", "overstays"),
                after={"count": count, "plates": plates},
                note=_("Stays flagged as overstays: %(n)s.") % {"n": count},
            )
    return count
