"""The demo city's appeals, made by the real services "as of" their days
(``core.clock.frozen``), so that the figures come out of the records as in the seeds:

- ``enterprise``: the platform 无难事、悉心办 (seed 000): 307 messages — 245 demands and 62
  suggestions — from the city's enterprises, routed, each answered within its time limit
  and rated; the first is the agency's message on agent accounts that changed the
  registration process city-wide.
- ``weixingfu``: 微幸福 (seed 003): 1,291 items posed through the 12345 微幸福 line, over
  95% closed and every closed one rated satisfied (a few only after a reopening), the rest
  being handled; four numbered supervision batches; the two featured projects (94 LED
  street lights on 石澄路, a stairwell repainted within six weeks) with their milestones.

Deterministic (seeded) and idempotent: each part counts what exists and makes only the
rest. ``ONETHING_DEMO_HISTORY=0`` skips it (the directory is loaded either way)."""

from __future__ import annotations

import os
from collections.abc import Callable

from . import enterprise, weixingfu


def load(log: Callable[[str], None]) -> None:
    if os.environ.get("ONETHING_DEMO_HISTORY", "1") == "0":
        log("appeals history: skipped (ONETHING_DEMO_HISTORY=0)")
        return
    log(f"enterprise messages: {enterprise.make()} new")
    log(f"微幸福 items: {weixingfu.make()} new")
