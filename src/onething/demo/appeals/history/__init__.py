"""The demo city's appeals, made by the real services "as of" their days
(``core.clock.frozen``), so that the figures come out of the records as in the seeds, at
the seeds' own dates:

- ``enterprise``: the platform 无难事、悉心办 (seed 000): 307 messages from its launch to
  mid-2025 — 245 demands and 62 suggestions — each answered within its time limit;
- ``weixingfu``: 微幸福 (seed 003): 1,291 items up to December 2021, over 95% closed by its
  end and every closed one rated satisfied; the seed's stories in their places; six
  numbered supervision batches.

Each also has a live layer of the last weeks. Deterministic (seeded) and idempotent."""

from __future__ import annotations

from collections.abc import Callable

from . import enterprise, weixingfu


def load_fixed(log: Callable[[str], None]) -> None:
    log(f"enterprise messages (2024–2025 H1): {enterprise.make_fixed()} new")
    log(f"微幸福 items (2020–2021): {weixingfu.make_fixed()} new")


def load_live(log: Callable[[str], None]) -> None:
    log(f"live enterprise messages: {enterprise.make_live()} new")
    log(f"live 微幸福 items: {weixingfu.make_live()} new")
