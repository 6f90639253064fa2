"""Each role's main journey through the demo city, in a real browser, on a desktop and on a
phone: the pages a user of that role opens first, one after the other, each answering, each
in the page's width, with the role's menu reachable. The demo city is served as `make run`
serves it (gunicorn, DEBUG off) on a copy of the full demo. Screenshots of every step are
saved under var/test-results/screenshots/journeys/; with ONETHING_UPDATE_SCREENSHOTS=1 the
second step of each journey (the role's main page after its home) is also written to
docs/screenshots/journeys/, which the README shows."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

from tests.browser import SHOTS
from tests.servers import app_servers, database_url

pytestmark = [pytest.mark.browser, pytest.mark.demo_city]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "journeys"
README_STEP = 2
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 860}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}

# (account or None for a visitor, [steps]); a step is ("go", path) or ("open", css), the
# latter following the first link the selector finds on the page before.
JOURNEYS: dict[str, tuple[str | None, list[tuple[str, str]]]] = {
    "visitor": (
        None,
        [
            ("go", "/"),
            ("go", "/services/"),
            ("open", "main a[href^='/services/']"),
            ("go", "/figures/"),
            ("go", "/directory/"),
            ("go", "/appeals/board/"),
        ],
    ),
    "citizen": (
        "zhangwei",
        [
            ("go", "/"),
            ("go", "/my/cases/"),
            ("open", "main a[href^='/cases/']"),
            ("go", "/my/appeals/"),
            ("go", "/appeals/new/"),
        ],
    ),
    "enterprise": (
        "qiye.chengfeng",
        [
            ("go", "/"),
            ("go", "/one-things/"),
            ("go", "/my/one-things/"),
            ("open", "main a[href^='/one-thing/runs/']"),
        ],
    ),
    "agent": (
        "agent.chengxin",
        [("go", "/"), ("go", "/agency/declarations/"), ("go", "/agency/pickup/")],
    ),
    "clerk": (
        "clerk.hudai",
        [
            ("go", "/"),
            ("go", "/workbench/"),
            ("open", "main a[href^='/cases/']"),
            ("go", "/workbench/cross-region/"),
            ("go", "/workbench/taken-in/"),
            ("go", "/workbench/pickups/"),
        ],
    ),
    "officer": (
        "officer.hudai",
        [("go", "/"), ("go", "/inbox/"), ("open", "main a[href^='/cases/']")],
    ),
    "dispatcher": (
        "dispatcher",
        [
            ("go", "/"),
            ("go", "/appeals/dispatch/"),
            ("open", "main a[href^='/appeals/']"),
            ("go", "/appeals/hotline/new/"),
        ],
    ),
    "appeals-officer": (
        "officer.wx-cg",
        [("go", "/"), ("go", "/appeals/inbox/"), ("open", "main a[href^='/appeals/']")],
    ),
    "supervisor": (
        "supervisor",
        [
            ("go", "/"),
            ("go", "/supervision/cases/"),
            ("go", "/supervision/"),
            ("go", "/urges/"),
            ("go", "/figures/operations/"),
            ("go", "/appeals/supervision/"),
        ],
    ),
    "union": (
        "union",
        [
            ("go", "/"),
            ("go", "/honour/registry/"),
            ("open", "main a[href^='/honour/registry/']"),
            ("go", "/honour/pool/"),
            ("go", "/honour/settlements/"),
        ],
    ),
    "honoree": (
        "laomo.chen",
        [("go", "/"), ("go", "/honour/certificate/"), ("go", "/honour/rides/")],
    ),
    "admin": ("admin", [("go", "/"), ("go", "/admin/")]),
}


@pytest.fixture(scope="module")
def demo_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """The full demo city served by gunicorn (DEBUG off) on its own copy of the artefact."""
    from onething.demo import artefact

    settings = dict(connections["default"].settings_dict)
    sqlite = settings["ENGINE"].endswith("sqlite3")
    folder = tmp_path_factory.mktemp("journeys")
    # Beside the session's own copy, so that the artefact it is copied from is the one
    # already built (var/demo-cache/), not built again.
    name = f"{settings['NAME']}.journeys" if sqlite else f"{settings['NAME']}_journeys"
    with django_db_blocker.unblock():
        copy = artefact.copy_for_tests("full", settings, name)
    url = f"sqlite:///{copy}" if sqlite else database_url({**settings, "NAME": copy})
    try:
        with app_servers(
            1, database=url, cache_url="locmemcache://journeys", folder=folder
        ) as servers:
            yield servers[0].base
    finally:
        with django_db_blocker.unblock():
            artefact.drop_copy(settings, copy)


def _sign_in(tab, base: str, username: str) -> None:
    tab.goto(f"{base}/login/")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", "Demo#2026")
    tab.click("[data-testid=sign-in]")
    tab.wait_for_selector("[data-testid=home-title]")


def _menu_problems(tab, role: str) -> list[str]:
    """On a phone the menu is folded behind its button and opens on a tap."""
    toggle = tab.locator("[data-testid=menu-toggle]")
    if not toggle.is_visible():
        return [f"{role} phone: no menu button"]
    links = tab.locator("#site-nav a")
    if links.count() and links.first.is_visible():
        return [f"{role} phone: the menu is not folded"]
    toggle.click()
    opened = links.count() and links.first.is_visible()
    toggle.click()
    return [] if opened else [f"{role} phone: the menu does not open"]


def _save(tab, role: str, kind: str, n: int) -> None:
    folder = SHOTS / "journeys"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{role}-{kind}-{n}.jpg"
    tab.screenshot(path=str(path), type="jpeg", quality=70)
    if n == README_STEP and os.environ.get("ONETHING_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS / path.name)


@pytest.mark.parametrize("kind", VIEWPORTS)
def test_every_roles_main_journey(browser, demo_server, kind):
    problems: list[str] = []
    for role, (username, steps) in JOURNEYS.items():
        context = browser.new_context(locale="zh-CN", **VIEWPORTS[kind])
        tab = context.new_page()
        tab.set_default_timeout(15000)
        try:
            if username:
                _sign_in(tab, demo_server, username)
            for n, (how, where) in enumerate(steps, start=1):
                if how == "go":
                    answer = tab.goto(f"{demo_server}{where}")
                else:
                    link = tab.locator(where).first
                    href = link.get_attribute("href")
                    answer = tab.goto(f"{demo_server}{href}")
                    where = href
                status = answer.status if answer else 0
                if status >= 400:
                    problems.append(f"{role} {kind}: {where} answered {status}")
                    continue
                if not tab.locator("h1").first.is_visible():
                    problems.append(f"{role} {kind}: {where} shows no heading")
                overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 0:
                    problems.append(f"{role} {kind}: {where} is {overflow}px wider than the screen")
                if kind == "phone" and n == 1:
                    problems.extend(_menu_problems(tab, role))
                _save(tab, role, kind, n)
        finally:
            context.close()
    assert not problems, "\n".join(problems)
