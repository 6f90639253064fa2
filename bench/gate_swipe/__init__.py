"""bench/bench_gate_swipe.py's parts (that file says what the benchmark does): ``world``
(the operator, venue, tariff, benefit, gates and honorees with cards, through the cards
services; wrk's data file), ``swipe.lua`` (the requests), ``checks`` (the ledger after a
measure), ``drive`` (the measure, in the child process) and ``profiling`` (one swipe
in-process, by part). The figures they share are here."""

from pathlib import Path

LUA = Path(__file__).resolve().parent / "swipe.lua"
DB_NAME = "onething_bench_gate"

OPERATOR, VENUE = "bench-metro", "bench-metro-1"
PRICE_FEN = 300  # one metro ride: the subsidy owed per allowed swipe (a free ride)
GATES = 8  # gates of the venue, each with its account and token; requests cycle over them
HONOREES = 240  # each with an active card bound to a transit card; requests cycle over them
CONNECTIONS = 32
THREADS = 1  # one wrk thread drives 32 connections easily and leaves the CPUs to the server
RETRY_EVERY = 97  # every 97th request re-sends an earlier swipe (same id, same body)
RETRY_BACK = 40  # … the one sent 40 requests before (often still in flight: a real race)
WARMUP_S = 5
MEASURE_S = 20
TARGET_RATIO = 1.0
TARGET_P99_MS = 50.0
PROFILE_REQUESTS = 500
