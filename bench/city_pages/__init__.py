"""The parts of bench/bench_city_pages.py: the city database (``data``), the pages and GET
endpoints each role reaches (``discover``), the timed requests (``measure``)."""

import os

DB_NAME = "onething_bench_city"
MARKER = "onething_bench_marker"
SCALE = float(os.environ.get("ONETHING_BENCH_CITY_SCALE", "1.0"))
REBUILD = os.environ.get("ONETHING_BENCH_REBUILD") == "1"
SEED = 2026
KEPT_ENV = ("DJANGO_SECRET_KEY", "ONETHING_DATA_KEYS", "ONETHING_INDEX_KEY", "ONETHING_AUDIT_KEY")
ROLES = (
    "admin",
    "supervisor",
    "dispatcher",
    "union",
    "clerk.hudai",
    "officer.hudai",
    "officer.wx-cg",
    "zhangwei",
    "qiye.chengfeng",
    "agent.chengxin",
    "laomo.chen",
    None,  # anyone, not signed in
)
