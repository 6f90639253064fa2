"""The demo alliance (seed 000, first article): 胡埭镇 (Wuxi) and 雪堰镇 (Changzhou) signed the
first cross-region agreement in June 2021 with 9 high-frequency items; 宜兴万石镇 joined
later and the list grew to 29 items in 5 categories. Made through the services; idempotent.
The history of cases is in ``history``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from onething.core.permissions import SYSTEM
from onething.crossregion.models import Alliance
from onething.crossregion.services.alliances import alliance_create, item_add, member_join
from onething.demo.catalog import cross_region_codes

from . import history

CODE = "xi-chang-3"
SIGNED = dt.date(2021, 6, 18)
WANSHI_JOINS = dt.date(2023, 3, 1)
# When the agreed list grew: the first nine on signing, then two extensions to 29.
EXTENSIONS = [(SIGNED, 9), (dt.date(2022, 3, 1), 17), (WANSHI_JOINS, 29)]
JOINT = {"320200-YB-004", "320200-SB-008", "320200-SSDJ-003"}  # parts in both towns
ONLINE_ONLY_AT_WINDOW = {"320200-MS-004"}  # 户口簿补领 is not offered online
# 高效协同 (the 2021 agreement's "高效协同"): decided in the applicant's town while the
# partner town's department checks the records it holds — the operator's registrations
# (个体工商户), the business licence and a prior food permit (食品经营), the social
# insurance record (社保卡), the medical insurance record (医保关系转移接续).
COLLABORATIVE = {
    "320200-SSDJ-001",
    "320200-SSDJ-002",
    "320200-SSDJ-005",
    "320200-SB-004",
    "320200-YB-004",
}


def modes_for(code: str) -> list[str]:
    modes = ["proxy"] if code in ONLINE_ONLY_AT_WINDOW else ["online", "proxy"]
    modes += ["joint"] if code in JOINT else []
    return modes + (["collaborative"] if code in COLLABORATIVE else [])


def setup(log: Callable[[str], None]) -> list[dict]:
    alliance = Alliance.objects.filter(code=CODE).first()
    if alliance is None:
        alliance = alliance_create(
            actor=SYSTEM,
            code=CODE,
            name="锡常宜跨域通办联盟",
            signed_on=SIGNED,
            description="胡埭镇与雪堰镇2021年6月签署首份政务服务跨域通办协议，宜兴万石镇后加入，三地联动。",
        )
        member_join(actor=SYSTEM, alliance=alliance, region_code="320211102", joined_on=SIGNED)
        member_join(actor=SYSTEM, alliance=alliance, region_code="320412114", joined_on=SIGNED)
        member_join(
            actor=SYSTEM, alliance=alliance, region_code="320282107", joined_on=WANSHI_JOINS
        )
        codes = cross_region_codes()
        start = 0
        for day, upto in EXTENSIONS:
            for code in codes[start:upto]:
                item_add(
                    actor=SYSTEM,
                    alliance=alliance,
                    item_code=code,
                    modes=modes_for(code),
                    added_on=day,
                )
            start = upto
    towns, items = alliance.members.count(), alliance.items.count()
    log(f"alliance: {alliance.name}, {towns} towns, {items} items")
    return []


def load_history(log: Callable[[str], None]) -> None:
    history.load_fixed(log)


def live(log: Callable[[str], None]) -> None:
    history.load_live(log)
