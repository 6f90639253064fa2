"""bench/bench_citymgmt.py's parts (that file says what the benchmark does): ``world`` (the
streets with their scoring devices, a shared car park with its gates, through the city
management services; wrk's data files), ``load.lua`` (the requests), ``checks`` (the
stored scores and events after a measure), ``drive`` (the measures, in the child process)
and ``profiling`` (one score and one gate event in-process, by part). The figures they
share are here."""

from pathlib import Path

LUA = Path(__file__).resolve().parent / "load.lua"
DB_NAME = "onething_bench_citymgmt"

STREETS = 40  # streets of the bench, in 旺庄街道 (新吴区)
DEVICES_PER_STREET = 20  # scoring devices: each at most 30 scores a minute (the service's
# limit), so the load is spread over 800 of them (round robin)
GATES = 8  # plate-recognition gates of the bench car park; requests cycle over them
LOT = "bench-lot"
CONNECTIONS = 32
THREADS = 1  # one wrk thread drives 32 connections easily and leaves the CPUs to the server
RETRY_EVERY = 97  # every 97th request re-sends an earlier one (same key / event id, same body)
RETRY_BACK = 40  # … the one sent 40 requests before (often still in flight: a real race)
EXIT_LAG = 48  # a gate's exit names the plate that entered 48 entries before (long done)
WARMUP_S = 5
MEASURE_S = 20
TARGET_RATIO = 0.5
TARGET_P99_MS = 100.0
PROFILE_REQUESTS = 300
PROFILE_DEVICES = 60  # the in-process profile's scores cycle over these (each token seen
# again within its cache's 30 s, as under load; each device well under 30 scores a minute)
