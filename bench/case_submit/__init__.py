"""bench/bench_case_submit.py's parts (that file says what the benchmark does): ``server``
(the CSRF probe, wrk with bench/case_submit.lua; gunicorn and the CPU counters are in
bench/http_load.py), ``data`` (the applicants, their upload pools, wrk's data file, the
checks), ``drive`` (the measure, in the child process) and ``profiling`` (one submission
in-process, by part). The figures they share are here."""

from pathlib import Path

LUA = Path(__file__).resolve().parent.parent / "case_submit.lua"
DB_NAME = "onething_bench"

ITEM = "320200-SSDJ-001"  # 个体工商户设立登记: id-card, application-form, premises-proof
FORM = {
    "business_name": "胡埭湖鲜小吃店",
    "operator_name": "张伟",
    "operator_id": "11010519491231002X",
    "address": "滨湖区胡埭镇鸿翔路8号",
    "scope": "小吃服务",
    "capital": 50000,
}
APPLICANTS = 64
CONNECTIONS = 32
THREADS = 1  # one wrk thread drives 32 connections easily and leaves the CPUs to the server
WARMUP_S = 5
MEASURE_S = 20
TARGET_RATIO = 0.7
TARGET_P99_MS = 60.0
PROFILE_REQUESTS = 200
