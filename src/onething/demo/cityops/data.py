"""The demo city's operations centre: the 14 departments feeding it (seed 003: "已完成消防、水利、
气象等14个部门数据接入"), their data feeds (one switched off, whose department does not
count), and the video catalogue's cameras by department ("22万多路视频资源"). The kinds of
device and their values are in ``kinds``."""

from __future__ import annotations

import datetime as dt

WENT_LIVE = dt.date(2021, 9, 2)  # 城市运行管理中心 (城市大脑) went live

# code, name, kind (core's DepartmentKind): made when missing (some are the base city's)
DEPARTMENTS = [
    ("WX-XF", "无锡市消防救援支队", "fire_rescue"),
    ("WX-SL", "无锡市水利局", "water_resources"),
    ("WX-QX", "无锡市气象局", "meteorology"),
    ("WX-YJ", "无锡市应急管理局", "emergency"),
    ("WX-GA", "无锡市公安局", "public_security"),
    ("WX-JT", "无锡市交通运输局", "transport"),
    ("WX-STHJ", "无锡市生态环境局", "ecology_environment"),
    ("WX-CG", "无锡市城市管理局", "city_management"),
    ("WX-ZJ", "无锡市住房和城乡建设局", "housing_construction"),
    ("WX-ZRZY", "无锡市自然资源和规划局", "natural_resources"),
    ("WX-SWJT", "无锡市水务集团有限公司", "water_supply"),
    ("WX-RQ", "无锡华润燃气有限公司", "utilities"),
    ("WX-GD", "国网江苏省电力有限公司无锡供电分公司", "utilities"),
    ("WX-SZYL", "无锡市市政和园林局", "city_management"),
]

# code, name, department, kind, update frequency, connected on, active
FEEDS = [
    ("FEED-XF-IOT", "城市物联网消防远程监控", "WX-XF", "mqtt", "实时", WENT_LIVE, True),
    ("FEED-SL-SYQ", "水雨情监测", "WX-SL", "mqtt", "每5分钟", WENT_LIVE, True),
    ("FEED-QX-AWS", "自动气象站观测", "WX-QX", "mqtt", "每5分钟", WENT_LIVE, True),
    ("FEED-QX-RADAR", "雷达定量降水产品", "WX-QX", "file", "每6分钟", dt.date(2021, 10, 15), True),
    ("FEED-YJ-WHP", "危化品企业安全生产监测", "WX-YJ", "mqtt", "实时", WENT_LIVE, True),
    ("FEED-GA-RL", "重点区域人流监测", "WX-GA", "http", "每5分钟", dt.date(2021, 9, 18), True),
    ("FEED-GA-VIDEO", "公共安全视频资源目录", "WX-GA", "http", "每日", WENT_LIVE, True),
    ("FEED-JT-FLOW", "道路交通流量", "WX-JT", "mqtt", "每5分钟", WENT_LIVE, True),
    ("FEED-JT-BRIDGE", "桥梁健康监测", "WX-JT", "mqtt", "每10分钟", dt.date(2021, 11, 8), True),
    ("FEED-STHJ-AIR", "空气质量自动监测", "WX-STHJ", "http", "每小时", WENT_LIVE, True),
    ("FEED-STHJ-WATER", "地表水水质自动监测", "WX-STHJ", "http", "每4小时", WENT_LIVE, True),
    ("FEED-CG-IOT", "城市部件物联感知", "WX-CG", "mqtt", "实时", WENT_LIVE, True),
    ("FEED-ZJ-SITE", "建筑工地安全监测", "WX-ZJ", "mqtt", "每10分钟", dt.date(2021, 9, 26), True),
    ("FEED-ZRZY-DZ", "地质灾害监测预警", "WX-ZRZY", "mqtt", "每10分钟", dt.date(2021, 10, 9), True),
    ("FEED-SW-PIPE", "供排水管网监测", "WX-SWJT", "mqtt", "每5分钟", WENT_LIVE, True),
    ("FEED-RQ-PIPE", "燃气管网监测", "WX-RQ", "mqtt", "每5分钟", dt.date(2021, 9, 10), True),
    ("FEED-GD-PDF", "配电房环境监测", "WX-GD", "http", "每15分钟", dt.date(2021, 10, 20), True),
    ("FEED-SZ-JS", "下穿通道积水监测", "WX-SZYL", "mqtt", "每5分钟", dt.date(2021, 9, 6), True),
    # a feed that was tried and switched off: its department does not count
    (
        "FEED-MZ-YL",
        "养老机构紧急呼叫（试点，已停用）",
        "WX-MZ",
        "http",
        "实时",
        dt.date(2022, 3, 1),
        False,
    ),
]


# departments the video catalogue names that feed no data (made when missing)
VIDEO_ONLY_DEPARTMENTS = [("WX-GAJJ", "无锡市公安局交通警察支队", "public_security")]

# department → [(kind, how many, security)]: the video catalogue (seed: 22万多路视频资源)
VIDEOS = {
    "WX-GA": [("public_security", 168_000, True)],
    "WX-JT": [("traffic", 18_000, False)],
    "WX-GAJJ": [("traffic", 16_000, False)],
    "WX-CG": [("other", 9_000, False)],
    "WX-SL": [("waterway", 3_200, False)],
    "WX-YJ": [("other", 2_600, False)],
    "WX-ZJ": [("other", 2_400, False)],
    "WX-STHJ": [("waterway", 1_800, False)],
    "WX-XF": [("other", 1_200, False)],
    "WX-SZYL": [("other", 1_000, False)],
}
VIDEO_SPOTS = {
    "public_security": (
        "路口",
        "小区出入口",
        "公交站台",
        "地铁站出口",
        "广场",
        "学校门口",
        "医院门口",
        "商业街",
        "停车场",
        "菜市场",
    ),
    "traffic": ("路口东向", "路口西向", "路口南向", "路口北向", "高架匝道", "隧道口", "卡口"),
    "waterway": ("河道", "闸站", "泵站", "桥下", "湖岸", "码头"),
    "other": ("作业点", "监控点", "出入口", "围墙", "仓库", "机房"),
}
