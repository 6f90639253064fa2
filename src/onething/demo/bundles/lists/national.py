"""国家级 key items (重点事项) the city takes on: the State Council's 2024 lists — the
first batch of 13 (annex to 国发〔2024〕3号, 开办餐饮店 among them: the demo's story
one-thing, defined in ``demo.bundles``) and the second batch of 8. Each with its steps in
order or in parallel and the departments that handle them in Wuxi."""

from __future__ import annotations

from onething.bundles.models import Level

from .shape import one_thing, step

FIRST_2024 = "国务院2024年度第一批重点事项清单（国发〔2024〕3号）"
SECOND_2024 = "国务院2024年度第二批重点事项清单"


def _national(*args, batch: str, **kwargs) -> dict:
    return one_thing(*args, level=Level.NATIONAL, listed_in=batch, **kwargs)


FIRST = [
    _national(
        "QY-001",
        "企业信息变更一件事",
        "enterprise",
        "企业变更登记后，税务、社保、医保、公积金登记信息同步变更，不再逐个部门跑。",
        [
            step("register", "SSDJ-207"),
            step("tax", "SW-004", after=["register"]),
            step("social", "SB-201", after=["register"]),
            step("medical", "YB-201", after=["register"]),
            step("fund", "GJJ-201", after=["register"]),
        ],
        batch=FIRST_2024,
    ),
    _national(
        "QY-002",
        "开办运输企业一件事",
        "enterprise",
        "营业执照、道路货物运输经营许可、车辆道路运输证一次申请、接续办理。",
        [
            step("licence", "SSDJ-102"),
            step("permit", "JT-201", after=["licence"]),
            step("vehicles", "JT-202", after=["permit"]),
        ],
        batch=FIRST_2024,
    ),
    _national(
        "QY-003",
        "水电气网联合报装一件事",
        "enterprise",
        "用电、用水、用气、宽带报装一表申请，涉及的道路挖掘、占道、绿地许可并联审批。",
        [
            step("power", "GD-201"),
            step("water", "SWJT-201"),
            step("gas", "RQ-201"),
            step("broadband", "TX-201"),
            step("dig", "SZ-201"),
            step("occupy", "SZ-202"),
            step("trees", "SZ-203"),
        ],
        batch=FIRST_2024,
    ),
    _national(
        "QY-004",
        "信用修复一件事",
        "enterprise",
        "行政处罚信息在市场监管、“信用中国”、纳税信用中一次申请、同步修复。",
        [
            step("market", "SSDJ-203"),
            step("credit-china", "FGW-201", concludes_after=["market"]),
            step("tax", "SW-201"),
        ],
        batch=FIRST_2024,
    ),
    _national(
        "QY-005",
        "企业破产信息核查一件事",
        "enterprise",
        "破产管理人一次申请，不动产、车辆、社保、公积金、纳税、登记档案信息并联核查。",
        [
            step("administrator", "FY-201"),
            step("property", "BDC-201", after=["administrator"]),
            step("vehicles", "JJ-201", after=["administrator"]),
            step("social", "SB-202", after=["administrator"]),
            step("fund", "GJJ-202", after=["administrator"]),
            step("tax", "SW-202", after=["administrator"]),
            step("archive", "SSDJ-204", after=["administrator"]),
        ],
        batch=FIRST_2024,
    ),
    _national(
        "QY-006",
        "企业上市合法合规信息核查一件事",
        "enterprise",
        "以专用信用报告为主，市场监管、税务、人社、公积金、生态环境、应急、住建、"
        "自然资源的合规证明并联出具。",
        [
            step("report", "FGW-202"),
            step("market", "SSDJ-205"),
            step("tax", "SW-203"),
            step("social", "SB-203"),
            step("fund", "GJJ-210"),
            step("ecology", "HB-201"),
            step("safety", "YJ-201"),
            step("construction", "JS-208"),
            step("land", "ZR-202"),
        ],
        batch=FIRST_2024,
    ),
    _national(
        "GR-002",
        "新生儿出生一件事",
        "person",
        "出生医学证明签发后，预防接种证、户口登记、医保参保、社保卡申领并联办理。",
        [
            step("certificate", "WJ-201"),
            step("vaccination", "WJ-202", after=["certificate"]),
            step("hukou", "GA-201", after=["certificate"]),
            step("medical", "YB-001", after=["certificate"]),
            step("card", "SB-004", after=["certificate"]),
        ],
        batch=FIRST_2024,
    ),
    _national(
        "GR-003",
        "教育入学一件事",
        "person",
        "义务教育入学报名一次提交，户籍、房产、社保信息由部门共享核验，不再开证明。",
        [
            step("hukou", "GA-202"),
            step("property", "BDC-201"),
            step("social", "SB-202"),
            step("enrol", "JY-201", concludes_after=["hukou", "property", "social"]),
        ],
        batch=FIRST_2024,
    ),
    _national(
        "GR-004",
        "社保卡居民服务“一卡通”一件事",
        "person",
        "社保卡申领后，就医结算、交通出行、文旅服务功能一并开通，一卡多用。",
        [
            step("card", "SB-004"),
            step("medical", "YB-208", after=["card"]),
            step("transport", "JT-203", after=["card"]),
            step("culture", "WL-202", after=["card"]),
        ],
        batch=FIRST_2024,
    ),
    _national(
        "GR-005",
        "残疾人服务一件事",
        "person",
        "残疾评定后残疾人证申领，两项补贴、辅助器具适配补贴随证办理。",
        [
            step("assessment", "WJ-205"),
            step("card", "MS-002", after=["assessment"]),
            step("subsidy", "MS-201", after=["card"]),
            step("aids", "CL-201", after=["card"]),
        ],
        batch=FIRST_2024,
    ),
    _national(
        "GR-006",
        "退休一件事",
        "person",
        "养老保险待遇申领与医保退休待遇核定、住房公积金退休提取一次办。",
        [
            step("pension", "SB-204"),
            step("medical", "YB-203", after=["pension"]),
            step("fund", "GJJ-203", after=["pension"]),
        ],
        batch=FIRST_2024,
    ),
    _national(
        "GR-007",
        "扶持创业一件事",
        "person",
        "个体工商户设立登记后，一次性创业补贴、创业担保贷款、创业税收扣减并联办理。",
        [
            step("licence", "SSDJ-001"),
            step("subsidy", "SB-206", after=["licence"]),
            step("loan", "SB-207", after=["licence"]),
            step("tax", "SW-207", after=["licence"]),
        ],
        batch=FIRST_2024,
    ),
]

