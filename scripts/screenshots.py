"""Take the README's screenshots of a running demo city (``make run`` in another shell).

    .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]

Playwright drives Debian's chromium (``apt-get install chromium fonts-wqy-microhei``) in
Simplified Chinese and writes docs/screenshots/<name>.png: the home page (the portal), a
citizen's home on a phone (its open items as cards, the menu folded), the public figures
page and a supervisor's operations page."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "Demo#2026"


def _charts_drawn(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(800)  # ECharts' entry animation


def main(argv: list[str]) -> int:
    base = (argv[1] if len(argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(
            locale="zh-CN",
            extra_http_headers={"Accept-Language": "zh-hans"},
            viewport={"width": 1280, "height": 900},
        )
        page = context.new_page()
        page.goto(f"{base}/")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(OUT / "home.png"), full_page=True)
        phone = browser.new_context(
            locale="zh-CN",
            extra_http_headers={"Accept-Language": "zh-hans"},
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        ).new_page()
        phone.goto(f"{base}/login/")
        phone.fill("input[name=username]", "zhangwei")
        phone.fill("input[name=password]", PASSWORD)
        phone.click("[data-testid=sign-in]")
        phone.wait_for_selector("[data-testid=home-title]")
        phone.screenshot(path=str(OUT / "home-phone.png"))  # the first screen, as seen
        page.goto(f"{base}/figures/")
        _charts_drawn(page)
        page.screenshot(path=str(OUT / "city-figures.png"), full_page=True)
        page.goto(f"{base}/login/")
        page.fill("input[name=username]", "supervisor")
        page.fill("input[name=password]", PASSWORD)
        page.click("[data-testid=sign-in]")
        page.wait_for_selector("[data-testid=home-title]")
        page.goto(f"{base}/figures/operations/")
        _charts_drawn(page)
        page.screenshot(path=str(OUT / "city-operations.png"), full_page=True)
        browser.close()
    print(f"wrote home.png, home-phone.png, city-figures.png and city-operations.png in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
