"""春潮菜场支路's renovation (seed 003: "修复破损路面、加装道路隔离栏、统一设计门头店招、
增设停车位……"), through the project services as of each day: approved with the seed's
items, construction started, the progress payment and the final one, completed in August
2021, and its photos before and after (drawn, not taken)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from onething.citymgmt.services.streets import (
    project_complete,
    project_create,
    project_photo_add,
    project_spend,
    project_start,
)
from onething.core import clock
from onething.core.permissions import Actor

from ..timeline import at
from . import data


def renovate(office: Actor, plan) -> str:
    """The street's 2021 project through its milestones, with its photos; its number."""
    number = _renovate(office, plan)
    _photos(office, number)
    return number


def _renovate(office: Actor, plan) -> str:
    """The street's 2021 project through its milestones, each step as of its day."""
    project = plan.project
    with clock.frozen(at(project.approved, 10)):
        number = project_create(
            actor=office,
            street_code=plan.code,
            title=f"{plan.name}环境综合整治",
            items=project.items,
            budget_fen=project.budget_fen,
            programme_code=data.PROGRAMME_CODE,
            approved_on=project.approved,
        ).number
    with clock.frozen(at(project.started, 9)):
        project_start(actor=office, number=number, on=project.started, note="开工")
    for (day, amount), note in zip(project.spends, ("进度款", "结算款"), strict=True):
        with clock.frozen(at(day, 15)):
            project_spend(actor=office, number=number, amount_fen=amount, note=note)
    with clock.frozen(at(project.completed, 16)):
        project_complete(actor=office, number=number, on=project.completed, note="完工验收")
    return number


def _photos(office: Actor, number: str) -> None:
    """春潮菜场支路's before and after photos (drawn, not taken)."""
    approved, _started, completed = data.CHUNCHAO_DATES
    shots = [
        (approved, "before", "整治前：路面破损，车辆乱停", (150, 140, 130)),
        (approved, "before", "整治前：菜场门口无挡雨设施", (140, 135, 128)),
        (completed, "after", "整治后：路面修复，隔离栏和非机动车停车位", (120, 170, 200)),
        (completed, "after", "整治后：春潮农贸市场挡雨棚、统一店招", (110, 180, 150)),
    ]
    for n, (day, phase, caption, colour) in enumerate(shots, 1):
        with clock.frozen(at(day, 17)):
            project_photo_add(
                actor=office,
                number=number,
                phase=phase,
                name=f"chunchao-{phase}-{n}.jpg",
                data=picture(caption, colour),
                caption=caption,
                idempotency_key=f"demo-chunchao-photo-{n}",
            )


def picture(caption: str, colour: tuple[int, int, int]) -> bytes:
    """A JPEG standing in for a photo of the street (drawn, not taken)."""
    image = Image.new("RGB", (960, 640), colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, 960, 120):
        draw.rectangle((x + 10, 380, x + 100, 600), fill=(colour[0] - 40, colour[1] - 40, 90))
    draw.rectangle((0, 600, 960, 640), fill=(80, 80, 80))
    draw.text((24, 24), caption.encode("ascii", "ignore").decode() or "street", fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
