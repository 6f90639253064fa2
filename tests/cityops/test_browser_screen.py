"""The operations centre's screen in a real browser (zh-hans): the dispatcher opens it and
sees Wuxi's districts drawn with the devices on them; a device then sends a reading over
the HTTP endpoint with its token that crosses its alarm threshold, and the alarm's event
appears on the open page (list, map and figures) at the next poll, without a reload. The
public screen draws too; neither page has a serious accessibility violation, and on a
phone the panels stack."""

from __future__ import annotations

import datetime as dt
import json
import urllib.request

import pytest

from onething.cityops.models import Event
from onething.cityops.services.devices import device_token_issue
from onething.core import clock
from onething.core.permissions import SYSTEM
from tests.browser import axe, axe_report, shot, sign_in

from .world import build, item

pytestmark = pytest.mark.browser


def send(base: str, token: str, readings: list[dict]) -> dict:
    """A device's batch over HTTP, as the device sends it."""
    request = urllib.request.Request(
        f"{base}/api/cityops/readings",
        data=json.dumps({"readings": readings}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=15) as answer:
        assert answer.status == 200
        return json.loads(answer.read())


def test_an_alarm_appears_live_on_the_centres_screen(page, transactional_city):
    ops = build(transactional_city)
    token = device_token_issue(actor=SYSTEM, device_code=ops.gauge.code)
    now = clock.now()
    assert (
        send(page.base, token, [item("level", 1.5, now - dt.timedelta(seconds=30))])["stored"] == 1
    )

    sign_in(page, "dispatcher")
    page.goto(f"{page.base}/ops/screen/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert page.inner_text("[data-testid=screen-title]") == "城运中心大屏"
    map_ = page.locator("[data-testid=screen-map]")
    page.wait_for_selector("[data-testid=screen-map][data-drawn-devices='2']")
    map_.locator("canvas").first.wait_for(state="attached")
    assert page.locator("[data-testid=screen-chart-devices] canvas").count() >= 1
    assert page.locator("[data-testid=screen-events] li[data-event]").count() == 0
    assert page.inner_text("[data-total=alarm]") == "0"
    assert page.inner_text("[data-total=online]") == "1"
    violations = axe(page)
    assert not violations, axe_report(violations)
    page.evaluate("() => { window.__sameDocument = true; }")

    # the river rises past its alarm threshold: the device reports it over HTTP
    answer = send(page.base, token, [item("level", 3.8, clock.now() - dt.timedelta(seconds=1))])
    [number] = answer["events_opened"]
    assert Event.objects.get(number=number).level == "alarm"

    event = page.locator(f"[data-testid=screen-events] li[data-event='{number}']")
    event.wait_for(state="visible", timeout=30000)  # at the next poll, no reload
    assert page.evaluate("() => window.__sameDocument === true")
    assert "告警" in event.inner_text() and "胡埭河水位计" in event.inner_text()
    assert "is-new" in (event.get_attribute("class") or "")
    assert page.inner_text("[data-total=alarm]") == "1"
    assert page.inner_text("[data-total=events]") == "1"
    page.wait_for_selector("[data-testid=screen-map][data-drawn-events='1']")
    assert "更新于" in page.inner_text("[data-testid=screen-status]")
    shot(page, "cityops-screen")

    # the public screen draws the same devices, and on a phone its panels stack
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base}/ops/screen/public/")
    assert page.inner_text("[data-testid=screen-title]") == "城市运行实况"
    page.wait_for_selector("[data-testid=screen-map][data-drawn-devices='2']")
    page.locator(f"[data-testid=screen-events] li[data-event='{number}']").wait_for()
    violations = axe(page)
    assert not violations, axe_report(violations)
    panels = [page.locator(s).bounding_box() for s in (".screen-map-panel", ".screen-events")]
    assert panels[1]["y"] >= panels[0]["y"] + panels[0]["height"] - 1  # one under the other
    assert panels[0]["width"] <= 390
    shot(page, "cityops-screen-public-phone")
