"""The citizens' 微幸福 items (出题点菜 through the 12345 微幸福 line; seed 003: 1,291 items
up to December 2021, over 95% done, 100% satisfied).

- ``STORIES``: the seed's own stories, each once, in its place and on its day, each made a
  small project (立项 → 招标 → 施工 → 完工) before its reply:
  - 石澄路 (惠山区): the lights reported at the end of August 2021, approved and tendered a
    week later, all 94 lamps LED just over half a month after that;
  - 新渎社区 (惠山区): 金燕琴's stairwell, reported in April 2021, put on the fourth
    supervision batch (第四批), white and bright again within six weeks;
  - 木樨厅小区 (清名桥街道): 祁福昌's roof water tank, replaced a month after his call.
- ``PLACED``: items that name a street of one town: once each, in that town.
- ``CITIZEN_ITEMS``: items any neighbourhood of the city could raise, as (title, text,
  category code).

A story's milestones are (stage, planned, done), stages of MilestoneStage in order."""

from __future__ import annotations

from typing import TypedDict


class Story(TypedDict):
    title: str
    text: str
    category: str
    region: str
    contact: str
    received: str  # the day of the call
    project_name: str
    budget_fen: int
    milestones: list[tuple[str, str, str]]
    batch: int  # the supervision batch it was put on (0: none)


