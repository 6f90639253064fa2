"""bench/bench_dashboard.py's parts (that file says what the benchmark does): ``data`` (the
bench database: reused when its marker says it holds the generated cases, else recreated,
migrated, the demo city, the generator), ``duck`` (the export to Parquet and DuckDB's
answer) and ``drive`` (the measure, in the child process). The figures they share are here."""

import os

DB_NAME = "onething_bench_dashboard"
CASES = int(os.environ.get("ONETHING_BENCH_CASES", "5000000"))
REBUILD = os.environ.get("ONETHING_BENCH_REBUILD", "") == "1"  # never reuse the database
SEED = 2026
MARKER = "onething_bench_marker"  # one row: how many cases were generated, with which keys
# the keys the data was generated with, kept in the marker so that a reuse runs with them
KEPT_ENV = (
    "DJANGO_SECRET_KEY",
    "ONETHING_DATA_KEYS",
    "ONETHING_INDEX_KEY",
    "ONETHING_AUDIT_KEY",
)
WARMUP_RUNS = 3
RUNS = 20
TARGET_S = 0.1  # the public page's figure queries on PostgreSQL
TARGET_RATIO = 1.0  # PostgreSQL time / DuckDB time, below this
GROUP_BY = ("department", "month")
