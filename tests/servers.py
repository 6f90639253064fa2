"""Real app servers for the tests about several of them: gunicorn processes on the test
database with a shared Redis cache, and HAProxy (Debian's) in front of them."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer")
        time.sleep(0.2)


def database_url(settings: dict) -> str:
    user = settings.get("USER") or "postgres"
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"


@dataclass
class Server:
    name: str
    base: str
    log: Path
    process: subprocess.Popen

    def served(self, path: str) -> int:
        """How many requests for ``path`` this server's access log shows."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return len(re.findall(rf'"GET {re.escape(path)} ', text))


@contextlib.contextmanager
def app_servers(
    count: int, *, database: str, cache_url: str, folder: Path
) -> Iterator[list[Server]]:
    """``count`` gunicorn servers (one worker each) on the given database and cache."""
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "CACHE_URL": cache_url,
        "DJANGO_SETTINGS_MODULE": "onething.config.test_settings",
        "ONETHING_SKIP_DOTENV": "1",
        "ONETHING_CONN_MAX_AGE": "0",
    }
    servers: list[Server] = []
    try:
        for n in range(count):
            port = free_port()
            log = folder / f"server-{n}.log"
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "onething.config.wsgi",
                    "-b",
                    f"127.0.0.1:{port}",
                    "-w",
                    "1",
                    "--access-logfile",
                    str(log),
                    "--error-logfile",
                    str(folder / f"server-{n}.err"),
                ],
                env=env,
            )
            servers.append(Server(f"app{n}", f"http://127.0.0.1:{port}", log, process))
        for server in servers:
            wait_for(f"{server.base}/healthz")
        yield servers
    finally:
        for server in servers:
            server.process.terminate()
        for server in servers:
            try:
                server.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.process.kill()


@contextlib.contextmanager
def load_balancer(servers: list[Server], folder: Path) -> Iterator[str]:
    """HAProxy, round robin over ``servers`` with /healthz as the health check."""
    port = free_port()
    lines = [
        "global",
        "  maxconn 256",
        "defaults",
        "  mode http",
        "  timeout connect 5s",
        "  timeout client 30s",
        "  timeout server 30s",
        "frontend city",
        f"  bind 127.0.0.1:{port}",
        "  default_backend apps",
        "backend apps",
        "  balance roundrobin",
        "  option httpchk GET /healthz",
        *(f"  server {s.name} {s.base.removeprefix('http://')} check inter 1s" for s in servers),
    ]
    config = folder / "haproxy.cfg"
    config.write_text("\n".join(lines) + "\n")
    process = subprocess.Popen([HAPROXY, "-f", str(config), "-db"])
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


class Browser:
    """A signed-in session against one server (cookies, CSRF) with the standard library."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str, headers: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with self.opener.open(request, timeout=10) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}, doseq=True)
        request = urllib.request.Request(
            self.base + path,
            data=body.encode(),
            headers={"Referer": self.base + path, "X-CSRFToken": self.csrf()},
        )
        try:
            with self.opener.open(request, timeout=10) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def admin_login(self, username: str, password: str) -> None:
        self.get("/admin/login/")
        status, _body = self.post(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )
        assert status == 200 and any(c.name == "sessionid" for c in self.jar), status
