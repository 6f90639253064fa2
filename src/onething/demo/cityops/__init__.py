"""The demo city's operations centre (城运中心, seed 003): it went live on 2021-09-02 as the
city's brain with the data of 14 departments, more than 2,000 sensing devices, more than
6,000 monitored values and more than 220,000 video resources; 锡心办, the collaborative
office, covered 80 city units, 267 district units, 41 streets and 123 communities.

- ``setup``: nothing (the centre is history: the base city, which tests start from, stays
  small);
- ``load_history``: the departments, their feeds, the devices and their values, the video
  catalogue (``devices``, ``videos``) and the organisation directory (``directory``);
- ``live``: the last day's readings through the ingest, a few threshold crossings and
  their events (some handled to the close), and grid inspectors' reports (``live``)."""

from __future__ import annotations

from collections.abc import Callable

from .devices import load_departments, load_devices, load_feeds
from .directory import load_directory
from .live import load_live
from .videos import load_videos


def setup(log: Callable[[str], None]) -> list[dict]:
    return []


def load_history(log: Callable[[str], None]) -> None:
    load_departments(log)
    load_feeds(log)
    load_devices(log)
    load_videos(log)
    load_directory(log)


def live(log: Callable[[str], None]) -> None:
    load_live(log)
