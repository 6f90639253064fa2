"""The devices of the operations centre's register (感知设备) on pages, for the centre's
staff and the owning departments: the list (state, type, department, region; cards on a
phone) and one device with its monitored values — their levels, last values and
thresholds — how many of its readings were refused and when it was last heard from. A
security device's exact place is shown to the operations centre only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.models import Role
from onething.core.numbers import number
from onething.core.permissions import in_parts, require_role
from onething.web.display import Mark, local
from onething.web.listing import Column, cursor_list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from .. import selectors
from ..forms import DeviceFilter
from ..models import Device, DeviceState, DeviceType
from ..rules.thresholds import ALARM, LEVEL_LABELS, WARNING
from ..schemas import sees_exact_place
from .common import DEVICE_ROLES, department_choices, level_mark, region_choices

STATE_KINDS = {
    DeviceState.ONLINE: "on_time",
    DeviceState.OFFLINE: "warning",
    DeviceState.FAULT: "overdue",
    DeviceState.RETIRED: "closed",
}


def state_mark(device: Device) -> Mark:
    return Mark(device.get_state_display(), STATE_KINDS.get(device.state, "open"))


def device_link(device: Device) -> str:
    return reverse("cityops-device", args=[device.code])


COLUMNS = [
    Column(gettext_lazy("Device code"), lambda d: d.code, device_link),
    Column(gettext_lazy("Device name"), lambda d: d.name),
    Column(gettext_lazy("Device type"), lambda d: d.type.name),
    Column(gettext_lazy("Owning department"), lambda d: d.department.name),
    Column(gettext_lazy("Region"), lambda d: d.region.name),
    Column(gettext_lazy("Device state"), state_mark),
    Column(gettext_lazy("Last heard from"), lambda d: local(d.last_seen_at)),
    Column(gettext_lazy("Readings refused"), lambda d: d.rejected_count, count=True),
]


@login_required
@domain_errors_as_pages
def devices_page(request):
    actor = page_actor(request)
    require_role(actor, *DEVICE_ROLES)
    form = DeviceFilter(
        request.GET or None,
        types=lambda: [(t.code, t.name) for t in DeviceType.objects.order_by("name")],
        departments=(lambda: department_choices(actor)) if actor.role != Role.OFFICER else (),
        regions=lambda: region_choices(),
    )

    def rows(data):
        return in_parts(
            actor,
            lambda part: selectors.devices_list(
                actor,
                state=data.get("state") or "",
                department_code=data.get("department") or "",
                type_code=data.get("type") or "",
                region_code=data.get("region") or "",
                part=part,
            ),
        )

    return cursor_list_page(
        request,
        title=_("Sensing devices"),
        form=form,
        rows=rows,
        columns=COLUMNS,
        export_name="city-devices",
        template="cityops/list.html",
    )


def _thresholds(metric) -> str:
    """The value's thresholds in words: "预警 ≥ 3 · 告警 ≥ 3.5 · 回差 0.1"."""
    parts = []
    for label, above, below in (
        (LEVEL_LABELS[WARNING], metric.warning_high, metric.warning_low),
        (LEVEL_LABELS[ALARM], metric.alarm_high, metric.alarm_low),
    ):
        if above is not None:
            parts.append(f"{label} ≥ {above:g}")
        if below is not None:
            parts.append(f"{label} ≤ {below:g}")
    if metric.hysteresis:
        parts.append(_("hysteresis %(h)s") % {"h": f"{metric.hysteresis:g}"})
    return " · ".join(parts)


@login_required
@domain_errors_as_pages
def device_page(request, code: str):
    actor = page_actor(request)
    require_role(actor, *DEVICE_ROLES)
    device = selectors.device_get(actor, code)
    metrics = [
        {
            "name": m.name,
            "unit": m.unit,
            "level": level_mark(m.level),
            "last_value": "" if m.last_value is None else f"{m.last_value:g}",
            "last_at": local(m.last_at),
            "thresholds": _thresholds(m),
            "range": (
                f"{m.min_possible:g} – {m.max_possible:g}"
                if m.min_possible is not None and m.max_possible is not None
                else ""
            ),
        }
        for m in device.metrics.all()
    ]
    context = {
        "title": device.name,
        "device": device,
        "state": state_mark(device),
        "metrics": metrics,
        "location_hidden": device.is_security and not sees_exact_place(actor),
        "last_seen": local(device.last_seen_at),
        "rejected": number(device.rejected_count),
    }
    return render(request, "cityops/device_detail.html", context)
