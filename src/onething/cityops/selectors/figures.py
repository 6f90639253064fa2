"""The operations centre's figures as the seed states them (城市运行管理中心 went live on a
date, took in the data of so many departments, devices, monitored values and video
resources; 锡心办 covers so many units by level), every one counted from the records.

Counting a city's catalogue (hundreds of thousands of cameras) on every request would be
waste: the figures are cached reference data (``core.refdata``, 30 seconds at most), and
every registration (feeds, devices, cameras; an admin save) bumps them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Min

from onething.core import refdata
from onething.core.selectors.directory import collaborative_office_coverage

from ..models import DataFeed, Device, DeviceState, Metric, VideoResource


def _counted() -> dict[str, Any]:
    feeds = DataFeed.objects.filter(is_active=True)
    in_service = Device.objects.exclude(state=DeviceState.RETIRED)
    went_live: dt.date | None = feeds.aggregate(first=Min("connected_on"))["first"]
    return {
        "went_live_on": went_live,
        "departments": feeds.order_by().values("department_id").distinct().count(),
        "feeds": feeds.count(),
        "devices": in_service.count(),
        "monitored_values": Metric.objects.filter(device__in=in_service).count(),
        "video_resources": VideoResource.objects.count(),
        "collaborative_office": collaborative_office_coverage(),
    }


def centre_figures() -> dict[str, Any]:
    """The centre's public figures: ``went_live_on`` (the first active feed's connection
    date), ``departments`` (distinct departments of the active feeds), ``feeds``,
    ``devices`` (in service: not retired), ``monitored_values`` (of those devices),
    ``video_resources`` and ``collaborative_office`` (units on 锡心办 by level, and their
    total)."""
    return refdata.cached("cityops:figures", _counted)
