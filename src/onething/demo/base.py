"""The demo city's base: regions, departments, service centres with windows, people,
enterprises, an agency and one account per role. Loaded through core's services;
idempotent (everything is looked up by its natural key first)."""

from __future__ import annotations

import random
from collections.abc import Callable

from onething.core.crypto import keyring
from onething.core.generate import chinese_name, credit_code, mobile, resident_id
from onething.core.identity import PII_FIELDS
from onething.core.models import (
    Agency,
    Agent,
    ApiToken,
    Department,
    Enterprise,
    Person,
    Region,
    Role,
    ServiceCenter,
    User,
    Window,
)
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create, token_issue
from onething.core.services.organisations import (
    department_create,
    region_create,
    service_center_create,
    window_open,
)
from onething.core.services.parties import (
    agency_register,
    agent_add,
    enterprise_register,
    person_register,
)

DEMO_PASSWORD = "Demo#2026"
DEMO_GATE_TOKEN = "ot_demo0001_metro-gate-token-for-the-demo-city-only"

# code, name, level, parent. County and above: GB/T 2260. Towns and streets: the 9-digit
# township extension, illustrative (check against the statistics bureau's list in production).
REGIONS = [
    ("320000", "江苏省", "province", None),
    ("320200", "无锡市", "city", "320000"),
    ("320213", "梁溪区", "county", "320200"),
    ("320205", "锡山区", "county", "320200"),
    ("320206", "惠山区", "county", "320200"),
    ("320211", "滨湖区", "county", "320200"),
    ("320214", "新吴区", "county", "320200"),
    ("320281", "江阴市", "county", "320200"),
    ("320282", "宜兴市", "county", "320200"),
    ("320211102", "胡埭镇", "town", "320211"),
    ("320282107", "万石镇", "town", "320282"),
    ("320213006", "清名桥街道", "town", "320213"),
    ("320206002", "堰桥街道", "town", "320206"),
    ("320205102", "东港镇", "town", "320205"),
    ("320281009", "申港街道", "town", "320281"),
    ("320400", "常州市", "city", "320000"),
    ("320412", "武进区", "county", "320400"),
    ("320412114", "雪堰镇", "town", "320412"),
]

