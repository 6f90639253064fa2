"""The latest cases of the history held open where they stand on the demo's today, so the
inboxes and the supervision board show live work: running in warning or overdue, waiting
for a correction. Pure (no database), deterministic."""

from __future__ import annotations

import datetime as dt

from onething.cases.rules import warning_horizon
from onething.core.workdays import OfficialCalendar

from .plan import KEEP_CLOSED_NEAR_END, LOOKBACK, CaseSpec, Clock, ItemFacts, at_minute

# (what the case waits for, how many): the latest cases held where they stand on the demo's
# today, besides the morning's applications and those whose next step falls after it.
STILL_OPEN = (
    ("warning", 3),  # accepted, due today or the next working day
    ("overdue", 4),  # accepted, due before today, not concluded
    ("correction", 3),  # waiting for the applicant's correction
)


def hold(
    specs: list[CaseSpec],
    items: dict[str, ItemFacts],
    cutoff: dt.datetime,
    cal: OfficialCalendar | None = None,
) -> None:
    """Hold the latest cases open where they stand on the demo's today (see STILL_OPEN). A
    case held in warning is made an application for an item whose promised days end today
    or the next working day (it had only been submitted and accepted by then)."""
    clock = Clock(cal or OfficialCalendar())
    today = cutoff.date()
    horizon = warning_horizon(today, clock.cal)
    recent = [
        s
        for s in reversed(specs)
        if s.submitted() >= cutoff - LOOKBACK
        and s.outcome in ("approved", "denied")
        and not s.correction
        and not s.open_at
        and s.when("accept") is not None
        and s.when("accept") <= cutoff
    ]

    def promised(spec: CaseSpec) -> bool:
        return not items[spec.item].instant

    def due(spec: CaseSpec) -> dt.date:
        return clock.due(spec.when("accept").date(), items[spec.item].promised_days, 0)

    def warning_item(spec: CaseSpec) -> str:
        accepted = spec.when("accept").date()
        # the promised days that fall due from today to the horizon (on a weekend or a
        # holiday, the working days up to today end on a day before it)
        near = range(clock.between(accepted, today), clock.between(accepted, horizon) + 1)
        days = {n for n in near if today <= clock.due(accepted, n, 0) <= horizon}
        fits = sorted(
            c
            for c, f in items.items()
            if not f.instant
            and f.promised_days in days
            and f.category != "tax"
            and c not in KEEP_CLOSED_NEAR_END
        )
        return fits[spec.seq % len(fits)] if fits else ""

    picks = {
        "warning": lambda s: bool(warning_item(s)),
        "overdue": lambda s: promised(s) and due(s) < today,
        "correction": lambda s: promised(s) and s.when("accept") <= cutoff - dt.timedelta(hours=26),
    }
    for what, count in STILL_OPEN:
        for spec in [s for s in recent if picks[what](s)][:count]:
            accepted = spec.when("accept")
            if what == "correction":
                asked = at_minute(clock.add(accepted.date(), 1), 10 * 60)
                if asked > cutoff:
                    asked = accepted + dt.timedelta(hours=1)
                spec.events = [e for e in spec.events if e[0] <= accepted]
                spec.events.append((asked, "request_correction"))
                spec.correction, spec.rating = True, None
            else:
                if what == "warning":
                    spec.item = warning_item(spec)
                spec.open_at, spec.rating = "conclude", None
            recent.remove(spec)
