"""The demo city's public-data platform (公共数据开放平台, seed 003): the platform's own
figure datasets registered and a few departments' datasets released, by the opendata
app's services (``opendata.services.demo``).

- ``load_history``: the catalogue, once the operations centre's history has made the
  departments that publish (the ecology bureau's air-quality stations);
- ``live``: registered again once the live layer is in, so the figure datasets' field
  types come from real rows (idempotent: an unchanged definition changes nothing).

The base city (tests) has no catalogue: the opendata tests make what they read."""

from __future__ import annotations

from collections.abc import Callable

from onething.opendata.services.demo import demo_catalogue


def setup(log: Callable[[str], None]) -> list[dict]:
    return []


def load_history(log: Callable[[str], None]) -> None:
    demo_catalogue(log)


def live(log: Callable[[str], None]) -> None:
    demo_catalogue(log)
