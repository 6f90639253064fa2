"""The demo city's city management, as seed 003 (红黑榜) tells it: the street offices the
streets stand in, the district city-management bureaus (城管局), the accounts, the published
scoring criteria and ranking categories, 春潮菜场支路 and 春星小学's shared car park, and the
2021 figures the records must add up to (¥8.7亿 on 250 back streets, 2.4万 new parking
spaces, 24万 networked)."""

from __future__ import annotations

import datetime as dt

YEAR = 2021
PROGRAMME_CODE = "WX-BJXX-2021"
PROGRAMME_NAME = "2021年市区背街小巷环境综合治理"
PROGRAMME_STREETS = 250
PROGRAMME_FEN = 87_000_000_000  # ¥8.7亿
NEW_SPACES = 24_000  # parking spaces opened in 2021 (新建成停车位2.4万个)
NETWORKED_SPACES = 240_000  # spaces whose data joined the network by the end of 2021 (24万)

CITY = "320200"
OFFICE = "WX-CG"  # 无锡市城市管理局: the city-management office

# the city's urban districts (市区: the programme's streets), their street offices (9-digit
# township codes: illustrative, as base.py's), the bureau managing their streets
# district → (short, bureau code, bureau name, [(office code, office name)])
DISTRICTS = {
    "320213": (
        "LX",
        "LX-CG",
        "梁溪区城市管理局",
        [
            ("320213001", "崇安寺街道"),
            ("320213002", "通江街道"),
            ("320213003", "广益街道"),
            ("320213006", "清名桥街道"),  # the base city's
        ],
    ),
    "320205": (
        "XS",
        "XS-CG",
        "锡山区城市管理局",
        [("320205001", "东亭街道"), ("320205002", "安镇街道"), ("320205102", "东港镇")],
    ),
    "320206": (
        "HS",
        "HS-CG",
        "惠山区城市管理局",
        [("320206001", "长安街道"), ("320206003", "钱桥街道"), ("320206002", "堰桥街道")],
    ),
    "320211": (
        "BH",
        "BH-CG",
        "滨湖区城市管理局",
        [
            ("320211001", "河埒街道"),
            ("320211002", "荣巷街道"),
            ("320211004", "蠡湖街道"),
            ("320211102", "胡埭镇"),
        ],
    ),
    "320214": (
        "XW",
        "XW-CG",
        "新吴区城市管理局",
        [
            ("320214001", "旺庄街道"),
            ("320214002", "硕放街道"),
            ("320214003", "江溪街道"),
            ("320214005", "梅村街道"),
        ],
    ),
}
# the county-level cities have their own bureaus (their lots are in the parking register)
OTHER_BUREAUS = [("JY-CG", "江阴市城市管理局", "320281"), ("YX-CG", "宜兴市城市管理局", "320282")]
# how many of the programme's 250 streets each district has
PROGRAMME_SHARE = {"320213": 70, "320205": 40, "320206": 40, "320211": 50, "320214": 50}
REGISTER_ONLY = 8  # streets per district in the register but not in the 2021 programme

XINWU, WANGZHUANG = "320214", "320214001"
XINWU_BUREAU = "XW-CG"

# username, role, scope, note (made in setup; listed with the demo's accounts)
OFFICE_OFFICER = "officer.chengguan"
XINWU_OFFICER = "officer.xw-cg"
INSPECTOR = "inspector.wangzhuang"
RESIDENT = "resident.wangzhuang"
RESIDENT_NAME = "李秀英"
ACCOUNTS = [
    (
        OFFICE_OFFICER,
        "officer",
        {"department": OFFICE},
        "city-management office, 无锡市城市管理局 (projects, scoring months, 红黑榜, plates)",
    ),
    (
        XINWU_OFFICER,
        "officer",
        {"department": XINWU_BUREAU},
        "officer, 新吴区城市管理局 (春星小学)",
    ),
    (INSPECTOR, "inspector", {"region": WANGZHUANG}, "grid inspector (网格员), 旺庄街道"),
    (RESIDENT, "applicant", {"person": RESIDENT_NAME}, "resident of 旺庄街道 (scores, plates)"),
]

# code, name, subject, criteria [(name, weight)], description
CATEGORIES = [
    (
        "back_streets",
        "背街小巷整治",
        "streets",
        [("居民评议", 50), ("巡查考评", 30), ("12345投诉", 20)],
        "按月综合评分：居民评议、网格员巡查和12345投诉，三项按权重合计。",
    ),
    (
        "markets",
        "农贸市场",
        "sites",
        [("环境卫生", 40), ("经营秩序", 30), ("设施设备", 20), ("群众满意度", 10)],
        "市、区两级城管部门对农贸市场及周边的检查考评。",
    ),
    (
        "building_sites",
        "建筑工地",
        "sites",
        [("文明施工", 40), ("扬尘管控", 30), ("渣土运输", 20), ("围挡公示", 10)],
        "建筑工地文明施工和周边市容环境的检查考评。",
    ),
]

# 春潮菜场支路 (旺庄街道, 新吴区): what its renovation did (seed 003)
CHUNCHAO = "春潮菜场支路"
CHUNCHAO_CODE = f"{WANGZHUANG}-01"
CHUNCHAO_ITEMS = [
    "road_repair",
    "railings",
    "shop_signs",
    "parking",
    "bike_parking",
    "rain_canopy",
    "ac_units",
    "flyposting",
    "walls",
    "greening",
]
CHUNCHAO_FEN = 568_000_000  # ¥568万
CHUNCHAO_DATES = (dt.date(2021, 3, 16), dt.date(2021, 4, 12), dt.date(2021, 8, 27))
CHUNCHAO_DESCRIPTION = (
    "附近居民的必经之路，农贸市场、学校、银行分布周围，人流量大。整治修复破损路面、加装道路隔离栏、"
    "统一设计门头店招、增设停车位和非机动车停车位，春潮农贸市场加装挡雨棚。"
)

# 春星小学's time-shared car park (错时共享车位)
SCHOOL = "春星小学"
LOT_CODE = "chunxing"
LOT_NAME = "春星小学错时共享停车场"
LOT_SPACES = 100
LOT_ADDRESS = "新吴区旺庄街道春潮菜场支路"
LOT_OPENED = dt.date(2013, 8, 26)  # the school's car park
SHARED_SINCE = dt.date(2021, 10, 11)  # the pilot: the car park joined the network
PUBLIC_FEE = 500  # fen an hour
# name, group, days, from, to, fee (fen an hour)
WINDOWS = [
    ("早高峰家长接送", "parent", "school_days", dt.time(7, 0), dt.time(8, 30), 0),
    ("晚高峰家长接送", "parent", "school_days", dt.time(15, 30), dt.time(17, 30), 0),
    ("夜间居民停车", "resident", "every_day", dt.time(19, 0), dt.time(7, 0), 0),
    ("社会车辆", "public", "every_day", dt.time(0, 0), dt.time(0, 0), PUBLIC_FEE),
]
GATES = [("chunxing-in", "春星小学东门入口"), ("chunxing-out", "春星小学东门出口")]
PARENTS, RESIDENTS = 60, 36  # approved registrations
OLD_ESTATE = "春潮新村"  # the old residential area nearby
