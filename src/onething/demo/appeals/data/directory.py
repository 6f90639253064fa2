"""The appeals directory of the demo city: the two programmes, the departments appeals need
beyond core's demo, the category tree, the routing table and reply templates.

Department, region and category codes refer to ``onething.demo.base`` (DEPARTMENTS,
REGIONS) and to :data:`CATEGORIES`. The 12345 hotline centre is no department: it
dispatches (the ``dispatcher`` account), it does not answer."""

from __future__ import annotations

from typing import TypedDict


class ProgrammeRow(TypedDict):
    code: str
    name: str
    description: str


class CategoryRow(TypedDict):
    code: str
    name: str
    parent: str | None
    keywords: str
    open311: bool
    description: str


class RoutingRuleRow(TypedDict):
    name: str
    category: str | None
    region: str | None
    keywords: str
    department: str


PROGRAMMES: list[ProgrammeRow] = [
    {
        "code": "wunanshi",
        "name": "无难事、悉心办",
        "description": (
            "“无难事、悉心办”锡企服务平台：以政策服务、政务服务、增值服务、互动服务四大核心功能，"
            "收集企业的涉企诉求和惠企建议，按时办结、件件有回音，"
            "打通政策落地和服务企业的“最后一公里”。"
        ),
    },
    {
        "code": "weixingfu",
        "name": "微幸福",
        "description": (
            "“微幸福”民生工程：请全体市民通过12345“微幸福”专线出题点菜，着力解决身边的难点、堵点、"
            "痛点问题；重点事项分批列入督办清单，以做好微小实事换取百姓真诚微笑。"
        ),
    },
]

# code, name, kind (core DepartmentKind), region; no code of core.demo.DEPARTMENTS
EXTRA_DEPARTMENTS: list[tuple[str, str, str, str]] = [
    ("WX-GXJ", "无锡市工业和信息化局", "other", "320200"),
    ("WX-FGW", "无锡市发展和改革委员会", "other", "320200"),
    ("WX-JT", "无锡市交通运输局", "other", "320200"),
    ("WX-GAJJ", "无锡市公安局交通警察支队", "public_security", "320200"),
    ("WX-TY", "无锡市体育局", "other", "320200"),
    ("LX-ZJ", "梁溪区住房和城乡建设局", "housing_construction", "320213"),
    ("LX-WL", "梁溪区文化体育和旅游局", "other", "320213"),
    ("QMQ-JB", "清名桥街道办事处", "town_office", "320213006"),
    ("YQ-JB", "堰桥街道办事处", "town_office", "320206002"),
    ("HD-ZF", "胡埭镇人民政府", "town_office", "320211102"),
    ("DG-ZF", "东港镇人民政府", "town_office", "320205102"),
    ("SG-JB", "申港街道办事处", "town_office", "320281009"),
    ("WS-ZF", "万石镇人民政府", "town_office", "320282107"),
]

