"""The demo city's talent training institute (无锡高新区产业科技创新人才实训学院, seed 000):
the summer class of 2025 that starts on 14 July with 750 students from universities at home
and abroad, its tracks (AI芯片, 算法优化, 数字电路设计), the 企业家班主任 of 中微爱芯, 华润上华,
日联科技 and 朗新科技, 深存科技 joining for the first time, and the cumulative figures — more
than 21,000 applications, 2,718 selected, 30 universities with a 学分互认 agreement, 1,271
placed — every one counted from the records as of the summer class's first day.

- ``setup``: the institute's department, the partner companies as enterprises, the demo's
  accounts (``organisation``). No record of the app: the base city is what the app's tests
  build their own institute on;
- ``load_history``: the institute, programme, tracks and courses, partners and advisers,
  universities and agreements, the cohorts of 2021–2025 (``catalogue``); every cohort's
  applications, interviews, selection and enrolments (``history``, drawn by ``selection``,
  the students registered by ``students``); the finished cohorts' grades (``classes``);
  the placements up to the seed's day (``placements``); after it, once its last day has
  passed, the summer class's grades and completion;
- ``live``: relative to now, the early batch (提前批) of the next class, open for
  applications, with applications in every state, and the companies' openings open to
  the students (``live``).

The history's 21,000-odd applications and their steps, interviews, enrolments, grades and
placements are written in bulk with one audit entry for each load (as city management's
year of scores); everything else through the services. Made once: a second load changes
nothing. With the clock set before the seed's day there is no history (nothing is dated
after now)."""

from __future__ import annotations

from collections.abc import Callable

from onething.core import clock

from ..timeline import at
from . import data
from .catalogue import load_catalogue
from .classes import complete_current, load_grades
from .history import load_applications
from .live import load_live
from .organisation import load_setup
from .placements import load_placements
from .transcripts import load_transcripts


def setup(log: Callable[[str], None]) -> list[dict]:
    return load_setup(log)


def load_history(log: Callable[[str], None]) -> None:
    if clock.now() < at(data.SEED_DAY, 9):  # a clock set before the seed's day
        log("training: the clock is before the summer class of 2025: no history")
        return
    cat = load_catalogue(log)
    enrolled = load_applications(log, cat)
    load_grades(log, cat, enrolled)
    load_placements(log, cat, enrolled)
    summer_done = complete_current(log, cat, enrolled)
    load_transcripts(log, cat, summer_done)


def live(log: Callable[[str], None]) -> None:
    load_live(log)
