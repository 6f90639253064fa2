"""City-scale cases (``python -m onething generate --cases N``): realistic applications over
the last months, loaded fast (COPY on PostgreSQL, bulk inserts on SQLite) on top of the demo
city's base, then the roll-ups rebuilt.

- ``plan``: the shape, pure — seasonal months, working hours, channels, and each case's life
  cut at today (statuses by age, due dates, lateness, corrections, ratings);
- ``workdays``: the official working-day calendar as an O(1) table for the load;
- ``world``: the regions, items and routes of the database, and the applicant pool;
- ``write``: COPY / bulk insert, ids reserved ahead;
- ``run``: ``cases_generate``, the load in one transaction, phase by phase.

Generated cases are figures' data: they carry no materials, licences, notifications or
per-case audit entries (the run writes one ``case.generate`` entry), and their numbers start
with ``GN`` (issued numbers start with a digit)."""

from .run import Report, cases_generate
from .world import NoDemoBase

__all__ = ["NoDemoBase", "Report", "cases_generate"]
