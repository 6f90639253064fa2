"""The operations centre's incidents of the demo's last day: a value of one device past
its threshold for a while (an incident's ``values``: from so many hours before now, this
value; None: back to its normal curve), and what people did with the event it opened
(its ``steps``: so many hours before now, an action of the loop by the dispatcher, the
department's officer or the grid inspector). Those that return to normal before anyone
closes them close by themselves; the last ones are still open when the demo is loaded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from onething.cityops.models import Event
from onething.cityops.services.events import (
    event_check,
    event_close,
    event_dispatch,
    event_handle,
    event_register,
)

if TYPE_CHECKING:
    from .live import People

HUDAI = "320211102"  # 胡埭镇: the demo inspector's grid, who checks the handling there


@dataclass(frozen=True)
class Incident:
    """A device of ``kind`` in ``region`` whose value ``metric`` goes astray."""

    kind: str
    region: str
    metric: str
    values: tuple[tuple[float, float | None], ...]  # (hours before now, value), earliest first
    steps: tuple[tuple[float, str, str, str, str], ...] = ()  # (hours, action, role, dept, note)

    def value_at(self, now: dt.datetime, at: dt.datetime) -> tuple[str, float] | None:
        """The value the device reads ``at`` (None: its normal curve)."""
        hours = (now - at).total_seconds() / 3600
        value = None
        for since, given in self.values:
            if hours <= since + 1e-9:
                value = given
        return None if value is None else (self.metric, value)


INCIDENTS = (
    Incident(
        "water-level-gauge",
        HUDAI,
        "water_level",
        ((20, 3.84), (19, 3.9), (17.5, 3.96), (16, 3.89), (14.5, 3.82), (14, None)),
        (
            (19.9, "register", "dispatcher", "", "胡埭河水位超警戒，立案跟踪"),
            (19.8, "dispatch", "dispatcher", "WX-SL", "请加强巡查，做好闸站调度和排涝准备"),
        ),
    ),
    Incident(
        "manhole-cover-sensor",
        HUDAI,
        "tilt",
        ((6, 21.5), (2.5, None)),
        (
            (5.9, "register", "dispatcher", "", "井盖倾斜告警，存在行人车辆安全隐患"),
            (5.8, "dispatch", "dispatcher", "WX-CG", "请立即派员现场设置警示并处置"),
            (3.2, "handle", "officer", "WX-CG", "已更换破损井盖并加固井座"),
            (2.9, "check", "inspector", "", "现场核查：井盖已更换，平稳牢固"),
            (2.7, "close", "dispatcher", "", "处置完成，结案"),
        ),
    ),
    Incident(
        "air-quality-station",
        "320213",
        "pm25",
        ((16, 79), (15, 86), (14, 92), (13, 81), (12, None)),
        (
            (15.9, "register", "dispatcher", "", "PM2.5小时浓度超过预警值"),
            (15.8, "dispatch", "dispatcher", "WX-STHJ", "请核查周边工地扬尘和道路保洁情况"),
        ),
    ),
    Incident(
        "smoke-detector",
        HUDAI,
        "smoke",
        ((4, 7.2), (3, None)),
        (
            (3.95, "register", "dispatcher", "", "独立烟感火警告警"),
            (3.9, "dispatch", "dispatcher", "WX-XF", "请就近消防站出警核实"),
            (3.6, "handle", "officer", "WX-XF", "现场确认为居民厨房油烟，已排除火情"),
            (3.4, "check", "inspector", "", "已回访住户，现场无火情隐患"),
            (3.2, "close", "dispatcher", "", "误报排除，结案"),
        ),
    ),
    Incident(
        "underpass-flood-monitor",
        "320206",
        "depth",
        ((10, 17), (9.5, 29), (9, 21), (8.5, None)),
        (
            (9.9, "register", "dispatcher", "", "下穿通道积水超过警戒深度"),
            (9.85, "dispatch", "dispatcher", "WX-SZYL", "请启动强排泵并设置临时警示"),
        ),
    ),
    Incident(
        "gas-network-monitor",
        "320281",
        "pressure",
        ((2, 142), (1, 138)),
        ((1.9, "register", "dispatcher", "", "中压燃气管网压力偏低，立案核查"),),
    ),
    Incident(
        "traffic-counter",
        "320214",
        "occupancy",
        ((1, 84), (0.5, 86)),
        (
            (0.9, "register", "dispatcher", "", "路段车道占有率超过告警值，交通拥堵"),
            (0.8, "dispatch", "dispatcher", "WX-JT", "请协调交警部门现场疏导"),
        ),
    ),
    Incident("water-quality-station", "320282", "dissolved_oxygen", ((0.5, 2.7),)),
)


def step_taken(step: tuple[str, str, str, str], event: Event, people: People) -> bool:
    """Take one step of the loop on the open event (as of the clock's moment)."""
    action, role, department, note = step
    actor = people.who(role, department)
    if action == "register":
        event_register(actor=actor, number=event.number, note=note)
    elif action == "dispatch":
        event_dispatch(actor=actor, number=event.number, department_code=department, note=note)
    elif action == "handle":
        event_handle(actor=actor, number=event.number, note=note)
    elif action == "check":
        event_check(actor=actor, number=event.number, passed=True, note=note)
    elif action == "close":
        event_close(actor=actor, number=event.number, note=note)
    else:
        raise ValueError(f"unknown step {action!r}")
    return True
