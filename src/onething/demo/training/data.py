"""The institute of seed 000 (无锡高新区产业科技创新人才实训学院, the report of 14 July
2025): the programme, its tracks and courses, the cohorts that ran since 2021 and the
figures the records must add up to as of the summer class's first day — more than 21,000
applications, 2,718 selected (参加实训), this summer's 750, 30 universities with a 学分互认
agreement and 1,271 placed with companies such as 药明合联 and 先导智能.

The seed dates the summer class and gives the totals; the earlier cohorts' sizes, the
courses, the dates of the application windows and the interview scores are illustrative,
chosen so that the totals come out as the seed says."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

SEED_DAY = dt.date(2025, 7, 14)  # the summer class starts (and the figures are read on it)
APPLICATIONS_OVER = 21_000  # "累计吸引报名超2.1万人"
SELECTED = 2_718  # "优选2718人参加实训"
PLACED = 1_271  # "输送人才1271名"
UNIVERSITIES = 30  # "合作院校已拓展至30所"

DISTRICT = "320214"  # 新吴区
DEPARTMENT = "XW-SXXY"
INSTITUTE = "无锡高新区产业科技创新人才实训学院"
INSTITUTE_SHORT = "实训学院"
INSTITUTE_ADDRESS = "无锡市新吴区菱湖大道200号中国传感网国际创新园"
INSTITUTE_FOUNDED = dt.date(2021, 3, 18)

PROGRAMME = "CXRC"
PROGRAMME_NAME = "产业科技创新人才实训"
PROGRAMME_ABOUT = (
    "面向海内外高校遴选专业对口的高潜力学生，在无锡高新区开展“实战+沉浸”实训：企业家班主任"
    "从课程设计到就业指导全程参与，通过考核的课程可按学分互认协议置换为所在高校学分。"
)

# track code → (name, description, the first cohort that taught it,
#   courses [(code, name, hours, credits, assessment)])
TRACKS = {
    "ai-chip": (
        "AI芯片",
        "面向人工智能的芯片架构、神经网络加速器与芯片验证，企业导师带教。",
        "2024S",
        [
            ("CX-AIC-01", "AI芯片架构与设计", 48, "3.0", "exam"),
            ("CX-AIC-02", "神经网络加速器开发实践", 64, "4.0", "project"),
            ("CX-AIC-03", "芯片验证与测试", 32, "2.0", "practice"),
        ],
    ),
    "algorithms": (
        "算法优化",
        "深度学习模型压缩与部署、高性能并行计算，结合企业真实项目。",
        "2021S",
        [
            ("CX-ALG-01", "深度学习模型压缩与优化", 48, "3.0", "exam"),
            ("CX-ALG-02", "高性能计算与并行编程", 48, "3.0", "project"),
            ("CX-ALG-03", "产业算法项目实战", 32, "2.0", "report"),
        ],
    ),
    "circuits": (
        "数字电路设计",
        "数字集成电路前端设计、FPGA开发验证与制造工艺认知，走进晶圆厂。",
        "2021S",
        [
            ("CX-DCD-01", "数字集成电路设计", 48, "3.0", "exam"),
            ("CX-DCD-02", "FPGA开发与验证", 64, "4.0", "project"),
            ("CX-DCD-03", "集成电路制造工艺认知", 24, "1.5", "practice"),
        ],
    ),
}
PASS_MARK = 60


@dataclass(frozen=True)
class CohortPlan:
    """A cohort of the history: its dates, places and how many applied. ``capacity`` is
    filled exactly (the waiting list moves up until it is)."""

    code: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    capacity: int
    applications: int
    opens: dt.date  # the application window (from 9:00 to 18:00 on its last day)
    closes: dt.date

    @property
    def summer(self) -> bool:
        return self.code.endswith("S")


def _summer(year: int, start: dt.date, capacity: int, applications: int) -> CohortPlan:
    return CohortPlan(
        f"{year}S",
        f"{year}年暑期实训班",
        start,
        start + dt.timedelta(days=61),
        capacity,
        applications,
        dt.date(year, 4, 15),
        dt.date(year, 6, 15),
    )


def _winter(year: int, start: dt.date, capacity: int, applications: int) -> CohortPlan:
    return CohortPlan(
        f"{year}W",
        f"{year}年寒假实训班",
        start,
        start + dt.timedelta(days=46),
        capacity,
        applications,
        dt.date(year - 1, 10, 20),
        dt.date(year - 1, 12, 5),
    )


# 1,968 places before this summer and 750 in it: 2,718; 21,366 applications in all
COHORTS = [
    _summer(2021, dt.date(2021, 7, 12), 120, 760),
    _winter(2022, dt.date(2022, 1, 10), 100, 690),
    _summer(2022, dt.date(2022, 7, 11), 220, 1450),
    _winter(2023, dt.date(2023, 1, 9), 150, 1080),
    _summer(2023, dt.date(2023, 7, 10), 330, 2260),
    _winter(2024, dt.date(2024, 1, 8), 200, 1510),
    _summer(2024, dt.date(2024, 7, 8), 480, 3290),
    _winter(2025, dt.date(2025, 1, 6), 368, 2980),
    _summer(2025, SEED_DAY, 750, 7346),
]
CURRENT = "2025S"  # 2025 暑期实训班: 14 July to 13 September, 750 places
OFFER_DAYS = 7

# the shares of a cohort's applications by how they ended (the rest were interviewed)
WITHDRAWN_SHARE = 0.012
REJECTED_SHARE = 0.42  # not passed the screening (初筛)
DECLINE_SHARE = 0.03  # of the first round's offers, declined
EXPIRE_SHARE = 0.01  # of the first round's offers, not answered in time
REAPPLY_SHARE = 0.06  # of a cohort's applicants, people who applied to an earlier one
FAIL_SHARE = 0.02  # of the grades, below the pass mark
PLACEMENT_ENDED_SHARE = 0.08  # of the placements begun more than a year before, ended

# degree, share; the graduation year is the cohort's year plus 0–3
DEGREE_SHARES = [("undergraduate", 0.74), ("master", 0.23), ("doctorate", 0.03)]
MAJORS = {
    "ai-chip": ["微电子科学与工程", "集成电路设计与集成系统", "电子科学与技术", "人工智能"],
    "algorithms": ["计算机科学与技术", "软件工程", "人工智能", "数据科学与大数据技术", "数学"],
    "circuits": ["电子信息工程", "微电子科学与工程", "通信工程", "自动化", "集成电路工程"],
}

# the numbers' series (core.services.numbering.next_in_sequence keys), advanced past the
# numbers the bulk history gives out, so the services' next numbers follow on
APPLICATION_SERIES = "training.application:{year}"  # SX + year + 6 digits
ENROLMENT_SERIES = "training.enrolment:{cohort}"  # XY + cohort code + 4 digits
OPENING_SERIES = "training_opening:{year}"  # GW + year + 5 digits

# the demo's accounts (usernames as the contract lists them; the password: base's)
STAFF = "institute"
TEACHER = "teacher.sx"
REGISTRAR_LZU = "registrar.lzu"
REGISTRAR_SYDNEY = "registrar.sydney"
ADVISER = "adviser.zwax"
HR = "hr.yaoming"
WEI = "student.wei"
ZHAO = "student.zhao"
NEWCOMER = "student.new"
# username → (role, scope, person's name or None, note)
ACCOUNTS = {
    STAFF: ("institute_staff", {"department": DEPARTMENT}, None, "实训学院 招生与教务"),
    TEACHER: ("institute_staff", {"department": DEPARTMENT}, None, "实训学院 教师"),
    REGISTRAR_LZU: ("university", {"university": "兰州大学"}, None, "兰州大学 教务处"),
    REGISTRAR_SYDNEY: ("university", {"university": "悉尼大学"}, None, "悉尼大学 registrar"),
    ADVISER: (
        "applicant",
        {"enterprise": "zwax"},
        "周振宇",
        "企业家班主任, 中微爱芯 (2025 暑期 AI芯片班)",
    ),
    HR: ("applicant", {"enterprise": "yaoming"}, "沈佳怡", "人事, 药明合联 (岗位与输送)"),
    WEI: ("applicant", {}, "魏同学", "学生, 兰州大学 材料与能源学院 (2025 暑期班)"),
    ZHAO: ("applicant", {}, "赵盛龙", "学生, 悉尼大学 计算机科学与技术 硕士 (2025 暑期班)"),
    NEWCOMER: ("applicant", {}, "林晓雯", "学生, 尚未报名 (可报名实训班)"),
}
# what the named students applied with (2025S)
NAMED_STUDENTS = {
    WEI: ("兰州大学", "材料科学与工程（材料与能源学院）", "undergraduate", 2026, "ai-chip"),
    ZHAO: ("悉尼大学", "计算机科学与技术", "master", 2026, "algorithms"),
}