# code, name, kind, region
DEPARTMENTS = [
    ("WX-SCJG", "无锡市市场监督管理局", "market_regulation", "320200"),
    ("WX-SW", "国家税务总局无锡市税务局", "tax", "320200"),
    ("WX-RS", "无锡市人力资源和社会保障局", "social_security", "320200"),
    ("WX-YB", "无锡市医疗保障局", "medical_insurance", "320200"),
    ("WX-ZRZY", "无锡市自然资源和规划局", "natural_resources", "320200"),
    ("WX-ZJ", "无锡市住房和城乡建设局", "housing_construction", "320200"),
    ("WX-SJ", "无锡市数据局", "data_bureau", "320200"),
    ("WX-ZGH", "无锡市总工会", "trade_union", "320200"),
    ("WX-CG", "无锡市城市管理局", "city_management", "320200"),
    ("WX-MZ", "无锡市民政局", "civil_affairs", "320200"),
    # the departments of the one-thing list (一件事清单): some also feed the operations
    # centre or answer appeals (demo.cityops, demo.appeals, same codes and names)
    ("WX-GA", "无锡市公安局", "public_security", "320200"),
    ("WX-GAJJ", "无锡市公安局交通警察支队", "public_security", "320200"),
    ("WX-WJW", "无锡市卫生健康委员会", "other", "320200"),
    ("WX-JYJ", "无锡市教育局", "other", "320200"),
    ("WX-GJJ", "无锡市住房公积金管理中心", "other", "320200"),
    ("WX-BDC", "无锡市不动产登记中心", "natural_resources", "320200"),
    ("WX-CL", "无锡市残疾人联合会", "other", "320200"),
    ("WX-TYJR", "无锡市退役军人事务局", "other", "320200"),
    ("WX-JT", "无锡市交通运输局", "transport", "320200"),
    ("WX-XF", "无锡市消防救援支队", "fire_rescue", "320200"),
    ("WX-FGW", "无锡市发展和改革委员会", "other", "320200"),
    ("WX-GXJ", "无锡市工业和信息化局", "other", "320200"),
    ("WX-KJ", "无锡市科学技术局", "other", "320200"),
    ("WX-STHJ", "无锡市生态环境局", "ecology_environment", "320200"),
    ("WX-YJ", "无锡市应急管理局", "emergency", "320200"),
    ("WX-TY", "无锡市体育局", "other", "320200"),
    ("WX-WL", "无锡市文化广电和旅游局", "other", "320200"),
    ("WX-SZYL", "无锡市市政和园林局", "city_management", "320200"),
    ("WX-YC", "无锡市烟草专卖局", "other", "320200"),
    ("WX-FY", "无锡市中级人民法院", "other", "320200"),
    ("WX-HG", "无锡海关", "other", "320200"),
    ("WX-WH", "国家外汇管理局无锡市分局", "other", "320200"),
    ("WX-JR", "无锡市地方金融管理局", "other", "320200"),
    ("WX-GD", "国网江苏省电力有限公司无锡供电分公司", "utilities", "320200"),
    ("WX-SWJT", "无锡市水务集团有限公司", "water_supply", "320200"),
    ("WX-RQ", "无锡华润燃气有限公司", "utilities", "320200"),
    ("WX-TX", "中国电信股份有限公司无锡分公司", "utilities", "320200"),
    ("LX-SJ", "梁溪区数据局", "data_bureau", "320213"),
    ("BH-SCJG", "滨湖区市场监督管理局", "market_regulation", "320211"),
    ("BH-SW", "国家税务总局无锡市滨湖区税务局", "tax", "320211"),
    ("XS-ZRZY", "无锡市自然资源和规划局锡山分局", "natural_resources", "320205"),
    ("XS-ZJ", "锡山区住房和城乡建设局", "housing_construction", "320205"),
    ("JY-SCJG", "江阴市市场监督管理局", "market_regulation", "320281"),
    ("JY-SW", "国家税务总局江阴市税务局", "tax", "320281"),
    ("YX-SW", "国家税务总局宜兴市税务局", "tax", "320282"),
    ("WJ-SW", "国家税务总局常州市武进区税务局", "tax", "320412"),
    ("HD-SCJG", "滨湖区市场监督管理局胡埭分局", "market_regulation", "320211102"),
    ("HD-RS", "胡埭镇人力资源和社会保障服务所", "social_security", "320211102"),
    ("HD-YB", "胡埭镇医疗保障服务站", "medical_insurance", "320211102"),
    ("HD-SS", "胡埭镇社会事业局", "civil_affairs", "320211102"),
    ("XY-SCJG", "武进区市场监督管理局雪堰分局", "market_regulation", "320412114"),
    ("XY-RS", "雪堰镇人力资源和社会保障服务所", "social_security", "320412114"),
    ("XY-YB", "雪堰镇医疗保障服务站", "medical_insurance", "320412114"),
    ("XY-SS", "雪堰镇社会事业局", "civil_affairs", "320412114"),
    ("WS-SCJG", "宜兴市市场监督管理局万石分局", "market_regulation", "320282107"),
    ("WS-RS", "万石镇人力资源和社会保障服务所", "social_security", "320282107"),
    ("WS-YB", "万石镇医疗保障服务站", "medical_insurance", "320282107"),
    ("WS-SS", "万石镇社会事业局", "civil_affairs", "320282107"),
]

