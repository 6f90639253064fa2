"""The demo city's city management (城市精细化管理, seed 003's "红黑榜"): 春潮菜场支路 renovated
and on the red list of 2021's third batch, 新吴区's 新街·吴韵 scoring, 春星小学's 100 shared
parking spaces, and the year's figures (¥8.7亿 on 250 back streets, 2.4万 new parking
spaces, 24万 networked) — every one counted from the records.

- ``setup``: the street offices, the district city-management bureaus, the accounts (the
  city's office, 新吴区's bureau, 旺庄街道's inspector and a resident), the published
  criteria and the ranking categories (``organisation``);
- ``load_history`` (2021): the streets and the programme's projects (``streets``), the
  scoring points and a year of scores and inspections (``scoring``), the months closed
  (``months``), the three batches of the 红黑榜 with their rectifications (``ranking``),
  the parking register and 春星小学's shared car park (``parking``);
- ``live``: the last month's plates and gate events at 春星小学 (``live``) and residents'
  scores (``live_scores``).

Through the services, each step as of its moment; the year of scores, the inspectors'
checks and the parking register (rows by the hundred thousand) are written in bulk
(``core.bulk``) with one audit entry each. Made once: a second load changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from ..timeline import live_now
from .live import load_gates, load_registrations
from .live_scores import load_live_scores
from .months import load_months
from .organisation import load_setup
from .parking import load_register, load_school
from .ranking import load_ranking
from .scoring import load_scoring
from .streets import load_streets


def setup(log: Callable[[str], None]) -> list[dict]:
    return load_setup(log)


def load_history(log: Callable[[str], None]) -> None:
    plans = load_streets(log)
    load_scoring(log, plans)
    load_months(log)
    laggard = next(p.code for p in plans if p.laggard)
    load_ranking(log, laggard)
    load_register(log)
    load_school(log)


def live(log: Callable[[str], None]) -> None:
    now = live_now()
    holders = load_registrations(log, now)
    load_gates(log, holders, now)
    load_live_scores(log, now)
