"""Helpers for browser tests (the fixtures ``browser`` and ``page`` are in tests/conftest.py):
Playwright for Python driving Debian's chromium against the live server."""

from pathlib import Path

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOTS = Path(__file__).resolve().parents[1] / "var" / "test-results" / "screenshots"


def sign_in(page, username, password="Demo#2026"):
    page.goto(f"{page.base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("[data-testid=sign-in]")
    page.wait_for_selector("[data-testid=home-title]")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