# code, name, region, address, windows [(number, name, cross-region)]
CENTERS = [
    (
        "SC-WX",
        "无锡市民中心",
        "320200",
        "无锡市观山路199号",
        [(1, "综合受理", False), (2, "企业开办专区", False), (3, "一件事综合窗口", False)],
    ),
    (
        "SC-LX",
        "梁溪区政务服务中心",
        "320213",
        "梁溪区广益路",
        [(1, "综合受理", False), (2, "批量代领窗口", False)],
    ),
    (
        "SC-XS",
        "锡山区政务服务中心",
        "320205",
        "锡山区东亭街道",
        [(1, "综合受理", False), (2, "工程建设项目审批", False)],
    ),
    (
        "SC-JY",
        "江阴市政务服务中心",
        "320281",
        "江阴市澄江街道",
        [(1, "综合受理", False), (2, "股权转让一件事", False)],
    ),
    (
        "SC-WJ",
        "武进区政务服务中心",
        "320412",
        "武进区湖塘镇",
        [(1, "综合受理", False), (2, "税务综合窗口", False)],
    ),
    (
        "SC-YX",
        "宜兴市政务服务中心",
        "320282",
        "宜兴市宜城街道",
        [(1, "综合受理", False), (2, "税务综合窗口", False)],
    ),
    (
        "SC-HD",
        "胡埭镇便民服务中心",
        "320211102",
        "滨湖区胡埭镇",
        [(1, "综合受理", False), (2, "跨域通办专窗", True), (3, "社保医保", False)],
    ),
    (
        "SC-XY",
        "雪堰镇便民服务中心",
        "320412114",
        "武进区雪堰镇",
        [(1, "综合受理", False), (2, "跨域通办专窗", True)],
    ),
    (
        "SC-WS",
        "万石镇便民服务中心",
        "320282107",
        "宜兴市万石镇",
        [(1, "综合受理", False), (2, "跨域通办专窗", True)],
    ),
]

# name, region, address, industry, size
ENTERPRISES = [
    (
        "德力佳传动科技（江苏）股份有限公司",
        "320205",
        "锡山经济技术开发区联吉路",
        "风电齿轮箱制造",
        "large",
    ),
    ("江阴澄丰化纤有限公司", "320281", "江阴市申港街道", "化学纤维制造", "medium"),
    ("无锡胡埭精密机械有限公司", "320211102", "滨湖区胡埭镇鸿翔路", "通用设备制造", "small"),
    ("常州雪堰湖鲜餐饮店", "320412114", "武进区雪堰镇太湖路", "餐饮", "micro"),
    ("宜兴万石紫砂工艺品厂", "320282107", "宜兴市万石镇", "工艺品制造", "small"),
    ("无锡梁溪清名桥文化旅游有限公司", "320213006", "梁溪区清名桥街道", "文化旅游", "small"),
]
AGENCY = ("无锡梁溪诚信代理记账有限公司", "320213")

# username, role, scope (resolved below), note
ACCOUNTS = [
    ("admin", Role.ADMIN, {}, "administration site /admin/"),
    ("zhangwei", Role.APPLICANT, {"person": 0}, "citizen of 胡埭镇"),
    (
        "qiye.chengfeng",
        Role.APPLICANT,
        {"person": 1, "enterprise": "江阴澄丰化纤有限公司"},
        "staff of an enterprise",
    ),
    ("agent.chengxin", Role.AGENT, {"agent": 2}, "agent of 无锡梁溪诚信代理记账有限公司"),
    ("clerk.hudai", Role.CLERK, {"service_center": "SC-HD"}, "window clerk, 胡埭镇便民服务中心"),
    ("clerk.xueyan", Role.CLERK, {"service_center": "SC-XY"}, "window clerk, 雪堰镇便民服务中心"),
    ("clerk.wanshi", Role.CLERK, {"service_center": "SC-WS"}, "window clerk, 万石镇便民服务中心"),
    ("officer.binhu", Role.OFFICER, {"department": "BH-SCJG"}, "officer, 滨湖区市场监督管理局"),
    ("officer.hudai", Role.OFFICER, {"department": "HD-SCJG"}, "officer, 胡埭市场监管分局"),
    ("officer.xueyan", Role.OFFICER, {"department": "XY-SCJG"}, "officer, 雪堰市场监管分局"),
    ("supervisor", Role.SUPERVISOR, {"region": "320200"}, "supervisor of 无锡市"),
    ("dispatcher", Role.DISPATCHER, {"region": "320200"}, "12345 hotline dispatcher, 无锡市"),
    ("union", Role.UNION_STAFF, {"department": "WX-ZGH"}, "staff of 无锡市总工会"),
    ("gate.metro01", Role.GATE, {}, "gate terminal; API token below"),
    ("inspector", Role.INSPECTOR, {"region": "320211102"}, "grid inspector (网格员), 胡埭镇"),
]

