"""The generated registry of the demo city: "全市6000余名劳模" of the seed, of whom exactly
4,735 are of a level that gets a card (市级及以上, 享受待遇人员 included: the first batch's
4,735 cards) and the others district-level honorees (区级劳模, no card). Names and valid
resident ID numbers from ``core.generate``; deterministic (seeded). The rows come in three
files, as the union would have imported them: the registry of 2023, and the honorees
awarded in 2024 and in 2025."""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass

from openpyxl import Workbook

from onething.cards.services.importer import COLUMNS
from onething.core.crypto import keyring
from onething.core.generate import chinese_name, mobile, resident_id
from onething.core.identity import PII_FIELDS
from onething.core.models import Person

from . import directory

CARD_HOLDERS = 4735  # the first batch (the two named honorees included)
DISTRICT = 1400
SEED = 6000
# level: (share of the card holders, titles); district-level honorees by their district
LEVELS = {
    "national": (0.02, ["全国劳动模范", "全国先进工作者"]),
    "provincial": (0.13, ["江苏省劳动模范", "江苏省先进工作者"]),
    "municipal": (0.76, ["无锡市劳动模范", "无锡市先进工作者"]),
    "treated": (0.09, ["享受市级劳模待遇人员"]),
}
LEVEL_NAMES = {"national": "全国", "provincial": "省部级", "municipal": "市级"}
LEVEL_NAMES |= {"treated": "享受待遇人员", "district": "区级"}
DISTRICTS = {  # region code: district name
    "320213": "梁溪区",
    "320205": "锡山区",
    "320206": "惠山区",
    "320211": "滨湖区",
    "320214": "新吴区",
    "320281": "江阴市",
    "320282": "宜兴市",
}
WORK_UNITS = [
    "无锡地铁集团有限公司",
    "无锡市公共交通集团有限责任公司",
    "无锡透平叶片有限公司",
    "一汽解放汽车有限公司无锡柴油机厂",
    "海澜集团有限公司",
    "红豆集团有限公司",
    "江苏阳光集团有限公司",
    "无锡市人民医院",
    "江南大学附属医院",
    "无锡市第一中学",
    "无锡市供电公司",
    "中国船舶集团第七〇二研究所",
    "无锡华润微电子有限公司",
    "SK海力士半导体（中国）有限公司",
    "远景能源有限公司",
    "双良集团有限公司",
    "兴澄特钢有限公司",
    "无锡市政公用产业集团有限公司",
    "无锡市消防救援支队",
    "宜兴市丁蜀镇紫砂工艺厂",
    "江阴市华西村",
    "无锡市太湖新城建设发展有限公司",
    "无锡市环境卫生管理处",
    "无锡市公安局交通警察支队",
    "惠山区洛社镇农业服务中心",
]
FILES = [  # file name, the day it was imported, the years of award it holds
    ("劳模服务数据库-2023.xlsx", dt.datetime(2023, 9, 12, 10, 0), (1979, 2023)),
    ("2024年新增劳模.xlsx", dt.datetime(2024, 5, 8, 10, 0), (2024, 2024)),
    ("2025年新增劳模.xlsx", dt.datetime(2025, 5, 6, 10, 0), (2025, 2025)),
]


@dataclass
class Row:
    name: str
    id_number: str
    phone: str
    region_code: str
    level: str
    title: str
    year: int
    work_unit: str

    def cells(self) -> list:
        return [
            self.name,
            self.id_number,
            self.phone,
            self.region_code,
            LEVEL_NAMES[self.level],
            self.title,
            self.year,
            self.work_unit,
        ]


def _year(rng: random.Random) -> int:
    """Most honours are old; a few are of 2024 and 2025 (the later files)."""
    draw = rng.random()
    if draw < 0.03:
        return 2025
    if draw < 0.06:
        return 2024
    return rng.randint(1979, 2023)


def _levels(rng: random.Random) -> list[str]:
    holders = CARD_HOLDERS - len(directory.NAMED)
    levels: list[str] = []
    for level, (share, _titles) in LEVELS.items():
        levels += [level] * round(holders * share)
    levels = (levels + ["municipal"] * holders)[:holders]  # rounding: exactly the holders
    levels += ["district"] * DISTRICT
    rng.shuffle(levels)
    return levels


def rows() -> list[Row]:
    """Every generated honoree (the named two are not among them), in a fixed order."""
    rng = random.Random(SEED)
    generated = []
    for level in _levels(rng):
        region = rng.choice(list(DISTRICTS))
        title = (
            f"{DISTRICTS[region]}劳动模范" if level == "district" else rng.choice(LEVELS[level][1])
        )
        generated.append(
            Row(
                name=chinese_name(rng),
                id_number=resident_id(rng),
                phone=mobile(rng) if rng.random() < 0.8 else "",
                region_code=region,
                level=level,
                title=title,
                year=_year(rng),
                work_unit=rng.choice(WORK_UNITS),
            )
        )
    _unique_numbers(generated)
    return generated


def _unique_numbers(generated: list[Row]) -> None:
    """Give a fresh number to a row whose number is repeated or held by a person of the
    platform who is not an honoree (an honoree's is the row's own, imported before)."""
    digest = {
        r.id_number: keyring().digest(r.id_number, PII_FIELDS["id_number"]) for r in generated
    }
    keys = list(digest.values())
    others: set[str] = set()
    for start in range(0, len(keys), 500):
        others |= set(
            Person.objects.filter(
                id_number_digest__in=keys[start : start + 500], honoree__isnull=True
            ).values_list("id_number_digest", flat=True)
        )
    seen: set[str] = set()
    for index, row in enumerate(generated):
        attempt = 0
        while row.id_number in seen or digest.get(row.id_number) in others:
            attempt += 1
            row.id_number = resident_id(random.Random(f"{SEED}-{index}-{attempt}"))
            digest[row.id_number] = keyring().digest(row.id_number, PII_FIELDS["id_number"])
        seen.add(row.id_number)


def files(generated: list[Row]) -> list[tuple[str, dt.datetime, list[Row]]]:
    """The rows by import file (by the year of their award)."""
    return [
        (name, moment, [r for r in generated if first <= r.year <= last])
        for name, moment, (first, last) in FILES
    ]


def workbook(part: list[Row]) -> bytes:
    """The .xlsx union staff upload: the importer's header, one honoree a row."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(COLUMNS))
    for row in part:
        sheet.append(row.cells())
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
