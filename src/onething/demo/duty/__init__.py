"""The demo city's night duty (带班值班 "住下来", seed 003), made by the platform's own
services:

- ``setup``: the leaders' accounts of 申港街道, 胡埭镇, 清名桥街道 and 万石镇 (陶郁峻,
  申港街道党工委书记, is ``leader.shengang``), and an officer for each town office that
  answers their demands and has none yet;
- ``load_history``: the rosters of October to December 2021, every leader on duty twice a
  week, the nights checked in (a few missed) and some stays off the roster; night visits
  with the demands raised, each an appeal of 带班值班 dispatched to the town's office,
  answered and followed up; and the seed's story, once and only here: 陶郁峻's night visit
  to 申浦村 on 7 December 2021, 韩宝祥's suggestion to reuse the old planning hall in
  春申公园, the monitoring point settled a month later and the hall's conversion, a
  project with its milestones (``history``, ``story``);
- ``live``: relative to today, last month's and this month's rosters, the nights checked
  in up to now (tonight's of 陶郁峻 left for him), the visits of the last weeks and their
  demands, the newest still being handled (``live_layer``).

Made once: a second load changes nothing. With the clock before the story's months there
is no history (nothing is dated after now)."""

from __future__ import annotations

from collections.abc import Callable

from onething.duty.services.programme import duty_programme_ensure

from .accounts import load_setup


def setup(log: Callable[[str], None]) -> list[dict]:
    duty_programme_ensure()  # made by the migration; again after a database was emptied
    return load_setup(log)


def load_history(log: Callable[[str], None]) -> None:
    from .history import load

    load(log)


def live(log: Callable[[str], None]) -> None:
    from .live_layer import load

    load(log)
