"""Demo cases, made by the real services "as of" past days (core.clock): applications
online and at the windows of 胡埭镇, 雪堰镇 and 万石镇, in every state — concluded with their
licences and ratings (one 不满意 with its rectification), waiting for acceptance, waiting
for a correction, one running late. Idempotent: each scenario is keyed and made once. The
year's history of cases follows in ``demo_history``."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from functools import cache
from zoneinfo import ZoneInfo

from fpdf import FPDF

from onething.catalog.demo import data as catalogue
from onething.core import clock
from onething.core.generate import chinese_name, resident_id
from onething.core.models import IdempotencyRecord, User
from onething.core.permissions import actor_for

from .services.intake import case_intake_at_window, case_submit
from .services.lifecycle import case_accept, case_conclude, case_hand_over, case_request_correction
from .services.materials import material_upload
from .services.ratings import evaluation_submit

SHANGHAI = ZoneInfo("Asia/Shanghai")


@cache
def scan() -> bytes:
    """A one-page PDF standing in for a scanned material."""
    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=14)
    doc.cell(text="scanned material (demo)")
    return bytes(doc.output())


def _at(days_ago: int, hour: int = 10) -> dt.datetime:
    day = clock.today() - dt.timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)


def _done(user: User, key: str, operation: str = "case.submit") -> bool:
    return IdempotencyRecord.objects.filter(
        owner=f"user:{user.pk}", operation=operation, key=key
    ).exists()


def _uploads(actor, item_code: str) -> list[int]:
    item = next(i for i in catalogue()["items"] if i["code"] == item_code)
    return [
        material_upload(
            actor=actor,
            material_type_code=m["material_type"],
            name=f"{m['material_type']}.pdf",
            data=scan(),
        ).pk
        for m in item["materials"]
        if m["requirement"] == "required"
    ]


FORMS = {
    "320200-SSDJ-001": {
        "business_name": "胡埭湖鲜小吃店",
        "operator_name": "张伟",
        "operator_id": "11010519491231002X",
        "address": "滨湖区胡埭镇鸿翔路8号",
        "scope": "小吃服务",
        "capital": 50000,
    },
    "320200-YB-003": {
        "destination": "上海市",
        "reason": "异地长期居住",
        "start_date": "2026-12-01",
    },
    "320200-SB-004": {"phone": "13800001234"},
    "320200-SB-002": {"phone": "13900001111", "start_month": "2026-01"},
    "320200-YB-002": {"phone": "13900002222"},
    "320200-SB-003": {"phone": "13900003333"},
}


def load(log: Callable[[str], None]) -> list[dict]:
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["zhangwei", "clerk.hudai", "clerk.xueyan", "officer.hudai"]
        )
    }
    zhang, clerk, officer = (
        actor_for(users[n]) for n in ("zhangwei", "clerk.hudai", "officer.hudai")
    )
    made = 0

    # 张伟's 个体工商户设立登记: online, accepted, approved the next day, rated 满意.
    if not _done(users["zhangwei"], "demo-1"):
        with clock.frozen(_at(40, 9)):
            case = case_submit(
                actor=zhang,
                item_code="320200-SSDJ-001",
                form=FORMS["320200-SSDJ-001"],
                material_ids=_uploads(zhang, "320200-SSDJ-001"),
                idempotency_key="demo-1",
            )
        with clock.frozen(_at(40, 11)):
            case_accept(actor=clerk, number=case.number)
        with clock.frozen(_at(39, 15)):
            case_conclude(actor=officer, number=case.number, outcome="approved")
        with clock.frozen(_at(38, 9)):
            evaluation_submit(
                actor=zhang, number=case.number, level=4, comment="一天就拿到执照，很方便。"
            )
        made += 1

    # 张伟's 异地就医备案: accepted, waiting for his corrected referral.
    if not _done(users["zhangwei"], "demo-2"):
        with clock.frozen(_at(6, 9)):
            case = case_submit(
                actor=zhang,
                item_code="320200-YB-003",
                form=FORMS["320200-YB-003"],
                material_ids=_uploads(zhang, "320200-YB-003"),
                idempotency_key="demo-2",
            )
        with clock.frozen(_at(6, 10)):
            case_accept(actor=clerk, number=case.number)
        with clock.frozen(_at(5, 10)):
            case_request_correction(
                actor=clerk, number=case.number, reason="转诊证明缺少医院盖章，请补充。"
            )
        made += 1

    # 张伟's 社会保障卡申领: accepted three weeks ago, 10 promised working days: overdue.
    if not _done(users["zhangwei"], "demo-3"):
        with clock.frozen(_at(21, 9)):
            case = case_submit(
                actor=zhang,
                item_code="320200-SB-004",
                form=FORMS["320200-SB-004"],
                material_ids=_uploads(zhang, "320200-SB-004"),
                idempotency_key="demo-3",
            )
        with clock.frozen(_at(21, 14)):
            case_accept(actor=clerk, number=case.number)
        made += 1

    # Walk-ins at the windows of 胡埭镇 and 雪堰镇 for instant items over the past weeks; one
    # rated 不满意, which opens a rectification.
    rng = random.Random(2021)
    for username in ("clerk.hudai", "clerk.xueyan"):
        actor = actor_for(users[username])
        for n, item_code in enumerate(["320200-SB-002", "320200-YB-002", "320200-SB-003"] * 2):
            key = f"demo-walk-in-{n}"
            if _done(users[username], key, "case.window_intake"):
                continue
            with clock.frozen(_at(30 - 4 * n, 9 + n % 6)):
                case = case_intake_at_window(
                    actor=actor,
                    id_number=resident_id(rng),
                    name=chinese_name(rng),
                    phone="139" + "".join(str(rng.randrange(10)) for _ in range(8)),
                    item_code=item_code,
                    form=FORMS[item_code],
                    material_ids=_uploads(actor, item_code),
                    delivery="window",
                    idempotency_key=key,
                )
                case_hand_over(actor=actor, number=case.number)
            made += 1
    # 张伟 also walks in at 胡埭 for 医保待遇资格认证 and is unhappy with the wait.
    if not _done(users["clerk.hudai"], "demo-zhang-walk-in", "case.window_intake"):
        from onething.core.crypto import keyring

        person = users["zhangwei"].person
        with clock.frozen(_at(12, 10)):
            case = case_intake_at_window(
                actor=clerk,
                id_number=keyring().decrypt(person.id_number_cipher, "person.id_number"),
                name=person.name,
                item_code="320200-YB-002",
                form=FORMS["320200-YB-002"],
                material_ids=_uploads(clerk, "320200-YB-002"),
                delivery="electronic",
                idempotency_key="demo-zhang-walk-in",
            )
        with clock.frozen(_at(11, 10)):
            evaluation_submit(
                actor=zhang, number=case.number, level=2, comment="排队等了四十分钟。"
            )
        made += 1
    log(f"cases: {made} new demo scenarios")
    from .demo_history import load as load_history

    load_history(log)
    return []
