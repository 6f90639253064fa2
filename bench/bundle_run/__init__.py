"""bench/bench_bundle_run.py's parts (that file says what the benchmark does): ``spiff``
(the anchor, SpiffWorkflow), ``world`` (the applicant, the bundle, the officers, one run,
the checks, the persistence floor), ``drive`` (the measure, in the child process) and
``profiling`` (where a run's time goes). The figures they share are here."""

from pathlib import Path

BPMN = Path(__file__).resolve().parent.parent / "bundle_run.bpmn"
PROCESS_ID = "three_step_bundle"

TOWN = "320211102"  # 胡埭镇
BUNDLE = {
    "code": "YJS-320211-GR-901",
    "name": "基准测试一件事（三步并联）",
    "audience": "person",
    "description": "make bench: three independent steps of three departments, in parallel.",
    "steps": [
        {"key": "card", "item_code": "320200-SB-004"},  # 社会保障卡申领, WX-RS
        {"key": "transfer", "item_code": "320200-YB-004"},  # 医保关系转移接续, WX-YB
        {"key": "elderly", "item_code": "320200-MS-001"},  # 老年人优待证办理, WX-MZ
    ],
}
FORM = {"phone": "13912345678", "note": "make bench"}
TARGET_RATIO = 2.0
WARMUP_RUNS = 10
MEASURE_S = 10.0  # the timed runs take about this long
MIN_RUNS, MAX_RUNS = 40, 5000
SPIFF_S = 3.0  # each of the two anchor measures
FLOOR_S = 2.0  # the persistence floor (informative)
PROFILE_RUNS = 30
CPROFILE_RUNS = 20
UPLOAD_SAMPLES = 20
RESULT = "BENCH-RESULT "  # the driver's line of figures for the parent's summary
