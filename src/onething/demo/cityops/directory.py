"""The demo city's organisation directory and its units on 锡心办, the collaborative office
(seed 003: "完成80家市级机关单位、267个区级机关单位、41个街道、123个社区覆盖"): the city's units,
each district's, the streets and towns, their communities; a few of each not on the
office (yet), so that the coverage is counted, not assumed. Added through core's
directory service, once."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from onething.core import clock
from onething.core.models import Department, DirectoryUnit
from onething.core.permissions import SYSTEM
from onething.core.selectors.directory import collaborative_office_coverage
from onething.core.services.directory import UnitSpec, directory_units_add

from ..timeline import SEED_003, at
from .geo import CENTRES

CITY = "320200"
# level → how many units on the collaborative office (the seed's figures)
ON_OFFICE = {"city": 80, "district": 267, "street": 41, "community": 123}

CITY_UNITS = (
    "中共无锡市委办公室",
    "无锡市人大常委会办公室",
    "无锡市人民政府办公室",
    "政协无锡市委员会办公室",
    "中共无锡市纪律检查委员会",
    "中共无锡市委组织部",
    "中共无锡市委宣传部",
    "中共无锡市委统战部",
    "中共无锡市委政法委员会",
    "中共无锡市委网络安全和信息化委员会办公室",
    "中共无锡市委机构编制委员会办公室",
    "无锡市发展和改革委员会",
    "无锡市教育局",
    "无锡市科学技术局",
    "无锡市工业和信息化局",
    "无锡市民族宗教事务局",
    "无锡市公安局",
    "无锡市民政局",
    "无锡市司法局",
    "无锡市财政局",
    "无锡市人力资源和社会保障局",
    "无锡市自然资源和规划局",
    "无锡市生态环境局",
    "无锡市住房和城乡建设局",
    "无锡市城市管理局",
    "无锡市交通运输局",
    "无锡市水利局",
    "无锡市农业农村局",
    "无锡市商务局",
    "无锡市文化广电和旅游局",
    "无锡市卫生健康委员会",
    "无锡市退役军人事务局",
    "无锡市应急管理局",
    "无锡市审计局",
    "无锡市人民政府国有资产监督管理委员会",
    "无锡市市场监督管理局",
    "无锡市体育局",
    "无锡市统计局",
    "无锡市医疗保障局",
    "无锡市数据局",
    "无锡市信访局",
    "无锡市机关事务管理局",
    "无锡市地方金融管理局",
    "无锡市粮食和物资储备局",
    "无锡市人民防空办公室",
    "无锡市市政和园林局",
    "无锡市行政审批局",
    "无锡市人民政府外事办公室",
    "无锡市档案馆",
    "无锡市供销合作总社",
    "无锡市气象局",
    "无锡市消防救援支队",
    "国家税务总局无锡市税务局",
    "无锡市住房公积金管理中心",
    "无锡市总工会",
    "共青团无锡市委员会",
    "无锡市妇女联合会",
    "无锡市残疾人联合会",
    "无锡市红十字会",
    "无锡市科学技术协会",
    "无锡市工商业联合会",
    "无锡市公安局交通警察支队",
    "江苏省水文水资源勘测局无锡分局",
    "无锡市政务服务管理办公室",
    "无锡市大数据管理中心",
    "无锡市12345政务服务便民热线",
    "无锡市城市运行管理中心",
    "无锡市网格化服务管理中心",
    "无锡市疾病预防控制中心",
    "无锡市急救中心",
    "无锡市融媒体中心",
    "无锡市中级人民法院",
    "无锡市人民检察院",
    "无锡市文学艺术界联合会",
    "中共无锡市委党校",
    "中共无锡市委老干部局",
    "中共无锡市委研究室",
    "无锡市人民政府研究室",
    "中共无锡市委台湾工作办公室",
    "中共无锡市委机要保密局",
    "无锡市归国华侨联合会",
    "无锡市社会科学界联合会",
    "无锡市人民政府驻北京联络处",
    "无锡市地方志办公室",
    "无锡市人民政府参事室",
)

# the city's companies in the directory (water, transport, energy, telecoms, state-owned
# groups): not 机关单位, and not on the collaborative office
CITY_COMPANIES = (
    "无锡市水务集团有限公司",
    "无锡市公共交通集团有限责任公司",
    "无锡地铁集团有限公司",
    "国网江苏省电力有限公司无锡供电分公司",
    "无锡华润燃气有限公司",
    "中国移动通信集团江苏有限公司无锡分公司",
    "中国电信股份有限公司无锡分公司",
    "中国联合网络通信有限公司无锡市分公司",
    "无锡城市发展集团有限公司",
    "无锡市交通产业集团有限公司",
    "无锡市文化旅游发展集团有限公司",
)

DISTRICT_UNITS = (
    "委办公室",
    "人大常委会办公室",
    "人民政府办公室",
    "政协办公室",
    "纪委监委",
    "委组织部",
    "委宣传部",
    "委政法委",
    "发展和改革委员会",
    "教育局",
    "科学技术局",
    "工业和信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划分局",
    "生态环境局",
    "住房和城乡建设局",
    "城市管理局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化体育和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "数据局",
    "信访局",
    "行政审批局",
    "消防救援大队",
    "税务局",
    "融媒体中心",
    "网格化服务管理中心",
)

STREETS = {
    "320213": (
        "崇安寺街道",
        "通江街道",
        "广益街道",
        "江海街道",
        "上马墩街道",
        "清名桥街道",
        "金星街道",
        "扬名街道",
    ),
    "320205": ("东亭街道", "安镇街道", "厚桥街道", "东北塘街道", "云林街道", "东港镇"),
    "320206": ("堰桥街道", "长安街道", "钱桥街道", "前洲街道", "玉祁街道", "洛社镇"),
    "320211": (
        "河埒街道",
        "荣巷街道",
        "蠡园街道",
        "蠡湖街道",
        "华庄街道",
        "太湖街道",
        "雪浪街道",
        "胡埭镇",
    ),
    "320214": ("旺庄街道", "硕放街道", "江溪街道", "新安街道", "梅村街道", "鸿山街道"),
    "320281": ("澄江街道", "南闸街道", "云亭街道", "申港街道", "夏港街道", "城东街道"),
    "320282": ("宜城街道", "屺亭街道", "新街街道", "新庄街道", "万石镇"),
}
COMMUNITIES = 130
STEMS_FIRST = "锦和安康福瑞祥嘉华新春盛兴永泰金丽景怡"
STEMS_SECOND = "园苑城湾庭里坊"


def _joined(rng: random.Random, start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(days))


def _on(rng: random.Random, n: int, on: int) -> list[bool]:
    """Which of ``n`` units are on the office: exactly ``on`` of them, drawn."""
    chosen = set(rng.sample(range(n), on))
    return [i in chosen for i in range(n)]


# the streets and towns that are regions of the demo city (the rest are in their district)
TOWN_REGIONS = {
    "胡埭镇": "320211102",
    "清名桥街道": "320213006",
    "堰桥街道": "320206002",
    "东港镇": "320205102",
    "申港街道": "320281009",
    "万石镇": "320282107",
}


def unit_specs() -> list[UnitSpec]:
    """The directory's units, parents first, drawn with a fixed seed."""
    rng = random.Random(20210902)
    departments = dict(Department.objects.values_list("name", "code"))
    specs: list[UnitSpec] = []
    city_on = _on(rng, len(CITY_UNITS), ON_OFFICE["city"]) + [False] * len(CITY_COMPANIES)
    city_units = CITY_UNITS + CITY_COMPANIES
    for n, (name, on) in enumerate(zip(city_units, city_on, strict=True), 1):
        specs.append(
            UnitSpec(
                code=f"XXB-C-{n:03d}",
                name=name,
                level="city",
                region_code=CITY,
                department_code=departments.get(name, ""),
                on_collaborative_office=on,
                joined_on=_joined(rng, dt.date(2021, 6, 1), 92) if on else None,
            )
        )
    district_units = [(d, unit) for d in CENTRES for unit in DISTRICT_UNITS]
    district_on = _on(rng, len(district_units), ON_OFFICE["district"])
    for n, ((district, unit), on) in enumerate(zip(district_units, district_on, strict=True), 1):
        name = CENTRES[district][0]
        specs.append(
            UnitSpec(
                code=f"XXB-D-{n:03d}",
                name=f"{name}{unit}",
                level="district",
                region_code=district,
                department_code=departments.get(f"{name}{unit}", ""),
                on_collaborative_office=on,
                joined_on=_joined(rng, dt.date(2021, 7, 1), 120) if on else None,
            )
        )
    streets = [(d, s) for d, names in STREETS.items() for s in names]
    street_on = _on(rng, len(streets), ON_OFFICE["street"])
    street_codes = []
    for n, ((district, street), on) in enumerate(zip(streets, street_on, strict=True), 1):
        code = f"XXB-S-{n:03d}"
        street_codes.append((code, district, street, on))
        specs.append(
            UnitSpec(
                code=code,
                name=f"{CENTRES[district][0]}{street}",
                level="street",
                region_code=TOWN_REGIONS.get(street, district),
                on_collaborative_office=on,
                joined_on=_joined(rng, dt.date(2021, 8, 1), 120) if on else None,
            )
        )
    stems = [a + b for a in STEMS_FIRST for b in STEMS_SECOND]
    rng.shuffle(stems)
    # a community on the office belongs to a street on it
    community_on = [True] * ON_OFFICE["community"] + [False] * (
        COMMUNITIES - ON_OFFICE["community"]
    )
    on_streets = [s for s in street_codes if s[3]]
    for n, on in enumerate(community_on, 1):
        code, district, street, _on_office = (on_streets if on else street_codes)[
            (n - 1) % len(on_streets if on else street_codes)
        ]
        root = street.removesuffix("街道").removesuffix("镇")
        specs.append(
            UnitSpec(
                code=f"XXB-Q-{n:03d}",
                name=f"{root}{stems[n - 1]}社区",
                level="community",
                region_code=TOWN_REGIONS.get(street, district),
                parent_code=code,
                on_collaborative_office=on,
                joined_on=_joined(rng, dt.date(2021, 9, 1), 100) if on else None,
            )
        )
    return specs


def load_directory(log: Callable[[str], None]) -> None:
    """The directory's units, once."""
    specs = unit_specs()
    made = set(
        DirectoryUnit.objects.filter(code__in=[s.code for s in specs]).values_list(
            "code", flat=True
        )
    )
    missing = [s for s in specs if s.code not in made]
    if missing:  # as the seed's article counted them
        with clock.frozen(at(SEED_003, 9)):
            directory_units_add(actor=SYSTEM, units=missing)
    coverage = collaborative_office_coverage()
    log(
        f"锡心办 directory: {len(missing)} new units; on the office: {coverage['city']} city, "
        f"{coverage['district']} district, {coverage['street']} streets, "
        f"{coverage['community']} communities"
    )
