"""bench/bench_readings.py's parts (that file says what the benchmark does): ``broker``
(a Mosquitto of the run's own and the ingester's process), ``world`` (the devices and
their monitored values), ``load`` (the messages and the paced publisher), ``drive`` (the
measures, in the child process). The figures they share are here."""

DB_NAME = "onething_bench_readings"
CLIENT_ID = "onething-bench-ingest"  # the ingester's persistent session
PREFIX = "onething/devices"

DEVICES = 1000  # each with METRICS monitored values
METRICS = 5  # m0 has thresholds (warning 8, alarm 9); m1… only bounds
NORMAL_LOW, NORMAL_HIGH = 1.0, 2.0  # the values devices send when nothing is wrong
ALARM_VALUE = 9.5

# 1. throughput: each device publishes BULK_MESSAGES messages of BULK_SAMPLES samples of
#    each value (a gateway sending what it buffered), all at once, as fast as the broker
#    takes them
BULK_MESSAGES = 5
BULK_SAMPLES = 20  # × METRICS = 100 readings a message
# 2. alarm latency: every device publishes one reading of each value every second
#    (RATE readings/s offered), for LATENCY_S seconds; ALARMS_PER_S of the messages carry
#    an alarm of m0 (the device's next message is normal again: the event closes)
RATE = DEVICES * METRICS  # 5,000 readings/s
LATENCY_S = 30
ALARMS_PER_S = 10
# 3. a restart: the same load for RESTART_S seconds, the ingester killed (SIGKILL) after
#    KILL_AFTER_S and started again at once
RESTART_S = 20
KILL_AFTER_S = 7

INGEST_WORKERS = 2
TARGET_RATIO = 0.3  # readings stored per second ÷ COPY's rows per second
TARGET_P99_S = 2.0