PEOPLE_PER_TOWN = 4
# The first people of 胡埭镇 carry the demo accounts' names.
PERSONAS = ["张伟", "陈静", "王磊"]


def setup(log: Callable[[str], None]) -> list[dict]:
    rng = random.Random(20210601)  # the cross-region agreement's month: a fixed seed
    actor = SYSTEM

    made = 0
    for code, name, level, parent in REGIONS:
        if not Region.objects.filter(code=code).exists():
            region_create(actor=actor, code=code, name=name, level=level, parent_code=parent)
            made += 1
    log(f"regions: {made} new, {Region.objects.count()} in all")

    made = 0
    for code, name, kind, region in DEPARTMENTS:
        if not Department.objects.filter(code=code).exists():
            department_create(actor=actor, code=code, name=name, kind=kind, region_code=region)
            made += 1
    log(f"departments: {made} new, {Department.objects.count()} in all")

    made = 0
    for code, name, region, address, windows in CENTERS:
        center = ServiceCenter.objects.filter(code=code).first()
        if center is None:
            center = service_center_create(
                actor=actor,
                code=code,
                name=name,
                region_code=region,
                address=address,
                phone="0510-12345",
                opening_hours="周一至周五 8:30-17:00",
            )
            made += 1
        for number, wname, cross in windows:
            if not Window.objects.filter(center=center, number=number).exists():
                window_open(
                    actor=actor, center=center, number=number, name=wname, is_cross_region=cross
                )
    log(f"service centres: {made} new, {ServiceCenter.objects.count()} in all")

    people = []
    towns = [c for c, _n, level, _p in REGIONS if level == "town"]
    for town in towns:
        for _ in range(PEOPLE_PER_TOWN):
            name, number, phone = chinese_name(rng), resident_id(rng), mobile(rng)
            if len(people) < len(PERSONAS):
                name = PERSONAS[len(people)]
            digest = keyring().digest(number, PII_FIELDS["id_number"])
            person = Person.objects.filter(id_number_digest=digest).first()
            if person is None:
                person = person_register(
                    actor=actor, name=name, id_number=number, phone=phone, region_code=town
                )
            people.append(person)
    log(f"people: {Person.objects.count()} in all")

    for name, region, address, industry, size in ENTERPRISES:
        code = credit_code(rng, region[:6])
        if not Enterprise.objects.filter(name=name).exists():
            enterprise_register(
                actor=actor,
                name=name,
                credit_code=code,
                region_code=region,
                address=address,
                industry=industry,
                size=size,
            )
    log(f"enterprises: {Enterprise.objects.count()} in all")

    agency_code = credit_code(rng, AGENCY[1])
    agency = Agency.objects.filter(name=AGENCY[0]).first() or agency_register(
        actor=actor, name=AGENCY[0], credit_code=agency_code, region_code=AGENCY[1]
    )
    agent = Agent.objects.filter(agency=agency, person=people[2]).first() or agent_add(
        actor=actor, agency_id=agency.pk, person_id=people[2].pk
    )

    accounts = []
    for username, role, scope, note in ACCOUNTS:
        resolved = {}
        for key, value in scope.items():
            if key == "person":
                resolved["person"] = people[value]
            elif key == "enterprise":
                resolved["enterprise"] = Enterprise.objects.get(name=value)
            elif key == "agent":
                resolved["agent"], resolved["person"] = agent, people[value]
            elif key == "service_center":
                resolved["service_center"] = ServiceCenter.objects.get(code=value)
            elif key == "department":
                resolved["department"] = Department.objects.get(code=value)
            elif key == "region":
                resolved["region"] = Region.objects.get(code=value)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_create(
                actor=actor,
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                **resolved,
            )
        accounts.append(
            {"role": role.value, "username": username, "password": DEMO_PASSWORD, "note": note}
        )
        if role == Role.GATE and not ApiToken.objects.filter(user=user).exists():
            token_issue(actor=actor, user=user, name="地铁1号线 闸机01", secret=DEMO_GATE_TOKEN)
    accounts.append(
        {
            "role": "gate token",
            "username": "Authorization: Bearer",
            "password": DEMO_GATE_TOKEN,
            "note": "",
        }
    )
    log(f"accounts: {User.objects.count()} in all")
    return accounts