SECOND = [
    _national(
        "QY-007",
        "企业迁移登记一件事",
        "enterprise",
        "企业跨区迁移登记与税务迁移、社保、医保、公积金信息变更一次办，档案不再自取。",
        [
            step("register", "SSDJ-201"),
            step("tax", "SW-204", after=["register"]),
            step("social", "SB-201", after=["register"]),
            step("medical", "YB-201", after=["register"]),
            step("fund", "GJJ-201", after=["register"]),
        ],
        batch=SECOND_2024,
    ),
    _national(
        "GR-008",
        "二手房转移登记及水电气网联动过户一件事",
        "person",
        "存量房交易纳税与转移登记一窗办理，登记后水、电、气、宽带同步过户。",
        [
            step("tax", "SW-206"),
            step("register", "BDC-202", concludes_after=["tax"]),
            step("water", "SWJT-202", after=["register"]),
            step("power", "GD-202", after=["register"]),
            step("gas", "RQ-202", after=["register"]),
            step("broadband", "TX-202", after=["register"]),
        ],
        batch=SECOND_2024,
    ),
    _national(
        "GR-009",
        "申请公租房一件事",
        "person",
        "户籍、住房、家庭经济状况由部门核对，公租房资格一次申请、一次审核。",
        [
            step("hukou", "GA-202"),
            step("property", "BDC-201"),
            step("income", "MS-204"),
            step("approve", "JS-205", after=["hukou", "property", "income"]),
        ],
        batch=SECOND_2024,
    ),
    _national(
        "GR-010",
        "军人退役一件事",
        "person",
        "退役报到后，落户、社保和医保关系接续、优待证申领同步办理。",
        [
            step("report", "TY-201"),
            step("hukou", "GA-207", after=["report"]),
            step("pension", "SB-208", after=["report"]),
            step("medical", "YB-004", after=["report"]),
            step("card", "TY-202", after=["report"]),
        ],
        batch=SECOND_2024,
    ),
    _national(
        "GR-011",
        "户口迁移一件事",
        "person",
        "迁入地一站办理户口迁移，身份证换领、养老和医保关系转移接续随迁办理。",
        [
            step("move", "GA-203"),
            step("id-card", "GA-204", after=["move"]),
            step("pension", "SB-208", after=["move"]),
            step("medical", "YB-004", after=["move"]),
        ],
        batch=SECOND_2024,
    ),
    _national(
        "GR-012",
        "公民婚育一件事",
        "person",
        "结婚登记后户口婚姻状况变更、生育登记联办，生育医疗费用报销接续办理。",
        [
            step("marriage", "MS-202"),
            step("hukou", "GA-206", after=["marriage"]),
            step("birth", "WJ-204", after=["marriage"]),
            step("maternity", "YB-005", after=["birth"]),
        ],
        batch=SECOND_2024,
    ),
    _national(
        "QY-008",
        "个体工商户转型为企业一件事",
        "enterprise",
        "个体工商户注销与企业设立同步办理，税务、社保、公积金登记随之完成，字号和经营资格延续。",
        [
            step("close", "SSDJ-004"),
            step("company", "SSDJ-102"),
            step("tax", "SW-004", after=["close", "company"]),
            step("social", "SB-001", after=["company"]),
            step("fund", "GJJ-205", after=["company"]),
        ],
        batch=SECOND_2024,
    ),
    _national(
        "GR-013",
        "公民身后一件事",
        "person",
        "死亡医学证明签发后，户口注销、丧葬补助金和抚恤金、医保个人账户继承、公积金"
        "提取、殡葬费用减免并联办理。",
        [
            step("certificate", "WJ-203"),
            step("hukou", "GA-205", after=["certificate"]),
            step("pension", "SB-205", after=["certificate"]),
            step("medical", "YB-204", after=["certificate"]),
            step("fund", "GJJ-204", after=["certificate"]),
            step("funeral", "MS-203", after=["certificate"]),
        ],
        batch=SECOND_2024,
    ),
]

DEFINITIONS = FIRST + SECOND
