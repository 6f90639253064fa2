"""The grid inspector's reports of the demo's last day (网格员上报), each with a photo taken
on the round (drawn here with Pillow), made by cityops' report service under an
idempotency key: one on a 12345 appeal of the demo (现场核实), one handled to the close,
one dismissed, one still waiting for the duty dispatcher."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw

from onething.appeals.selectors import appeals_list
from onething.cityops.services.events import event_dismiss
from onething.cityops.services.reports import event_report_once
from onething.core import clock
from onething.core.permissions import SYSTEM

from ..timeline import LIVE_DAYS
from .geo import OUTLINES, TOWNS, place
from .incidents import HUDAI, step_taken

if TYPE_CHECKING:
    from .live import People

KEY = "demo-cityops-report-"
# the appeals an inspector would check on the spot, by what they are about
APPEAL_SUBJECTS = ("井盖", "消防通道", "人行道", "路灯", "绿化")

# key, hours before now, title, description, subject of the photo, steps
REPORTS = (
    (
        "stall",
        20,
        "龙延路人行道占道经营",
        "龙延路菜场东侧人行道有三处流动摊点占道经营，影响行人通行。",
        "stall",
        (
            (19.5, "register", "dispatcher", "", "占道经营，立案"),
            (19.4, "dispatch", "dispatcher", "WX-CG", "请属地城管中队劝离并规范"),
            (15.0, "handle", "officer", "WX-CG", "已劝离流动摊点，引导进入市场经营"),
            (13.0, "check", "inspector", "", "复查：人行道已恢复通行"),
            (12.5, "close", "dispatcher", "", "结案"),
        ),
    ),
    (
        "bikes",
        6,
        "鸿翔路公交站共享单车乱停放",
        "鸿翔路公交站台前共享单车堆放约二十辆，占用盲道。",
        "bikes",
        ((5.5, "dismiss", "dispatcher", "", "已由运营企业调度员现场清运，无需立案"),),
    ),
    (
        "river",
        1,
        "张舍河河面漂浮垃圾",
        "张舍河胡埭段桥下河面有成片漂浮垃圾和水草，需要打捞。",
        "river",
        (),
    ),
)


def photo(seed: str, subject: str) -> bytes:
    """A JPEG standing in for the inspector's photo of ``subject`` (drawn, not taken)."""
    rng = random.Random(seed)
    image = Image.new("RGB", (960, 720), (176 + rng.randrange(40), 200, 226))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 380, 960, 720], fill=(118, 118, 124))  # the road
    for x in range(0, 960, 120):
        draw.rectangle([x + 20, 560, x + 80, 572], fill=(236, 236, 230))
    if subject == "manhole":
        draw.ellipse([360, 470, 600, 560], fill=(48, 48, 52), outline=(20, 20, 20), width=6)
    elif subject == "stall":
        for x in (140, 420, 700):
            draw.polygon([(x, 330), (x + 90, 250), (x + 180, 330)], fill=(200, 60, 50))
            draw.rectangle([x + 20, 330, x + 160, 420], fill=(150, 110, 70))
    elif subject == "bikes":
        for x in range(80, 880, 46):
            draw.ellipse([x, 470, x + 40, 510], outline=(240, 190, 40), width=5)
            draw.line([x + 20, 490, x + 60, 450], fill=(240, 190, 40), width=5)
    elif subject == "river":
        draw.rectangle([0, 380, 960, 720], fill=(70, 110, 120))  # the water instead
        for _ in range(40):
            x, y = rng.randrange(940), rng.randrange(400, 700)
            draw.ellipse([x, y, x + 20, y + 10], fill=(80 + rng.randrange(120), 150, 60))
    for _ in range(300):  # grain, so that no two photos are the same
        x, y = rng.randrange(960), rng.randrange(720)
        draw.point((x, y), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _appeal(now: dt.datetime):
    """A 12345 hotline appeal of the demo the inspector checks on the spot: one of the
    last month about a subject of the street, else the newest; None without any."""
    since = now - dt.timedelta(days=LIVE_DAYS)
    for subject in APPEAL_SUBJECTS:
        found = appeals_list(SYSTEM, channel="hotline", q=subject).filter(received_at__gte=since)
        if found.exists():
            return found.first()
    return appeals_list(SYSTEM, channel="hotline").first()


def _report(people: People, key: str, at: dt.datetime, fields: dict, subject: str):
    rng = random.Random(key)
    latitude, longitude = place(rng, fields.pop("place"))
    with clock.frozen(at):
        return event_report_once(
            actor=people.inspector,
            idempotency_key=f"{KEY}{key}",
            latitude=latitude,
            longitude=longitude,
            photos=[(f"{key}.jpg", photo(key, subject))],
            **fields,
        )


def _steps(people: People, event, now: dt.datetime, steps) -> None:
    for hours, action, role, department, note in steps:
        with clock.frozen(now - dt.timedelta(hours=hours)):
            if action == "dismiss":
                event_dismiss(actor=people.who(role), number=event.number, reason=note)
            else:
                step_taken((action, role, department, note), event, people)


def load_reports(log: Callable[[str], None], people: People, now: dt.datetime) -> None:
    made = 0
    for key, hours, title, description, subject, steps in REPORTS:
        fields = {
            "title": title,
            "description": description,
            "region_code": HUDAI,
            "place": HUDAI,
        }
        event = _report(people, key, now - dt.timedelta(hours=hours), fields, subject)
        _steps(people, event, now, steps)
        made += 1
    appeal = _appeal(now)
    if appeal is not None:
        made += _on_appeal(people, appeal, now)
    told = f"; one on 12345 appeal {appeal.number}" if appeal is not None else ""
    log(f"inspector's reports: {made}, each with a photo{told}")


def _on_appeal(people: People, appeal, now: dt.datetime) -> int:
    """The inspector checks a 12345 appeal on the spot and reports it, linked to it; the
    dispatcher registers it."""
    region = appeal.region.code
    if region not in OUTLINES and region not in TOWNS:
        region = HUDAI  # an appeal outside the districts the map draws: checked in the grid
    at = max(now - dt.timedelta(hours=9), min(now, appeal.received_at + dt.timedelta(hours=2)))
    fields = {
        "title": f"12345工单现场核实：{appeal.title}"[:100],
        "description": (
            f"按12345工单{appeal.number}到现场核实：{appeal.title}。情况属实，已拍照取证。"
        ),
        "region_code": region,
        "place": region,
        "appeal_number": appeal.number,
    }
    event = _report(people, "appeal", at, fields, "manhole")
    halfway = (now - at).total_seconds() / 7200
    _steps(people, event, now, [(halfway, "register", "dispatcher", "", "现场核实属实，立案")])
    return 1
