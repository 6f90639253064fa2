"""The demo city's night duty (带班值班, seed 003 "住下来"): the towns and streets whose
leaders are on duty, their leaders (党政主要领导: the party secretary and the head of the
town or street; 陶郁峻, 申港街道党工委书记, is the seed's, the others are the demo's), the
villages and communities they visit, what residents raise, and the seed's story: a night
visit to 申浦村 in December 2021, where 韩宝祥 and other villagers suggested reusing the old
planning hall (老规划馆) in 春申公园, idle for years because of an air monitoring device; a
month later the monitoring point was settled and the hall's conversion into a parent-child
reading space (亲子公益文化阅读空间) began."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class Leader(NamedTuple):
    username: str
    name: str
    post: str
    weekdays: tuple[int, int]  # the two nights a week they stay (0 = Monday)


class Town(NamedTuple):
    code: str
    name: str
    office: str  # the department the dispatcher sends the town's demands to
    leaders: tuple[Leader, ...]
    places: tuple[str, ...]  # villages and communities visited


SHENGANG = "320281009"
TOWNS = (
    Town(
        SHENGANG,
        "申港街道",
        "SG-JB",
        (
            Leader("leader.shengang", "陶郁峻", "申港街道党工委书记", (1, 3)),
            Leader("leader.shengang2", "周文斌", "申港街道办事处主任", (0, 2)),
        ),
        ("申浦村", "申港村", "三联村", "东新村", "申港社区"),
    ),
    Town(
        "320211102",
        "胡埭镇",
        "HD-ZF",
        (
            Leader("leader.hudai", "钱志刚", "胡埭镇党委书记", (1, 4)),
            Leader("leader.hudai2", "孙丽娟", "胡埭镇镇长", (0, 3)),
        ),
        ("胡埭村", "马鞍村", "刘塘村", "富安社区"),
    ),
    Town(
        "320213006",
        "清名桥街道",
        "QMQ-JB",
        (
            Leader("leader.qingmingqiao", "沈国华", "清名桥街道党工委书记", (2, 4)),
            Leader("leader.qingmingqiao2", "吴敏", "清名桥街道办事处主任", (0, 3)),
        ),
        ("清名桥社区", "南下塘社区", "伯渎社区", "新渎社区"),
    ),
    Town(
        "320282107",
        "万石镇",
        "WS-ZF",
        (
            Leader("leader.wanshi", "蒋建平", "万石镇党委书记", (0, 2)),
            Leader("leader.wanshi2", "许红霞", "万石镇镇长", (1, 4)),
        ),
        ("万石村", "南漕村", "后洪村", "余庄村"),
    ),
)
# the officers who answer the demands of a town whose office has none yet
OFFICES_STAFFED = {"SG-JB": "officer.sg-jb", "WS-ZF": "officer.ws-zf"}

# the history: the last quarter of 2021 (seed 003 looks back on 2021)
HISTORY_MONTHS = (dt.date(2021, 10, 1), dt.date(2021, 11, 1), dt.date(2021, 12, 1))

# (title, text, category): what residents raise on an ordinary night visit
DEMANDS = (
    ("村口路灯损坏", "村口通往主路的一段路灯坏了两盏，晚上老人出门散步看不清路。", "streetlight"),
    ("河道岸边垃圾堆积", "村东小河岸边堆了不少生活垃圾，天热有异味，希望尽快清理。", "sanitation"),
    ("老年活动室添置设施", "村里老年活动室桌椅老旧，冬天没有取暖设施，老人希望添置。", "elderly"),
    ("雨天道路积水", "社区北门道路一下雨就积水，电动车出行很不方便。", "drainage"),
    ("健身器材损坏", "小游园里两件健身器材螺丝松动，孩子玩耍存在安全隐患。", "fitness"),
    ("公交站增设候车亭", "村口公交站没有候车亭，雨天等车不便，建议增设。", "bus-stop"),
    ("绿化带杂草丛生", "主干道两侧绿化带杂草长得很高，影响村容村貌。", "greenery"),
    ("老旧楼道照明", "小区老楼楼道灯不亮，晚上上下楼不安全。", "housing"),
    ("田间道路破损", "通往田间的水泥路有多处破损坑洼，农忙时农机通行困难。", "road-facility"),
    (
        "垃圾分类亭清运不及时",
        "小区垃圾分类亭清运不及时，周边有异味，希望增加清运次数。",
        "sanitation",
    ),
)
SUMMARIES = (
    "与村民代表围坐夜谈，听取对村容村貌和公共设施的意见，逐条记录、明确责任人。",
    "走访居民家庭和网格员，了解老人出行、就医和邻里关系等情况。",
    "夜间巡查并与值守的村（社区）干部交流，收集群众关心的实事。",
)

# the seed's story: 带班值班 "住下来" at 申浦村
STORY_VISIT = {
    "at": dt.datetime(2021, 12, 7, 19, 40),
    "place": "申浦村",
    "address": "申浦村村民委员会",
    "met_names": "韩宝祥等村民代表",
    "met_count": 6,
    "summary": (
        "带班值班夜访申浦村，与韩宝祥等村民代表座谈。村民反映：申浦村土地资源不多，"
        "春申公园里的老规划馆因受大气监测装置限制闲置多年；建议盘活利用，"
        "方便附近居民休闲，也为村集体增加收入。"
    ),
}
STORY_DEMAND = {
    "type": "suggestion",
    "category": "community",
    "title": "盘活春申公园闲置的老规划馆",
    "text": (
        "申浦村土地资源不多，春申公园里的老规划馆因为受到大气监测装置的限制，一直闲置难利用。"
        "建议协调大气监测点位，把老规划馆盘活利用，方便附近居民，对村里来说也是一笔收入。"
    ),
    "contact_name": "韩宝祥",
}
STORY_EXTENSION = (
    dt.date(2021, 12, 20),
    10,
    "需邀请省环保集团、江阴市生态环境局实地查看，确定大气监测点迁移点位后答复",
)
STORY_REPLY = (
    dt.date(2022, 1, 7),
    "韩宝祥您好！您在陶书记值班夜访时提出的建议，街道高度重视：经与村干部讨论，"
    "并多次邀请省环保集团、江阴市生态环境局实地查看，历时一个月，大气监测点最终点位已敲定。"
    "春申公园老规划馆将改造为亲子公益文化阅读空间，近期启动改造，附近居民又多一个休闲好去处。",
)
STORY_RATING = (dt.date(2022, 1, 10), 5, "没想到这么快就有回应啦！")
STORY_PROJECT = "春申公园老规划馆改造为亲子公益文化阅读空间"
# stage, planned, done (None: not done)
STORY_MILESTONES = (
    ("approval", dt.date(2022, 1, 10), dt.date(2022, 1, 10)),
    ("tender", dt.date(2022, 1, 14), dt.date(2022, 1, 14)),
    ("construction", dt.date(2022, 1, 18), dt.date(2022, 1, 18)),
    ("completion", dt.date(2022, 5, 31), dt.date(2022, 5, 27)),
)

# the town office's answer to an ordinary demand (``{title}``: the appeal's title)
REPLIES = (
    "您好！您在领导值班夜访时反映的“{title}”已收悉。经实地查看，已安排专人处理，"
    "问题已解决。后续如仍有困难，欢迎继续反映。感谢您的理解和支持！",
    "您好！关于“{title}”，我们已会同村（社区）干部现场查看，已列入近期实事计划，"
    "将按计划实施，完成后由经办人员与您联系。",
)
