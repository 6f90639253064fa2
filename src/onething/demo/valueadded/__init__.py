"""The demo city's value-added services (增值服务, seed 000: "通过'政策服务、政务服务、增值服务、
互动服务'四大核心功能"): the providers — the city's departments (市工信局's 银企对接会, 市地方
金融管理局's financing matchmaking, 市司法局's 法治体检, 市市场监管局's IP consultation,
市人社局's recruitment, 市商务局's foreign-trade training) and three partner institutions
(江苏银行无锡分行, a law firm, an IP agency) with their accounts — and their services.

- ``setup``: the departments missing, the partners registered as enterprises, the
  accounts (the providers' officers and staff, three more enterprises' staff), the
  providers and their services (``organisation``): the catalogue is configuration;
- ``load_history``: the demo's enterprises' requests of the first half of 2025, answered,
  concluded and rated through the services as of their days (``history``);
- ``live``: a few requests open relative to now — one waiting, one overdue, one being
  handled, one concluded and waiting for its rating (``live``).

Made once: a second load changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from .history import load_history as _load_history
from .live import load_live
from .organisation import load_setup


def setup(log: Callable[[str], None]) -> list[dict]:
    return load_setup(log)


def load_history(log: Callable[[str], None]) -> None:
    _load_history(log)


def live(log: Callable[[str], None]) -> None:
    load_live(log)
