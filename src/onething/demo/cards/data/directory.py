"""The demo city's honour-card directory: operators, venues, tariffs, benefits, gates and
the two honorees the seed report names. Plain data; ``cards.demo`` saves it through the
services.

What a venue is: for a scenic spot, the spot (one gate price); for a transit operator, the
network it charges one fare on as the union settles it — a metro line (the gates are at
its stations; the union pays one average fare per ride on the line, as the metro bills
it), and the city's bus network (one flat fare). The tariffs are ILLUSTRATIVE: the metro
line's average fare 3 yuan (Wuxi's fares run 2–7 yuan by distance), the bus fare 2 yuan,
the scenic spots about their gate prices; check them against the operators' agreements.
"""

from __future__ import annotations

import datetime as dt

from onething.cards.rules.eligibility import CARD_LEVELS

# Seed 000 (mid-July 2025): the 2023 database gave every honoree a digital certificate
# ("一人一码"); "今年" the union issued the first 4,735 physical cards on the 太湖交通卡, and
# the benefits hold from June 2025.
PROGRAMME_START = dt.date(2025, 6, 1)  # the benefits and tariffs hold from this day
TIMES = {  # when the union set things up (the clock is frozen at these moments)
    "key": dt.datetime(2023, 9, 8, 10, 0),
    "registry": dt.datetime(2023, 9, 12, 9, 30),
    "certificates": dt.datetime(2023, 9, 15, 10, 0),
    "directory": dt.datetime(2025, 5, 20, 10, 0),
    "batch": dt.datetime(2025, 5, 26, 9, 0),
    "pool": dt.datetime(2025, 5, 28, 15, 0),
    "cards": dt.datetime(2025, 5, 30, 10, 0),
    "scenes": dt.datetime(2025, 8, 20, 10, 0),  # the union signs up the seed's next scenes
}
# The seed (mid-July 2025): "市总工会探索将'无锡劳模卡'应用拓展至医院就诊绿色通道、餐饮商圈
# 优惠等生活场景 … 建立专项资金结算机制，由工会预设补贴资金池". In the demo both scenes hold
# from this day: the hospital's green channel and the dining offers of one 商圈.
SCENES_START = dt.date(2025, 9, 1)


POOL_OPENING_FEN = 20_000_000  # ¥200,000.00, the union's opening top-up
POOL_WARNING_FEN = 5_000_000  # warn below ¥50,000.00

# code, name, kind
OPERATORS = [
    ("wx-metro", "无锡地铁集团有限公司", "metro"),
    ("wx-bus", "无锡市公共交通集团有限责任公司", "bus"),
    ("ytz", "无锡鼋头渚风景区管理处", "scenic"),
    ("liyuan", "无锡蠡园管理处", "scenic"),
    ("meiyuan", "无锡梅园横山风景区管理处", "scenic"),
    ("huishan", "无锡惠山古镇景区管理有限公司", "scenic"),
    ("wx-rmyy", "无锡市人民医院", "hospital"),
]

# code, name, operator, tariff in fen (illustrative, see above; None: no tariff, as the
# green channel's priority service is never charged)
VENUES = [
    ("metro-1", "地铁1号线", "wx-metro", 300),
    ("metro-2", "地铁2号线", "wx-metro", 300),
    ("metro-3", "地铁3号线", "wx-metro", 300),
    ("metro-4", "地铁4号线", "wx-metro", 300),
    ("bus", "无锡公交（市区线路）", "wx-bus", 200),
    ("ytz", "鼋头渚", "ytz", 9000),
    ("liyuan", "蠡园", "liyuan", 4500),
    ("meiyuan", "梅园", "meiyuan", 4000),
    ("huishan", "惠山古镇", "huishan", 7000),
    ("rmyy-green", "市人民医院 就医绿色通道", "wx-rmyy", None),
]
METRO = [code for code, _n, operator, _t in VENUES if operator == "wx-metro"]
SCENIC = ["ytz", "liyuan", "meiyuan", "huishan"]

# name, venues, kind, daily cap, valid from: for the card levels (市级及以上, 享受待遇人员 included)
BENEFITS = [
    ("地铁免费乘车", METRO, "free_ride", None, PROGRAMME_START),
    ("公交免费乘车", ["bus"], "free_ride", None, PROGRAMME_START),
    ("景区免费入园（每日一次）", SCENIC, "free_entry", 1, PROGRAMME_START),
    # 优先挂号、优先就诊、优先检查、陪同服务 at the desk: recorded, never charged
    ("医院就诊绿色通道", ["rmyy-green"], "priority", None, SCENES_START),
]

