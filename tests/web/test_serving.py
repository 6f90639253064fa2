"""`make run` serves as production does (DEBUG off, gunicorn, collected static files), and
its error pages speak the user's language with the navigation, listing no URL pattern and
no source; `make dev` keeps Django's debug pages for developers."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def planned(target: str) -> str:
    """What ``make TARGET`` would run (``make -n``: printed, nothing run)."""
    done = subprocess.run(
        ["make", "-n", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_make_run_serves_with_debug_off_through_gunicorn():
    run = planned("run")
    serve = [line for line in run.splitlines() if "gunicorn" in line or "runserver" in line]
    assert serve and all("runserver" not in line for line in serve)
    assert "ONETHING_DEBUG=0" in run and "ONETHING_DEBUG=1" not in run
    assert "collectstatic" in run


def test_make_dev_keeps_the_debug_pages():
    dev = planned("dev")
    assert "runserver" in dev and "ONETHING_DEBUG=1" in dev


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@override_settings(DEBUG=False)
def test_a_missing_page_answers_in_the_users_language_with_the_navigation(city, language):
    answer = city.client("clerk.hudai", language).get("/no/such/page/")
    assert answer.status_code == 404
    html = answer.content.decode()
    assert (
        "此地址下没有内容" if language == "zh-hans" else "There is nothing at this address"
    ) in html
    assert "<nav" in html and 'href="/"' in html
    assert "URLconf" not in html and "Traceback" not in html and "Django" not in html
