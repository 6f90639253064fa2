"""The institute's partner companies in seed 000: those whose leaders serve as 企业家班主任
(中微爱芯, 华润上华, 日联科技, 朗新科技), 深存科技 joining for the first time in 2025 (its
founder 袁静丰), and the companies the students are placed with (药明合联, 先导智能). The
seed names the companies and 袁静丰; the other advisers' names, the dates and the positions
are illustrative."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Company:
    key: str
    name: str  # the enterprise's registered name
    industry: str
    size: str
    field: str  # the partner's field at the institute
    joined_on: dt.date
    listed: bool
    specialised: bool  # 专精特新
    advisers: tuple[tuple[str, str, dt.date], ...] = ()  # (name, title, appointed on)
    positions: tuple[str, ...] = ()  # what its placements are
    weight: float = 1.0  # its share of the placements


COMPANIES = [
    Company(
        "zwax",
        "无锡中微爱芯电子有限公司",
        "集成电路设计",
        "medium",
        "集成电路",
        dt.date(2022, 3, 1),
        False,
        True,
        (("周振宇", "董事长", dt.date(2024, 6, 20)),),
        ("数字前端设计工程师", "芯片验证工程师", "模拟版图工程师"),
        1.0,
    ),
    Company(
        "crmicro",
        "无锡华润上华科技有限公司",
        "集成电路制造",
        "large",
        "集成电路",
        dt.date(2021, 5, 10),
        True,
        False,
        (("陈立军", "总经理", dt.date(2024, 6, 20)),),
        ("工艺整合工程师", "良率提升工程师", "设备工程师"),
        1.1,
    ),
    Company(
        "unicomp",
        "日联科技集团股份有限公司",
        "工业X射线检测设备制造",
        "large",
        "智能装备",
        dt.date(2022, 9, 1),
        True,
        True,
        (("刘晓峰", "总裁", dt.date(2024, 6, 20)),),
        ("图像算法工程师", "嵌入式软件工程师", "FPGA工程师"),
        0.9,
    ),
    Company(
        "longshine",
        "朗新科技集团股份有限公司",
        "能源数字化软件",
        "large",
        "人工智能",
        dt.date(2023, 3, 15),
        True,
        False,
        (("王静", "副总裁", dt.date(2024, 6, 20)),),
        ("算法工程师", "大数据开发工程师", "软件开发工程师"),
        0.9,
    ),
    Company(
        "shencun",
        "深存科技（无锡）有限公司",
        "人工智能芯片设计",
        "small",
        "人工智能",
        dt.date(2025, 5, 20),  # 首次参与实训的“新面孔”
        False,
        True,
        (("袁静丰", "创始人", dt.date(2025, 6, 30)),),
        ("AI芯片架构工程师", "深度学习编译器工程师"),
        0.3,
    ),
    Company(
        "yaoming",
        "无锡药明合联生物技术有限公司",
        "生物医药研发外包",
        "large",
        "生物医药",
        dt.date(2022, 6, 1),
        True,
        True,
        (),
        ("数据分析工程师", "自动化工程师", "研发信息化工程师"),
        2.0,
    ),
    Company(
        "leadintelligent",
        "无锡先导智能装备股份有限公司",
        "锂电池智能装备制造",
        "large",
        "智能装备",
        dt.date(2021, 5, 10),
        True,
        True,
        (),
        ("电气工程师", "机器视觉工程师", "运动控制工程师"),
        2.0,
    ),
]
COMPANY = {c.key: c for c in COMPANIES}
# the adviser classes of the 2025 summer cohort (company key → track), and of the
# cohorts before it that had advisers already (企业家班主任制度 "继续实施")
ADVISED_2025 = {
    "zwax": "ai-chip",
    "shencun": "ai-chip",
    "crmicro": "circuits",
    "unicomp": "circuits",
    "longshine": "algorithms",
}
ADVISED_BEFORE = {"2024S": ADVISED_2025, "2025W": ADVISED_2025}
