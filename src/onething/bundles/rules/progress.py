"""The progress of a run, pure: which steps start, which stop, whether the run is concluded
or stopped, why a step may not conclude yet; elapsed time against relay time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .graph import StepSpec, ancestors


def ready_to_start(spec: StepSpec, approved: set[str]) -> bool:
    return all(dep in approved for dep in spec.after)


def concluding_blocked_by(
    spec: StepSpec,
    approved: set[str],
    milestone_reached: bool,
    milestone: str,
    names: Mapping[str, str] | None = None,
) -> list[str]:
    """Why the step may not conclude yet (empty when it may); ``names``: each step's key
    with the name a person reads (its item's), so that no key shows."""
    names = names or {}
    reasons = [
        _("Step %(d)s has not been approved yet.") % {"d": names.get(dep, dep)}
        for dep in spec.concludes_after
        if dep not in approved
    ]
    if spec.waits_for_milestone and not milestone_reached:
        reasons.append(
            _("This step concludes after “%(m)s”.") % {"m": milestone or _("the milestone")}
        )
    return reasons


@dataclass(frozen=True)
class Timing:
    elapsed: dt.timedelta | None
    relay: dt.timedelta
    saving: dt.timedelta | None


def timing(
    started: dt.datetime,
    ended: dt.datetime | None,
    handled: Sequence[tuple[dt.datetime, dt.datetime]],
) -> Timing:
    """Elapsed time of the run, next to the relay time: the sum of its steps' handling times
    (submission to conclusion), as if they had run one after the other (接力跑)."""
    relay = sum((end - start for start, end in handled), dt.timedelta())
    elapsed = (ended - started) if ended else None
    return Timing(elapsed, relay, (relay - elapsed) if elapsed is not None else None)


@dataclass
class Plan:
    """What to do with a run after a step changed (computed, then applied by services)."""

    start: list[str] = field(default_factory=list)
    stop: list[str] = field(default_factory=list)
    concluded: bool = False
    stopped: bool = False


def progress(specs: Mapping[str, StepSpec], statuses: Mapping[str, str]) -> Plan:
    """Given each step's status, which waiting steps start now, which waiting or started
    steps stop (they depend, directly or not, on a denied step; steps that do not depend on
    it go on), and whether the run is concluded or stopped."""
    plan = Plan()
    approved = {k for k, s in statuses.items() if s == "approved"}
    denied = {k for k, s in statuses.items() if s == "denied"}
    for key, spec in specs.items():
        status = statuses.get(key)
        if status in ("waiting", "started") and ancestors(specs, key) & denied:
            plan.stop.append(key)
        elif status == "waiting" and ready_to_start(spec, approved):
            plan.start.append(key)
    plan.stopped = bool(denied)
    plan.concluded = not denied and all(statuses.get(k) == "approved" for k in specs)
    return plan
