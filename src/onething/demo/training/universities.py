"""The universities of seed 000 with a 学分互认 agreement with the institute: 30 valid on
14 July 2025, several 985 ones (兰州大学 counting the courses as electives, "纳入选修体系")
and some overseas (悉尼大学); 江南大学's renewed once; plus one whose agreement ended before
(南通大学) and one that never had one (上海理工大学). The dates, the courses each counts, the
credits and the grade conversions are illustrative."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Agreement:
    number: str
    signed_on: dt.date
    valid_until: dt.date | None
    scheme: str  # percent, five_level, pass_fail, gpa4
    counts: str = "all"  # "all", "graded" (exams and projects), or a list of course codes
    credits: str | None = None  # the credits given per course (None: the course's own)
    elective: str = ""
    terminated_on: dt.date | None = None
    courses: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class University:
    name: str
    english: str
    country: str = "中国"
    is_985: bool = False
    overseas: bool = False
    agreements: tuple[Agreement, ...] = ()
    weight: float = 1.0  # its share of the applications


def _a(number, signed, until, scheme, counts="all", credits=None, elective="", terminated=None):
    courses = tuple(counts) if isinstance(counts, list | tuple) else ()
    kind = "list" if courses else counts
    return Agreement(number, signed, until, scheme, kind, credits, elective, terminated, courses)


D = dt.date
LZU_ELECTIVE = "纳入选修体系：专业选修课（产业实训模块），通过考核即可置换校内学分"
SYDNEY_COURSES = ["CX-ALG-01", "CX-ALG-02", "CX-AIC-01"]

UNIVERSITIES = [
    # 985 universities
    University(
        "兰州大学",
        "Lanzhou University",
        is_985=True,
        weight=1.4,
        agreements=(
            _a("XY-2024-001", D(2024, 3, 1), D(2027, 2, 28), "percent", elective=LZU_ELECTIVE),
        ),
    ),
    University(
        "东南大学",
        "Southeast University",
        is_985=True,
        weight=1.6,
        agreements=(_a("XY-2021-002", D(2021, 6, 1), D(2031, 5, 31), "percent", "graded"),),
    ),
    University(
        "南京大学",
        "Nanjing University",
        is_985=True,
        weight=1.2,
        agreements=(_a("XY-2022-001", D(2022, 4, 20), D(2027, 4, 19), "five_level", "graded"),),
    ),
    University(
        "西安交通大学",
        "Xi'an Jiaotong University",
        is_985=True,
        agreements=(_a("XY-2023-003", D(2023, 3, 10), None, "percent"),),
    ),
    University(
        "华中科技大学",
        "Huazhong University of Science and Technology",
        is_985=True,
        agreements=(_a("XY-2023-004", D(2023, 5, 8), D(2028, 5, 7), "gpa4", "graded"),),
    ),
    University(
        "电子科技大学",
        "University of Electronic Science and Technology of China",
        is_985=True,
        agreements=(_a("XY-2024-002", D(2024, 4, 2), None, "percent"),),
    ),
    University(
        "西北工业大学",
        "Northwestern Polytechnical University",
        is_985=True,
        agreements=(_a("XY-2024-003", D(2024, 5, 15), None, "five_level"),),
    ),
    University(
        "大连理工大学",
        "Dalian University of Technology",
        is_985=True,
        agreements=(_a("XY-2025-003", D(2025, 3, 18), D(2030, 3, 17), "percent", "graded"),),
    ),
    # other universities at home
    University(
        "江南大学",
        "Jiangnan University",
        weight=3.0,
        agreements=(
            _a("XY-2021-001", D(2021, 5, 6), D(2024, 6, 30), "percent"),
            _a("XY-2024-004", D(2024, 7, 1), D(2029, 6, 30), "percent"),  # renewed
        ),
    ),
    University(
        "南京航空航天大学",
        "Nanjing University of Aeronautics and Astronautics",
        agreements=(_a("XY-2022-002", D(2022, 5, 12), None, "percent", "graded"),),
    ),
    University(
        "南京理工大学",
        "Nanjing University of Science and Technology",
        agreements=(_a("XY-2022-003", D(2022, 5, 30), None, "percent"),),
    ),
    University(
        "西安电子科技大学",
        "Xidian University",
        weight=1.5,
        agreements=(_a("XY-2022-004", D(2022, 10, 9), None, "percent"),),
    ),
    University(
        "南京邮电大学",
        "Nanjing University of Posts and Telecommunications",
        weight=1.8,
        agreements=(_a("XY-2021-003", D(2021, 6, 10), None, "percent"),),
    ),
    University(
        "苏州科技大学",
        "Suzhou University of Science and Technology",
        agreements=(_a("XY-2023-001", D(2023, 1, 5), None, "pass_fail"),),
    ),
    University(
        "江苏大学",
        "Jiangsu University",
        weight=1.3,
        agreements=(_a("XY-2022-005", D(2022, 11, 3), None, "percent"),),
    ),
    University(
        "常州大学",
        "Changzhou University",
        weight=1.3,
        agreements=(_a("XY-2023-002", D(2023, 2, 20), None, "percent"),),
    ),
    University(
        "杭州电子科技大学",
        "Hangzhou Dianzi University",
        weight=1.2,
        agreements=(_a("XY-2023-005", D(2023, 9, 1), None, "five_level", "graded"),),
    ),
    University(
        "合肥工业大学",
        "Hefei University of Technology",
        agreements=(_a("XY-2023-006", D(2023, 10, 16), None, "percent"),),
    ),
    University(
        "河海大学",
        "Hohai University",
        agreements=(_a("XY-2024-005", D(2024, 9, 5), None, "percent", "graded"),),
    ),
    University(
        "南京信息工程大学",
        "Nanjing University of Information Science and Technology",
        agreements=(_a("XY-2023-007", D(2023, 11, 20), None, "percent"),),
    ),
    University(
        "无锡学院",
        "Wuxi University",
        weight=2.5,
        agreements=(_a("XY-2021-004", D(2021, 6, 18), None, "percent"),),
    ),
    University(
        "江苏科技大学",
        "Jiangsu University of Science and Technology",
        agreements=(_a("XY-2024-006", D(2024, 10, 8), None, "pass_fail"),),
    ),
    University(
        "扬州大学",
        "Yangzhou University",
        agreements=(_a("XY-2024-007", D(2024, 11, 12), None, "percent"),),
    ),
    University(
        "中国矿业大学",
        "China University of Mining and Technology",
        agreements=(_a("XY-2025-001", D(2025, 1, 6), None, "percent", "graded"),),
    ),
    University(
        "北京邮电大学",
        "Beijing University of Posts and Telecommunications",
        agreements=(_a("XY-2025-004", D(2025, 4, 1), None, "gpa4", "graded"),),
    ),
    # overseas
    University(
        "悉尼大学",
        "The University of Sydney",
        "澳大利亚",
        overseas=True,
        weight=0.8,
        agreements=(_a("XY-2025-002", D(2025, 1, 10), None, "five_level", SYDNEY_COURSES, "1.5"),),
    ),
    University(
        "新南威尔士大学",
        "UNSW Sydney",
        "澳大利亚",
        overseas=True,
        weight=0.6,
        agreements=(_a("XY-2024-008", D(2024, 12, 2), None, "five_level", "graded", "1.5"),),
    ),
    University(
        "莫纳什大学",
        "Monash University",
        "澳大利亚",
        overseas=True,
        weight=0.4,
        agreements=(_a("XY-2025-005", D(2025, 5, 6), None, "pass_fail", "graded"),),
    ),
    University(
        "诺丁汉大学",
        "University of Nottingham",
        "英国",
        overseas=True,
        weight=0.4,
        agreements=(_a("XY-2025-006", D(2025, 6, 3), None, "gpa4", ["CX-ALG-01", "CX-DCD-01"]),),
    ),
    University(
        "南洋理工大学",
        "Nanyang Technological University",
        "新加坡",
        overseas=True,
        weight=0.4,
        agreements=(_a("XY-2024-009", D(2024, 8, 26), None, "pass_fail", "graded"),),
    ),
    # an agreement that ended before the summer of 2025, and a university without one
    University(
        "南通大学",
        "Nantong University",
        weight=0.8,
        agreements=(_a("XY-2021-005", D(2021, 9, 1), D(2023, 8, 31), "percent"),),
    ),
    University("上海理工大学", "University of Shanghai for Science and Technology", weight=0.8),
]
LANZHOU, SYDNEY, ENDED, NO_AGREEMENT = "兰州大学", "悉尼大学", "南通大学", "上海理工大学"
