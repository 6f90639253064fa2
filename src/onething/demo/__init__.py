"""The demo city: built by the platform's own services, never written into tables.

One runner, three layers, in the order of the apps:

1. ``setup`` — the configuration a city starts from: regions, departments, service centres
   and accounts (``base``), the catalogue, the cross-region alliance, the one-things, the
   appeals directory, the honour cards' venues and gates, city management's street
   offices, bureaus, criteria and ranking categories, the training institute's department
   and accounts;
2. ``load_history`` — the history the seeds describe, dated where they date it
   (``timeline``);
3. ``live`` — a thin layer up to the moment the demo is loaded: open cases and appeals,
   warnings and overdue items, runs waiting at a window, the latest rides, the institute's
   next class open for applications.

Each part of each layer runs in its own transaction and is idempotent: loading twice
changes nothing (the live layer is made once and then ages like a real city's work).
``ONETHING_DEMO_HISTORY=0`` loads the configuration alone (a small world for tests).
Built once per migrations and demo code, and copied for tests: ``artefact``."""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import import_module

from django.db import transaction

PARTS = (
    "base",
    "catalog",
    "cases",
    "crossregion",
    "bundles",
    "appeals",
    "cards",
    "cityops",
    "citymgmt",
    "opendata",
    "training",
    "duty",
    "valueadded",
)


def history_wanted() -> bool:
    return os.environ.get("ONETHING_DEMO_HISTORY", "1") != "0"


def build(log: Callable[[str], None], *, history: bool | None = None) -> list[dict]:
    """Load the demo city (or what of it is missing); the demo accounts to print."""
    history = history_wanted() if history is None else history
    modules = [import_module(f"{__name__}.{part}") for part in PARTS]
    accounts: list[dict] = []
    for module in modules:
        with transaction.atomic():
            accounts += module.setup(log) or []
    if not history:
        log("history and live layer: skipped (ONETHING_DEMO_HISTORY=0)")
        return accounts
    for layer in ("load_history", "live"):
        for module in modules:
            step = getattr(module, layer, None)
            if step is not None:
                with transaction.atomic():
                    step(log)
    return accounts
