"""The institute's benchmark (bench/bench_training.py): its settings."""

import os

DB_NAME = "onething_bench_training"
APPLICATIONS = int(os.environ.get("ONETHING_BENCH_APPLICATIONS", "200000"))
WARMUP_RUNS = 3
RUNS = 20
SEED_DAY = "2025-07-14"
