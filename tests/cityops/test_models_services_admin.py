"""The operations centre in the back office, with records in it: every screen opens in
Chinese; readings, roll-ups, events and steps are read-only; a value's thresholds are
checked by the rules; a device's token is issued by an action and shown once."""

from __future__ import annotations

import pytest
from django.contrib import admin

from onething.cityops.models import Event, EventStep, Metric, MinuteRollup, Reading
from onething.cityops.services.ingest import readings_ingest
from onething.core import clock
from onething.core.models import AuditEntry
from tests.web.test_admin import Interface, english, screens

from .world import at, build, item

NOW = at("2026-12-04", 10)
MODELS = [m for m in admin.site._registry if m._meta.app_label == "cityops"]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_every_screen_opens_in_chinese_with_records(city, model):
    ops = build(city)
    with clock.frozen(NOW):
        readings_ingest(device=ops.gauge, readings=[item("level", 3.7, NOW)], now=NOW)
    client = city.client("admin")
    first = model.objects.order_by("-pk").first()
    assert first is not None
    for url in screens(model):
        answer = client.get(url)
        read_only = model in (Reading, MinuteRollup, Event, EventStep)
        if url.endswith("/add/"):
            assert answer.status_code == (403 if read_only else 200), url
            continue
        assert answer.status_code == 200, url
        page = Interface()
        page.feed(answer.content.decode())
        texts = [t.replace(str(first), "") for t in page.texts]
        assert not english(texts), f"{url}: {sorted(english(texts))}"


def test_thresholds_that_make_no_sense_are_refused_beside_their_fields(city):
    ops = build(city)
    url = f"/admin/cityops/metric/{ops.level.pk}/change/"
    answer = city.client("admin", "en").post(
        url,
        {
            "device": ops.gauge.pk,
            "code": "level",
            "name": "水位",
            "unit": "m",
            "min_possible": "10",
            "max_possible": "0",
            "warning_high": "3.5",
            "alarm_high": "3.0",
            "hysteresis": "-1",
        },
    )
    assert answer.status_code == 200
    errors = answer.context["adminform"].form.errors
    assert set(errors) == {"alarm_high", "hysteresis", "max_possible"}
    assert Metric.objects.get(pk=ops.level.pk).alarm_high == 3.5  # unchanged


def test_a_device_token_is_issued_from_the_list_and_shown_once(city):
    ops = build(city)
    answer = city.client("admin", "en").post(
        "/admin/cityops/device/",
        {"action": "issue_token", "_selected_action": [ops.gauge.pk]},
        follow=True,
    )
    shown = [str(m) for m in answer.context["messages"]]
    assert len(shown) == 1 and "dv_" in shown[0]
    assert AuditEntry.objects.filter(action="device.token_issue").count() == 1