# Parents before children. ``open311``: public-space services Open311 clients can file.
CATEGORIES: list[CategoryRow] = [
    {
        "code": "enterprise",
        "name": "企业服务",
        "parent": None,
        "keywords": "",
        "open311": False,
        "description": "“无难事、悉心办”平台受理的涉企诉求和惠企建议。",
    },
    {
        "code": "enterprise-policy",
        "name": "政策咨询",
        "parent": "enterprise",
        "keywords": "政策,补贴,奖励,申报,兑现,专精特新,高新技术企业",
        "open311": False,
        "description": "惠企政策的适用条件、申报和资金兑现。",
    },
    {
        "code": "enterprise-finance",
        "name": "融资",
        "parent": "enterprise",
        "keywords": "融资,贷款,续贷,转贷,担保,授信,质押,上市",
        "open311": False,
        "description": "银行贷款、转贷应急资金、政府性融资担保和上市培育。",
    },
    {
        "code": "enterprise-labour",
        "name": "用工",
        "parent": "enterprise",
        "keywords": "招工,招聘,用工,社保,稳岗,技能,人才,工伤",
        "open311": False,
        "description": "招聘用工、社会保险、稳岗扩岗、技能评价和人才服务。",
    },
    {
        "code": "enterprise-approval",
        "name": "审批服务",
        "parent": "enterprise",
        "keywords": "营业执照,登记,许可,审批,代办,代理,施工许可,变更,注销",
        "open311": False,
        "description": "经营主体登记、行政许可、工程建设项目审批和代办服务。",
    },
    {
        "code": "enterprise-tax",
        "name": "涉税服务",
        "parent": "enterprise",
        "keywords": "纳税,税务,发票,退税,增值税,加计扣除",
        "open311": False,
        "description": "纳税申报、发票、出口退税和税收优惠。",
    },
    {
        "code": "enterprise-site",
        "name": "生产要素保障",
        "parent": "enterprise",
        "keywords": "用电,用水,天然气,厂房,用地,污水,通勤,货车",
        "open311": False,
        "description": "水电气接入、厂房用地、园区配套和物流通行。",
    },
    {
        "code": "city",
        "name": "市容环境",
        "parent": None,
        "keywords": "",
        "open311": False,
        "description": "道路、路灯、环境卫生等公共空间的问题。",
    },
    {
        "code": "streetlight",
        "name": "路灯",
        "parent": "city",
        "keywords": "路灯,灯杆,照明,LED",
        "open311": True,
        "description": "道路和公共区域的路灯不亮、损坏或缺失。",
    },
    {
        "code": "road-facility",
        "name": "道路设施",
        "parent": "city",
        "keywords": "路面,坑洼,人行道,井盖,护栏,破损",
        "open311": True,
        "description": "路面破损、人行道板松动、井盖缺失和护栏损坏。",
    },
    {
        "code": "sanitation",
        "name": "环境卫生",
        "parent": "city",
        "keywords": "垃圾,保洁,公厕,小广告,异味,河道",
        "open311": True,
        "description": "垃圾清运、道路保洁、公共厕所、乱贴乱画和河道保洁。",
    },
    {
        "code": "drainage",
        "name": "排水设施",
        "parent": "city",
        "keywords": "下水道,堵塞,积水,窨井,化粪池,雨水",
        "open311": True,
        "description": "下水道堵塞、路面积水、窨井冒溢和化粪池清掏。",
    },
    {
        "code": "greenery",
        "name": "园林绿化",
        "parent": "city",
        "keywords": "绿化,树木,修剪,杂草,口袋公园,座椅",
        "open311": True,
        "description": "绿化带养护、行道树修剪和口袋公园。",
    },
    {
        "code": "community",
        "name": "社区服务",
        "parent": None,
        "keywords": "",
        "open311": False,
        "description": "老旧小区、养老和社区公共设施的事项。",
    },
    {
        "code": "housing",
        "name": "楼道与住宅",
        "parent": "community",
        "keywords": "楼道,扶手,墙面,屋面,漏水,水箱,电梯,门禁,充电",
        "open311": False,
        "description": "老旧小区楼道、屋面、二次供水、加装电梯和非机动车充电等住宅问题。",
    },
    {
        "code": "elderly",
        "name": "养老",
        "parent": "community",
        "keywords": "老人,助餐,养老,日间照料,适老化,助浴",
        "open311": False,
        "description": "老年助餐、日间照料、居家适老化改造和上门服务。",
    },
    {
        "code": "parking",
        "name": "停车",
        "parent": "community",
        "keywords": "停车,车位,消防通道,共享单车,违停",
        "open311": True,
        "description": "小区和道路停车、非机动车停放、消防通道占用。",
    },
    {
        "code": "fitness",
        "name": "健身与游乐设施",
        "parent": "community",
        "keywords": "健身器材,滑梯,游乐,球场",
        "open311": True,
        "description": "小区和公园的健身器材、儿童游乐设施损坏。",
    },
    {
        "code": "traffic",
        "name": "交通出行",
        "parent": None,
        "keywords": "",
        "open311": False,
        "description": "公交、信号灯和交通标志标线。",
    },
    {
        "code": "bus-stop",
        "name": "公交站点与线路",
        "parent": "traffic",
        "keywords": "公交,站台,候车亭,班次,末班车",
        "open311": True,
        "description": "公交站台、候车亭、线路和班次。",
    },
    {
        "code": "traffic-sign",
        "name": "信号灯与标志标线",
        "parent": "traffic",
        "keywords": "红绿灯,信号灯,斑马线,减速带,标线",
        "open311": True,
        "description": "信号灯配时、斑马线和交通标志标线。",
    },
    {
        "code": "other",
        "name": "其他",
        "parent": None,
        "keywords": "",
        "open311": False,
        "description": "其他事项，由12345热线派单员研判派单。",
    },
]