# 餐饮商圈优惠: the merchants of one 商圈 (ILLUSTRATIVE names and terms: no real agreement is
# implied). Each merchant is an operator with one restaurant (the venue, in AREA) and a
# till (its desk). code, name, % off the bill, who pays, largest discount a visit (fen),
# visits a day, visits a month.
AREA = "南长街·清名桥"
DINING = [
    ("nc-xibang", "南长街锡帮菜馆", 10, "pool", 3000, 1, 8),
    ("nc-chadian", "清名桥运河茶点", 20, "pool", 2000, 1, 8),
    ("nc-mianguan", "南长街老面馆", 15, "merchant", None, 1, None),
    ("nc-xiaolong", "清名桥小笼馆", 12, "merchant", 5000, 1, None),
]
DINING_BENEFIT = "劳模餐饮优惠"
# The desks: a gate of the venue whose account (role gate) the counter's staff sign in with
# (password: the demo password). code, name, venue, account.
DESKS = [
    ("rmyy-desk-01", "市人民医院 门诊服务台（绿色通道）", "rmyy-green", "desk.rmyy"),
    ("nc-xibang-till", "南长街锡帮菜馆 收银台", "nc-xibang", "desk.xibang"),
    ("nc-chadian-till", "清名桥运河茶点 收银台", "nc-chadian", "desk.chadian"),
    ("nc-mianguan-till", "南长街老面馆 收银台", "nc-mianguan", "desk.mianguan"),
    ("nc-xiaolong-till", "清名桥小笼馆 收银台", "nc-xiaolong", "desk.xiaolong"),
]
LEVELS = list(CARD_LEVELS)

# code, name, venue, account: the accounts below are made with a known demo token (printed
# by `make run`); the other gates get an account and a random token from gate_register.
DEMO_BUS_TOKEN = "ot_demo0002_bus-validator-token-for-the-demo-city-only"
DEMO_SCENIC_TOKEN = "ot_demo0003_scenic-gate-token-for-the-demo-city-only"
GATE_ACCOUNTS = [  # username, token, token name, note
    ("gate.bus01", DEMO_BUS_TOKEN, "公交1路 车载机01", "bus validator (uploads its day offline)"),
    ("gate.ytz01", DEMO_SCENIC_TOKEN, "鼋头渚 南大门 闸机01", "scenic-spot gate, 鼋头渚"),
]
GATES = [
    ("metro-1-sygc-01", "地铁1号线 三阳广场站 闸机01", "metro-1", "gate.metro01"),
    ("metro-2-wxdz-01", "地铁2号线 无锡东站 闸机01", "metro-2", None),
    ("metro-3-wxz-01", "地铁3号线 无锡站 闸机01", "metro-3", None),
    ("metro-4-lxh-01", "地铁4号线 梁溪河站 闸机01", "metro-4", None),
    ("bus-1-01", "公交1路 车载机01", "bus", "gate.bus01"),
    ("bus-2-01", "公交2路 车载机01", "bus", None),
    ("bus-88-01", "公交88路 车载机01", "bus", None),
    ("ytz-south-01", "鼋头渚 南大门 闸机01", "ytz", "gate.ytz01"),
    ("liyuan-01", "蠡园 正门 闸机01", "liyuan", None),
    ("meiyuan-01", "梅园 正门 闸机01", "meiyuan", None),
    ("huishan-01", "惠山古镇 入口 闸机01", "huishan", None),
]

# The honorees the seed report names (their titles, years and work units illustrative).
NAMED = [
    {
        "username": "laomo.chen",
        "name": "陈锦坤",
        "region_code": "320213",
        "level": "municipal",
        "title": "无锡市劳动模范",
        "year": 2019,
        "work_unit": "无锡透平叶片有限公司",
        "note": "honoree 陈锦坤: commutes by metro (line 1)",
    },
    {
        "username": "laomo.qian",
        "name": "钱宏进",
        "region_code": "320211",
        "level": "national",
        "title": "全国劳动模范",
        "year": 2015,
        "work_unit": "无锡市政公用产业集团有限公司",
        "note": "honoree 钱宏进: visits the scenic spots",
    },
]
FIRST_BATCH = (1, "第一批")
REPLACEMENT_BATCH = (2, "补办卡（第二批）")


def card_number(batch: int, serial: int) -> str:
    """12 digits: 3202 (Wuxi), the batch, the serial."""
    return f"3202{batch:02d}{serial:06d}"


def transit_number(batch: int, serial: int) -> str:
    """16 digits, as a 太湖交通卡 number reads (illustrative numbering)."""
    return f"31005100{batch:02d}{serial:06d}"
