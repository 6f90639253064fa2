"""The run's own Mosquitto (a free port, its config and persistence in the scratch
directory) and the ingester's process (``python -m onething cityops_mqtt``)."""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import paho.mqtt.client as mqtt

from . import CLIENT_ID, INGEST_WORKERS, PREFIX

# The settings docs/deploy.md asks of the city's broker: enough messages in flight to the
# ingester unacknowledged (it acknowledges a batch once committed) and a queue per
# session long enough for the ingester's downtime.
CONFIG = """listener {port} 127.0.0.1
allow_anonymous true
persistence true
persistence_location {dir}/
max_inflight_messages 1000
max_queued_messages 1000000
user {user}
"""


def mosquitto() -> str | None:
    found = shutil.which("mosquitto")
    if found:
        return found
    return "/usr/sbin/mosquitto" if os.access("/usr/sbin/mosquitto", os.X_OK) else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def broker_start(binary: str, var_dir: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    folder = var_dir / "mosquitto"
    folder.mkdir()
    conf = folder / "mosquitto.conf"
    conf.write_text(CONFIG.format(port=port, dir=folder, user=getpass.getuser()))
    process = subprocess.Popen(
        [binary, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"mosquitto did not listen on {port}")


def session_prepare(port: int) -> None:
    """The ingester's persistent session, made (and subscribed, QoS 1) before anything is
    published: from then on the broker keeps every reading for it, as it does in a city
    whose ingester has run once."""
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=CLIENT_ID, clean_session=False)
    client.connect("127.0.0.1", port)
    client.loop_start()
    client.subscribe(f"{PREFIX}/+/readings", qos=1)[1]
    time.sleep(0.3)
    client.disconnect()
    client.loop_stop()


class IngesterProcess:
    """``python -m onething cityops_mqtt`` against the run's broker; ``kill()`` is SIGKILL
    (nothing finishes, nothing is acknowledged that was not committed)."""

    def __init__(self, port: int, log_dir: Path):
        self.port, self.log_dir, self.process, self.starts = port, log_dir, None, 0

    def start(self) -> None:
        self.starts += 1
        log = open(self.log_dir / f"ingester-{self.starts}.log", "wb")  # noqa: SIM115
        argv = [sys.executable, "-m", "onething", "cityops_mqtt", "--port", str(self.port)]
        argv += ["--client-id", CLIENT_ID, "--workers", str(INGEST_WORKERS)]
        self.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self) -> str:
        path = self.log_dir / f"ingester-{self.starts}.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""
