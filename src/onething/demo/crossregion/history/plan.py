"""The schedule of the demo history, pure (no database): from the plan table and the
alliance as it stood each day, which cases come in when, through which towns and modes,
and the times of every step that follows. Deterministic for a given seed."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from onething.core.generate import chinese_name, item_by_category, resident_id
from onething.core.workdays import OfficialCalendar, add_working_days
from onething.crossregion.rules import AllianceState

SHANGHAI = ZoneInfo("Asia/Shanghai")
HUDAI, XUEYAN, WANSHI = "320211102", "320412114", "320282107"


@dataclass(frozen=True)
class Row:
    """One line of the plan: the cases submitted from ``first`` to ``last``, the share
    applied for online (of the cases whose item and towns allow it), the share of
    walk-ins started within 10 minutes, and the share of the walk-ins for another town
    whose item allows 高效协同 that are decided at home instead, the other town checking
    the data."""

    first: dt.date
    last: dt.date
    cases: int
    online: float
    quick_start: float
    collaborative: float = 0.0


@dataclass(frozen=True)
class ItemFacts:
    """What the schedule needs to know of an item (read from the catalogue)."""

    code: str
    category: str
    instant: bool
    promised_days: int
    enterprise: bool  # applied for by an enterprise (at the window, with its credit code)
    online: bool  # offered online at all
    paper_originals: bool  # some material travels on paper: never online
    online_towns: frozenset[str]  # towns whose handling department a centre serves online


@dataclass
class CaseSpec:
    seq: int
    key: str
    day: dt.date
    item: str
    mode: str
    receiving: str
    handling: str
    partner: str = ""  # 高效协同: the town checking the data (handling = receiving)
    name: str = ""  # the walk-in (online: a resident of the receiving town applies)
    id_number: str = ""
    ticket: str = ""  # queue ticket number; "" = the clerk's start click
    delivery: str = "window"
    outcome: str = "approved"
    check_result: str = ""  # 高效协同: the partner's answer
    correction: bool = False
    events: list[tuple[dt.datetime, str]] = field(default_factory=list)
    open_at: str = ""  # the first step not taken yet (a case still open on the demo's today)

    def when(self, step: str) -> dt.datetime | None:
        return next((at for at, name in self.events if name == step), None)

    def taken(self, cutoff: dt.datetime) -> list[tuple[dt.datetime, str]]:
        """The steps taken by ``cutoff``; none if the case had not come in by then."""
        if self.when("intake") > cutoff:
            return []
        steps = [name for _at, name in self.events]
        stop = steps.index(self.open_at) if self.open_at in steps else len(steps)
        return [(at, name) for at, name in self.events[:stop] if at <= cutoff]


# Walk-ins come less in the weeks of the Spring Festival and more before the year's end.
MONTH_WEIGHT = {1: 0.75, 2: 0.45, 3: 1.0, 4: 1.0, 5: 1.0, 6: 1.05}
MONTH_WEIGHT.update({7: 1.0, 8: 0.95, 9: 1.05, 10: 0.8, 11: 1.15, 12: 1.2})
# The pairs: 胡埭 and 雪堰 share thousands of daily commuters; 万石 is further away.
PAIRS = {
    (HUDAI, XUEYAN): 3.0,
    (XUEYAN, HUDAI): 3.0,
    (HUDAI, WANSHI): 1.2,
    (WANSHI, HUDAI): 1.1,
    (XUEYAN, WANSHI): 0.6,
    (WANSHI, XUEYAN): 0.5,
}
CATEGORY_WEIGHT = {
    "business": 1.0,
    "social-security": 1.3,
    "medical-insurance": 1.3,
    "tax": 0.6,
    "livelihood": 0.6,
}
JOINT_SHARE = 0.35  # of the cases whose item allows a joint case
DENIED, CORRECTED = 0.035, 0.06
LOOKBACK = dt.timedelta(days=30)  # the cases still open came in at most this long ago


def _workdays(first: dt.date, last: dt.date, cal: OfficialCalendar) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        if cal.is_workday(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _at(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=SHANGHAI) + dt.timedelta(
        minutes=minutes
    )


def _minutes(rng: random.Random, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(minutes=rng.randrange(low, high), seconds=rng.randrange(60))


def _office_minute(rng: random.Random) -> int:
    """A minute of the office day, 8:40–11:40 or 13:30–16:40 (a lunch-time lull)."""
    if rng.random() < 0.6:
        return rng.randrange(8 * 60 + 40, 11 * 60 + 40)
    return rng.randrange(13 * 60 + 30, 16 * 60 + 40)


def _choose_item(
    rng: random.Random, state: AllianceState, items: dict[str, ItemFacts], day: dt.date
) -> str:
    codes = [c for c in items if state.modes_on(c, day) is not None]
    return item_by_category(rng, codes, {c: items[c].category for c in codes}, CATEGORY_WEIGHT)


def _choose_mode(
    rng: random.Random, row: Row, facts: ItemFacts, modes: frozenset[str], handling: str
) -> str:
    if "joint" in modes and rng.random() < JOINT_SHARE:
        return "joint"
    online_ok = (
        "online" in modes
        and facts.online
        and not facts.enterprise
        and not facts.paper_originals
        and handling in facts.online_towns
    )
    if online_ok and rng.random() < row.online:
        return "online"
    return "proxy" if "proxy" in modes else "online"


def schedule(
    plan: tuple[Row, ...],
    state: AllianceState,
    items: dict[str, ItemFacts],
    seed: int,
    cal: OfficialCalendar | None = None,
    *,
    key_prefix: str = "xrh-",
) -> list[CaseSpec]:
    """Every case of the plan with the times of its steps, in the order they came in, each
    step in the order it happened."""
    cal = cal or OfficialCalendar()
    rng = random.Random(seed)
    specs: list[CaseSpec] = []
    seen: set[str] = set()
    for row in plan:
        days = _workdays(row.first, row.last, cal)
        if not days:
            continue
        picked = sorted(rng.choices(days, [MONTH_WEIGHT[d.month] for d in days], k=row.cases))
        for day in picked:
            pairs = [p for p in PAIRS if all(state.member_on(t, day) for t in p)]
            receiving, handling = rng.choices(pairs, [PAIRS[p] for p in pairs])[0]
            code = _choose_item(rng, state, items, day)
            facts = items[code]
            modes = state.modes_on(code, day)
            mode, partner = _choose_mode(rng, row, facts, modes, handling), ""
            collaborative = random.Random(f"{seed}-collaborative-{len(specs)}").random()
            if mode == "proxy" and "collaborative" in modes and collaborative < row.collaborative:
                mode, partner, handling = "collaborative", handling, receiving
            spec = CaseSpec(
                seq=len(specs) + 1,
                key=f"{key_prefix}{len(specs) + 1:04d}",
                day=day,
                item=code,
                mode=mode,
                receiving=receiving,
                handling=handling,
                partner=partner,
            )
            _fill(rng, spec, row, facts, cal)
            while spec.id_number in seen or not spec.id_number:
                spec.id_number, spec.name = resident_id(rng), chinese_name(rng)
            seen.add(spec.id_number)
            spec.events.sort()
            specs.append(spec)
    return specs


def hold(
    specs: list[CaseSpec],
    still_open: tuple[tuple[str, int, str, str], ...],
    cutoff: dt.datetime,
    items: dict[str, ItemFacts],
    seed: int,
    cal: OfficialCalendar | None = None,
) -> None:
    """Leave the latest cases (of the last LOOKBACK) open where they stand on the demo's
    today: for each (step, how many, item, handling town), the latest cases that could have
    reached that step stop before it (``request_correction``: waiting for a correction).
    With an item named, the latest cases are made applications for that item handled in
    that town (through the proxy mode) first."""
    cal = cal or OfficialCalendar()
    recent = cutoff - LOOKBACK
    free = [s for s in reversed(specs) if recent <= s.when("intake") <= cutoff]
    for step, count, code, town, *how in still_open:
        fits = [s for s in free if _can_stop(s, step, cutoff, cal)]
        if code:
            mode = how[0] if how else "proxy"
            fits = [_retarget(s, code, town, items[code], seed, cal, mode) for s in free]
            fits = [s for s in fits if s.receiving != town and _can_stop(s, step, cutoff, cal)]
        for spec in fits[:count]:
            if step == "request_correction":
                accepted = spec.when("accept")
                asked = _at(add_working_days(accepted.date(), 1, cal).date, 10 * 60)
                spec.events = [
                    e
                    for e in spec.events
                    if e[0] <= accepted or "handoff" in e[1] or "check" in e[1]
                ]
                spec.events += [(asked, "request_correction"), (asked, "submit_correction")]
                spec.correction, step_ = True, "submit_correction"
            else:
                step_ = "decide_lead" if step == "conclude" and spec.mode == "joint" else step
            spec.open_at = step_
            spec.events.sort()
            specs[spec.seq - 1] = spec
            free = [s for s in free if s.seq != spec.seq]


def _retarget(
    spec: CaseSpec,
    code: str,
    town: str,
    facts: ItemFacts,
    seed: int,
    cal: OfficialCalendar,
    mode: str = "proxy",
) -> CaseSpec:
    """The same walk-in, applying for ``code`` handled in ``town`` instead (a copy); for
    高效协同, decided at home with ``town`` checking the data."""
    if mode == "collaborative":
        other = replace(
            spec,
            item=code,
            handling=spec.receiving,
            partner=town,
            mode=mode,
            ticket="",
            events=[],
        )
    else:
        other = replace(spec, item=code, handling=town, mode=mode, ticket="", events=[])
    row = Row(spec.day, spec.day, 1, online=0.0, quick_start=1.0)
    _fill(random.Random(f"{seed}-{spec.seq}-{code}"), other, row, facts, cal)
    other.events.sort()
    return other


def _can_stop(spec: CaseSpec, step: str, cutoff: dt.datetime, cal: OfficialCalendar) -> bool:
    steps = [name for _at, name in spec.events]
    if step == "check_answer":
        return "check_answer" in steps and spec.when("check_request") <= cutoff
    if step == "handoff_receive":
        return "handoff_receive" in steps and spec.when("handoff_send") <= cutoff
    if step == "request_correction":
        accepted = spec.when("accept")
        return (
            spec.mode != "joint"
            and not spec.correction
            and _at(add_working_days(accepted.date(), 1, cal).date, 10 * 60) <= cutoff
        )
    if step == "conclude":
        last = spec.when("handoff_receive") or spec.when("accept")
        return last <= cutoff
    return step in steps


def _fill(
    rng: random.Random, spec: CaseSpec, row: Row, facts: ItemFacts, cal: OfficialCalendar
) -> None:
    """The outcome and the times of each step of one case."""
    spec.outcome = "denied" if rng.random() < DENIED else "approved"
    spec.correction = spec.mode != "joint" and rng.random() < CORRECTED
    add = spec.events.append
    day = spec.day
    if spec.mode == "online":
        spec.delivery = "electronic"
        submitted = _at(day, rng.randrange(7 * 60, 22 * 60 + 30))
        add((submitted, "intake"))
        later = rng.random() < 0.5 or submitted.hour >= 16
        accept_day = add_working_days(day, 1, cal).date if later else day
        accepted = max(submitted, _at(accept_day, rng.randrange(9 * 60, 11 * 60 + 30)))
        accepted += dt.timedelta(minutes=rng.randrange(5, 40))
    else:
        spec.delivery = rng.choices(["window", "post", "electronic"], [0.65, 0.2, 0.15])[0]
        if rng.random() < 0.8:
            spec.ticket = f"{'ABC'[rng.randrange(3)]}{rng.randrange(1, 120):03d}"
        arrived = _at(day, _office_minute(rng))
        if rng.random() < row.quick_start:
            submitted = arrived + _minutes(rng, 2, 6)
            accepted = submitted + _minutes(rng, 1, 4)
        else:
            submitted = arrived + _minutes(rng, 4, 14)
            accepted = submitted + _minutes(rng, 8, 45)
        spec.events.append((arrived, "arrive"))
        add((submitted, "intake"))
    add((accepted, "accept"))
    ready = accepted
    if spec.mode in ("proxy", "joint") and facts.paper_originals:
        prepared = submitted + dt.timedelta(minutes=rng.randrange(6, 20))
        send_day = day if prepared.hour < 16 else add_working_days(day, 1, cal).date
        sent = max(prepared, _at(send_day, 16 * 60 + 20 + rng.randrange(30)))
        received = _at(add_working_days(send_day, rng.choice([1, 1, 2]), cal).date, 9 * 60 + 30)
        received += dt.timedelta(minutes=rng.randrange(90))
        add((prepared, "handoff_create"))
        add((sent, "handoff_send"))
        add((received, "handoff_receive"))
        ready = received
    if spec.mode == "collaborative":  # the partner town checks its records in the case
        asked = accepted + dt.timedelta(minutes=rng.randrange(5, 40))
        answer_day = add_working_days(asked.date(), rng.choice([0, 1, 1, 1, 2, 2, 3]), cal).date
        answered = max(
            asked + dt.timedelta(minutes=20), _at(answer_day, rng.randrange(9 * 60, 17 * 60))
        )
        add((asked, "check_request"))
        add((answered, "check_answer"))
        spec.check_result = "mismatch" if spec.outcome == "denied" else "confirmed"
        ready = answered
    if spec.correction:
        asked = _at(add_working_days(ready.date(), 1, cal).date, 10 * 60 + rng.randrange(300))
        resubmitted = _at(add_working_days(asked.date(), rng.randrange(1, 5), cal).date, 9 * 60)
        resubmitted += dt.timedelta(minutes=rng.randrange(420))
        add((asked, "request_correction"))
        add((resubmitted, "submit_correction"))
        ready = resubmitted
    if facts.instant:
        wait = rng.choice([0, 0, 0, 1]) if ready.hour < 15 else 1
    else:
        wait = rng.randrange(1, max(2, facts.promised_days - 1))
    close_day = add_working_days(ready.date(), wait, cal).date
    concluded = max(
        ready + dt.timedelta(minutes=30), _at(close_day, rng.randrange(10 * 60, 17 * 60))
    )
    if spec.mode == "joint":
        add((concluded - dt.timedelta(minutes=rng.randrange(5, 25)), "decide_lead"))
        add((concluded, "decide_partner"))
    else:
        add((concluded, "conclude"))
    if spec.outcome == "approved" and spec.delivery in ("window", "post"):
        handed = _at(add_working_days(close_day, rng.randrange(1, 4), cal).date, 9 * 60)
        add((handed + dt.timedelta(minutes=rng.randrange(450)), "hand_over"))