CITIZEN_ITEMS: list[tuple[str, str, str]] = [
    (
        "小区主干道路灯太少",
        "小区内主干道只有两盏路灯，晚上漆黑一片，老人散步容易摔倒，希望增设路灯。",
        "streetlight",
    ),
    (
        "老小区停车难",
        "小区建于上世纪九十年代，没有规划停车位，晚上车辆停满楼间道路，希望增设停车位或开放周边单位错时共享车位。",
        "parking",
    ),
    (
        "消防通道长期被占用",
        "小区消防通道长期被私家车占用，物业多次劝说无效，万一发生火情消防车进不来，希望加强管理。",
        "parking",
    ),
    (
        "学校门口接送车辆乱停",
        "小学门口上下学时段接送车辆乱停，道路堵得水泄不通，希望设置临时停车区并安排人员疏导。",
        "parking",
    ),
    (
        "地铁站口共享单车占用盲道",
        "地铁站出口共享单车堆放占用盲道和人行道，希望规范停放区域并及时清运。",
        "parking",
    ),
    (
        "社区开设老年助餐点",
        "社区独居老人多，子女不在身边，希望在社区开设老年助餐点，提供价格实惠的午餐，行动不便的能送餐上门。",
        "elderly",
    ),
    (
        "日间照料中心周末不开门",
        "社区日间照料中心开放时间短，周末不开门，子女上班的老人白天没人照看，希望延长开放时间。",
        "elderly",
    ),
    (
        "居家适老化改造怎么申请",
        "家里老人行动不便，想申请居家适老化改造，在卫生间加装扶手、铺防滑地面，请问申请条件和流程。",
        "elderly",
    ),
    ("失能老人洗澡难", "家中高龄失能老人洗澡非常困难，希望社区能提供上门助浴服务。", "elderly"),
    (
        "小区健身器材损坏",
        "小区广场的健身器材有两件转轴断裂，一件扶手松动，老人锻炼时存在安全隐患，希望尽快维修或更换。",
        "fitness",
    ),
    (
        "儿童滑梯底座锈蚀开裂",
        "小区儿童滑梯底座锈蚀开裂，孩子玩耍时晃动明显，有安全隐患，希望更换。",
        "fitness",
    ),
    (
        "公园篮球场篮筐损坏",
        "公园篮球场的篮筐和篮网损坏很久了，场地地面也有裂缝，希望维修。",
        "fitness",
    ),
    (
        "下水道经常堵塞冒水",
        "小区东侧的主下水管道经常堵塞，一下雨污水就从窨井冒出来，气味很大，希望彻底疏通改造。",
        "drainage",
    ),
    (
        "暴雨后小区门口积水",
        "每逢暴雨，小区门口路段积水没过脚踝，雨水口太少，希望改造排水设施。",
        "drainage",
    ),
    ("楼后化粪池满溢", "楼后化粪池满溢，气味很大，夏天蚊蝇多，希望协调清掏。", "drainage"),
    (
        "菜场门口路面坑洼",
        "菜场门口道路破损，坑洼处下雨就积水，行人和电动车经过容易滑倒，希望修补路面。",
        "road-facility",
    ),
    (
        "人行道砖松动翘起",
        "人行道砖松动翘起，下雨天踩上去会溅一身泥水，老人容易绊倒，希望重新铺设。",
        "road-facility",
    ),
    (
        "路口窨井盖破损下陷",
        "路口一处窨井盖破损下陷，晚上看不清，骑车经过很危险，希望尽快更换。",
        "road-facility",
    ),
    (
        "道路护栏被撞坏",
        "桥头的道路护栏被车辆撞坏，一直没有修复，旁边就是河道，存在安全隐患。",
        "road-facility",
    ),
    (
        "垃圾投放点异味大",
        "小区垃圾投放点设置在楼栋出口，夏天异味大、蚊蝇多，希望调整位置并增加清洗频次。",
        "sanitation",
    ),
    (
        "背街小巷小广告乱贴",
        "背街小巷墙面小广告乱贴乱画，空调外机裸露，整体环境脏乱，希望整治。",
        "sanitation",
    ),
    (
        "公园附近没有公厕",
        "公园附近没有公共厕所，早晚锻炼的老人很不方便，希望新建公厕或开放周边单位厕所。",
        "sanitation",
    ),
    (
        "小区旁河道漂浮垃圾多",
        "小区旁边的河道水面漂浮垃圾较多，夏天有异味，希望加强河道保洁。",
        "sanitation",
    ),
    (
        "绿化带杂草丛生",
        "小区外绿化带长期没人修剪，杂草比人还高，还有人在里面种菜，希望整治。",
        "greenery",
    ),
    (
        "行道树遮挡采光",
        "楼前行道树枝叶过密，遮挡低楼层采光，台风天担心折断砸到车辆，希望修剪。",
        "greenery",
    ),
    (
        "闲置空地改造口袋公园",
        "小区周边没有可以休息的地方，建议把闲置空地改造成口袋公园，添置座椅和绿植。",
        "greenery",
    ),
    (
        "河边步道缺少座椅",
        "河边步道很长，沿途没有座椅，老人散步走累了没地方歇脚，希望增设休息座椅。",
        "greenery",
    ),
    (
        "老楼加装电梯咨询",
        "我们楼是六层老楼，住着不少老人，上下楼困难，想咨询加装电梯的补贴政策和办理流程。",
        "housing",
    ),
    (
        "顶楼屋面渗水",
        "顶楼屋面防水层老化，连续下雨家里天花板渗水，墙皮大片脱落，希望列入老新村改造。",
        "housing",
    ),
    ("单元门禁损坏", "单元门禁损坏半年，陌生人随意进出，推销和小广告不断，希望修复。", "housing"),
    ("楼道声控灯不亮", "楼道声控灯坏了好几层，晚上上下楼要打手电，希望维修。", "housing"),
    (
        "电动自行车没有地方充电",
        "小区没有电动自行车集中充电设施，有居民从楼上拉线充电，存在火灾隐患，希望加装充电桩。",
        "housing",
    ),
    (
        "老小区没有晾衣架",
        "老小区没有公共晾衣架，居民在绿化带里拉绳晾被子，希望统一安装晾衣架。",
        "housing",
    ),
    ("小区围墙倒塌一段", "小区围墙有一段倒塌，外来人员可以随意进出，希望尽快修复。", "housing"),
    (
        "公交站没有候车亭",
        "小区门口的公交站台没有候车亭，下雨天候车的老人孩子只能淋雨，希望加装候车亭和座椅。",
        "bus-stop",
    ),
    (
        "公交末班车太早",
        "小区附近的公交线路晚上八点以后就没有班次，下晚班的居民回家不方便，希望延长末班车时间。",
        "bus-stop",
    ),
    (
        "行人过街绿灯时间太短",
        "路口行人过街绿灯时间太短，老人走到一半就变红灯，希望延长行人绿灯时间。",
        "traffic-sign",
    ),
    (
        "学校附近斑马线褪色",
        "学校附近的斑马线褪色看不清，车辆经过不减速，希望重新施划并加装减速带。",
        "traffic-sign",
    ),
    (
        "广场舞音响声音太大",
        "小区广场晚上广场舞音响声音太大，持续到九点半以后，影响学生学习和老人休息。",
        "other",
    ),
    (
        "农贸市场门口没有雨棚",
        "农贸市场门口没有雨棚，下雨天居民买菜、摊贩出摊都很不方便，希望加装挡雨棚。",
        "other",
    ),
]

