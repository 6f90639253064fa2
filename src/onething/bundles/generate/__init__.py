"""Generated one-thing runs (``python -m onething generate --bundles N``): figures' data
for the handled counts — the demo's first half of 2025 (seed 000: 重点事项 "上半年累计办理
93.8万件") — loaded fast (COPY on PostgreSQL, plain bulk inserts on SQLite), then the daily
roll-up rebuilt from the runs.

- ``plan``: the shape, pure — working days weighted by the months' season, times of day,
  each run's end (concluded within its promised days, stopped, withdrawn) cut at now;
- ``world``: the one-things with their promised days and regions, the applicant pool;
- ``run``: ``runs_generate``, the load in one transaction, phase by phase.

Generated runs carry no steps, cases, materials, messages or per-run audit entries (the
load writes one ``run.generate`` entry); their numbers start with ``GN`` (issued numbers
start with a digit); no enterprise is named (so no enterprise's own list fills with them).
They count in the roll-up like any run; the figures that need a run's steps (the time
saved) read only runs with steps."""

from onething.cases.generate.world import NoDemoBase

from .run import Report, runs_generate

__all__ = ["NoDemoBase", "Report", "runs_generate"]
