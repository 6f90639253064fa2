"""What only the case submission asks of the server (gunicorn, wrk and the CPU counters are
in bench/http_load.py, shared with bench_gate_swipe)."""

from __future__ import annotations

import urllib.error
import urllib.request

from case_submit import CONNECTIONS, LUA, THREADS
from http_load import wrk_run


def token_post_is_refused(url: str, secret: str) -> bool:
    """Whether a bearer-token POST without a CSRF cookie is refused with 403 csrf_failed
    (the API's session authentication is tried first and checks CSRF before the token is
    looked at). An empty body: authentication runs before the body is parsed."""
    probe = urllib.request.Request(
        f"{url}/api/cases",
        data=b"{}",
        method="POST",
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(probe, timeout=10) as answer:
            status, body = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status == 403 and b"csrf_failed" in body


def wrk_case(wrk: str, url: str, seconds: int, mode: str, label: str, data, csrf: str = ""):
    """wrk with bench/case_submit.lua: ``mode`` floor or submit (see the script)."""
    args = [mode, label, str(data), str(THREADS), *([csrf] if csrf else [])]
    return wrk_run(wrk, url, seconds, LUA, args, threads=THREADS, connections=CONNECTIONS)