STORIES: list[Story] = [
    {
        "title": "楼道扶手油漆脱落、铁锈斑斑",
        "text": (
            "我家所在的楼道内扶手油漆脱落、铁锈斑斑，墙面发黑掉皮，单元防盗门也锈坏了，"
            "希望重新粉刷修缮。"
        ),
        "category": "housing",
        "region": "320206",
        "contact": "金燕琴",
        "received": "2021-04-07",
        "project_name": "新渎社区楼道粉刷和扶手、防盗门修缮",
        "budget_fen": 4_860_000,
        "milestones": [
            ("approval", "2021-04-16", "2021-04-16"),
            ("tender", "2021-04-23", "2021-04-23"),
            ("construction", "2021-04-28", "2021-04-28"),
            ("completion", "2021-05-21", "2021-05-20"),
        ],
        "batch": 4,
    },
    {
        "title": "楼顶水箱老化水压不稳",
        "text": "木樨厅小区28号楼楼顶水箱老化，水压不稳，自来水有时发黄，希望尽快更换水箱。",
        "category": "housing",
        "region": "320213006",
        "contact": "祁福昌",
        "received": "2021-06-07",
        "project_name": "木樨厅小区28号楼楼顶水箱更换",
        "budget_fen": 1_280_000,
        "milestones": [
            ("approval", "2021-06-15", "2021-06-15"),
            ("tender", "2021-06-18", "2021-06-18"),
            ("construction", "2021-06-28", "2021-06-28"),
            ("completion", "2021-07-06", "2021-07-05"),
        ],
        "batch": 0,
    },
    {
        "title": "石澄路路灯老化不亮",
        "text": (
            "石澄路沿线路灯老化，晚上好多盏不亮或者忽明忽暗，骑电动车经过很不安全，"
            "希望整段更换成LED节能灯。"
        ),
        "category": "streetlight",
        "region": "320206",
        "contact": "夏洪健",
        "received": "2021-08-30",
        "project_name": "石澄路路灯节能改造（94盏更换为LED节能灯）",
        "budget_fen": 16_920_000,
        "milestones": [
            ("approval", "2021-09-06", "2021-09-06"),
            ("tender", "2021-09-07", "2021-09-07"),
            ("construction", "2021-09-13", "2021-09-13"),
            ("completion", "2021-09-24", "2021-09-23"),
        ],
        "batch": 0,
    },
]

# (title, text, category code, region): items naming a street of one town, once each.
PLACED: list[tuple[str, str, str, str]] = [
    (
        "南长街路段路灯一周不亮",
        (
            "清名桥街道南长街靠近古运河的一段路灯连续一周不亮，晚上游客和居民出行不安全，"
            "希望尽快维修。"
        ),
        "streetlight",
        "320213006",
    ),
    (
        "路灯白天也亮着",
        "鸿翔路一段路灯白天也亮着，已经持续好几天，浪费电，希望调整开关灯时间。",
        "streetlight",
        "320211102",
    ),
]
