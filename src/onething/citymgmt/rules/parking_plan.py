"""When a shared car park is whose (错时共享车位), pure: school days, the windows of each
group on a day and at a moment, the group a car is counted under when it enters, and until
when it may stay.

- **A school day** is a day the official calendar says is a working day (holidays off,
  调休 make-up days on: ``core.workdays.OfficialCalendar``) *and* inside one of the host
  school's terms. In a year whose schedule is not published, weekdays count, and the
  answer is *provisional* (shown so).
- **A window** runs ``starts``–``ends`` local time on its ``days`` (school days, days
  without school, every day); an ``ends`` at or before ``starts`` runs past midnight (and
  ``ends == starts``: a whole day). A window that runs past midnight belongs to the day it
  starts on: 春星小学's residents' window 19:00–07:00 of a Friday ends on Saturday 07:00.
- **The public window** covers the times no other window does: at a moment when a
  parents' or residents' window is running, the public window is not in effect, even if
  its own hours cover the moment (a public window of 00:00–00:00 means "the public at
  every other time"). Without a public window in effect, the public still park (a gate
  refuses nobody) at the car park's own hourly fee, with no end.
- **The group a car is counted under** when it enters: of the groups its plate has an
  approved registration for, the one whose window is in effect (parents before
  residents); else the public. A registered plate entering outside every window it is
  registered for is public use, not refused.
- **Until when a stay is allowed**: the end of the window it entered under (that day's);
  for the public, the end of the public window's stretch (where it stops, or another
  group's window begins); none when it entered under no window."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from onething.core.workdays import OfficialCalendar

from .parking import (
    EVERY_DAY,
    NON_SCHOOL_DAYS,
    PARENT,
    PUBLIC,
    RESIDENT,
    SCHOOL_DAYS,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.timedelta(days=1)
# the order a plate's registered groups are tried in when it enters
GROUP_PREFERENCE = (PARENT, RESIDENT)
HORIZON_DAYS = 8  # how far a public stretch is followed before it is taken as endless


@dataclass(frozen=True)
class Window:
    """A window as the rules need it (``id``: the row's, None in tests)."""

    name: str
    group: str
    days: str
    starts: dt.time
    ends: dt.time
    fee_fen_per_hour: int = 0
    id: int | None = None

    @property
    def minutes(self) -> int:
        """How long it runs, in minutes (1440 when ``ends == starts``)."""
        start = self.starts.hour * 60 + self.starts.minute
        end = self.ends.hour * 60 + self.ends.minute
        return end - start if end > start else end - start + 1440

    @property
    def crosses_midnight(self) -> bool:
        return self.ends <= self.starts

    def span(self, day: dt.date, tz: dt.tzinfo = SHANGHAI) -> tuple[dt.datetime, dt.datetime]:
        """When it runs if it runs on ``day`` (aware, ``tz``)."""
        start = dt.datetime.combine(day, self.starts, tzinfo=tz)
        return start, start + dt.timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Term:
    starts_on: dt.date
    ends_on: dt.date
    name: str = ""


@dataclass(frozen=True)
class SchoolDay:
    """Whether ``day`` is a school day: a working day by the official calendar
    (``workday``) inside a term (``in_term``); ``provisional`` when its year has no
    published schedule (weekdays counted)."""

    day: dt.date
    school: bool
    workday: bool
    in_term: bool
    provisional: bool


def school_day(day: dt.date, calendar: OfficialCalendar, terms: tuple[Term, ...]) -> SchoolDay:
    workday = calendar.is_workday(day)
    in_term = any(t.starts_on <= day <= t.ends_on for t in terms)
    return SchoolDay(day, workday and in_term, workday, in_term, calendar.is_provisional(day))


def runs_on(days: str, school: bool) -> bool:
    """Whether a window of ``days`` runs on a day that is (or is not) a school day."""
    if days == EVERY_DAY:
        return True
    if days == SCHOOL_DAYS:
        return school
    return days == NON_SCHOOL_DAYS and not school


@dataclass(frozen=True)
class Running:
    """A window running from ``start`` to ``end`` (one day's instance of it)."""

    window: Window
    start: dt.datetime
    end: dt.datetime

    def holds(self, moment: dt.datetime) -> bool:
        return self.start <= moment < self.end


@dataclass(frozen=True)
class Placement:
    """What a car entering at a moment is counted under: its group, the window (None: the
    public outside every public window) and until when it may stay (None: no end)."""

    group: str
    window: Window | None
    allowed_until: dt.datetime | None

    @property
    def fee_fen_per_hour(self) -> int | None:
        """The window's fee; None when the car park's own public fee applies."""
        return self.window.fee_fen_per_hour if self.window is not None else None


@dataclass(frozen=True)
class Segment:
    """A stretch of a day's timeline: who the car park is for from ``start`` to ``end``."""

    start: dt.datetime
    end: dt.datetime
    group: str
    window: Window | None


@dataclass(frozen=True)
class Plan:
    """A shared car park's windows and terms on the official calendar: what the gates'
    events are counted by. Built once per car park and reused (it holds no state)."""

    windows: tuple[Window, ...]
    terms: tuple[Term, ...] = ()
    calendar: OfficialCalendar = field(default_factory=OfficialCalendar)
    tz: dt.tzinfo = SHANGHAI

    def school_day(self, day: dt.date) -> SchoolDay:
        return school_day(day, self.calendar, self.terms)

    def local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            raise ValueError("the plan only takes aware datetimes")
        return moment.astimezone(self.tz)

    def running_on(self, day: dt.date, group: str | None = None) -> list[Running]:
        """The windows (of ``group``) that run on ``day``, as started that day."""
        school = self.school_day(day).school
        return [
            Running(w, *w.span(day, self.tz))
            for w in self.windows
            if (group is None or w.group == group) and runs_on(w.days, school)
        ]

    def _running_at(self, moment: dt.datetime, group: str | None = None) -> list[Running]:
        """Every window instance holding ``moment`` (started that day or the day before)."""
        day = moment.date()
        return [r for d in (day - DAY, day) for r in self.running_on(d, group) if r.holds(moment)]

    def reserved_at(self, moment: dt.datetime) -> bool:
        """Whether a parents' or residents' window is running at ``moment``."""
        return any(r.window.group != PUBLIC for r in self._running_at(moment))

    def in_effect(self, group: str, moment: dt.datetime) -> Running | None:
        """The window of ``group`` in effect at ``moment`` (for the public: its own hours
        hold the moment and no other group's window runs), or None."""
        moment = self.local(moment)
        running = self._running_at(moment)
        if group == PUBLIC and any(r.window.group != PUBLIC for r in running):
            return None
        found = [r for r in running if r.window.group == group]
        return min(found, key=lambda r: (r.end, r.start)) if found else None

    def placement(self, groups: set[str] | frozenset[str], moment: dt.datetime) -> Placement:
        """What a car whose plate is registered (approved) for ``groups`` is counted under
        when it enters at ``moment``."""
        moment = self.local(moment)
        for group in GROUP_PREFERENCE:
            if group in groups:
                running = self.in_effect(group, moment)
                if running is not None:
                    return Placement(group, running.window, running.end)
        public = self.in_effect(PUBLIC, moment)
        if public is None:
            return Placement(PUBLIC, None, None)
        return Placement(PUBLIC, public.window, self.public_until(moment))

    def public_until(self, moment: dt.datetime) -> dt.datetime | None:
        """When the public's stretch holding ``moment`` ends: a public window stops (and
        none goes on at once) or another group's window begins; None when it runs on past
        the horizon (every day, all day)."""
        t = self.local(moment)
        limit = t + HORIZON_DAYS * DAY
        while t < limit:
            public = self.in_effect(PUBLIC, t)
            if public is None:
                return t
            end = public.end
            starts = [
                r.start
                for d in _days(t.date(), end.date())
                for r in self.running_on(d)
                if r.window.group != PUBLIC and t < r.start < end
            ]
            if starts:
                return min(starts)
            t = end
        return None

    def timeline(self, day: dt.date) -> list[Segment]:
        """``day`` from midnight to midnight as stretches of one group each (the public
        outside every window where no public window is in effect)."""
        start = dt.datetime.combine(day, dt.time(), tzinfo=self.tz)
        end = start + DAY
        cuts = {start, end}
        for d in (day - DAY, day):
            for r in self.running_on(d):
                cuts.update(c for c in (r.start, r.end) if start < c < end)
        points = sorted(cuts)
        segments: list[Segment] = []
        for a, b in itertools.pairwise(points):
            group, window = self.holder(a)
            if segments and (segments[-1].group, segments[-1].window) == (group, window):
                segments[-1] = Segment(segments[-1].start, b, group, window)
            else:
                segments.append(Segment(a, b, group, window))
        return segments

    def holder(self, moment: dt.datetime) -> tuple[str, Window | None]:
        for group in GROUP_PREFERENCE:
            running = self.in_effect(group, moment)
            if running is not None:
                return group, running.window
        public = self.in_effect(PUBLIC, moment)
        return PUBLIC, public.window if public else None


def _days(first: dt.date, last: dt.date):
    day = first - DAY
    while day <= last:
        yield day
        day += DAY
