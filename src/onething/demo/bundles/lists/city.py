"""市级: the city's own one-things besides 股权转让 and 拿地即开工 (defined with their
stories in ``demo.bundles``) — what a city like Wuxi adds to the key items for its
residents and enterprises: opening a homestay or a clinic, talents settling, foreign
talents coming to work, charging points, the elderly's privileges, a small firm's first
loan, and more."""

from __future__ import annotations

from onething.bundles.models import Level

from .shape import one_thing, step


def _city(*args, **kwargs) -> dict:
    return one_thing(*args, level=Level.CITY, **kwargs)


def _opening(code, name, audience, description, licence, *others) -> dict:
    """Opening a business: the licence first, then the permits it needs, in parallel."""
    return _city(
        code,
        name,
        audience,
        description,
        [step("licence", licence), *(step(k, item, after=["licence"]) for k, item in others)],
    )


DEFINITIONS = [
    _opening(
        "GR-016",
        "开办民宿一件事",
        "person",
        "个体工商户登记后，旅馆业特种行业许可、公共场所卫生许可、消防检查、食品经营许可并联办理。",
        "SSDJ-001",
        ("police", "GA-209"),
        ("hygiene", "WJ-206"),
        ("fire", "XF-201"),
        ("food", "SSDJ-002"),
    ),
    _city(
        "GR-017",
        "人才落户一件事",
        "person",
        "人才落户资格确认后，户口迁入、身份证换领、人才安居补贴接续办理。",
        [
            step("qualify", "SB-217"),
            step("move", "GA-203", after=["qualify"]),
            step("id-card", "GA-204", after=["move"]),
            step("housing", "JS-207", after=["qualify"]),
        ],
    ),
    _city(
        "QY-015",
        "外籍人才来锡工作一件事",
        "enterprise",
        "外国人工作许可与工作类居留许可一次申请，参保登记同步完成。",
        [
            step("permit", "KJ-201"),
            step("residence", "GA-213", after=["permit"]),
            step("social", "SB-001", after=["permit"]),
        ],
    ),
    _city(
        "GR-018",
        "新能源汽车充电设施报装一件事",
        "person",
        "居民小区充电设施建设备案与用电报装一次申请，供电公司上门勘查接电。",
        [step("filing", "JS-206"), step("power", "GD-201", after=["filing"])],
    ),
    _city(
        "GR-019",
        "老年人优待一件事",
        "person",
        "老年人优待证、免费乘车卡、高龄津贴一次申请，证卡一并发放。",
        [
            step("card", "MS-001"),
            step("bus", "JT-204", after=["card"]),
            step("allowance", "MS-207"),
        ],
    ),
    _city(
        "QY-016",
        "小微企业首贷一件事",
        "enterprise",
        "专用信用报告、纳税信用证明由部门共享，首贷需求推送合作银行对接。",
        [
            step("report", "FGW-202"),
            step("tax", "SW-209"),
            step("loan", "JR-201", after=["report", "tax"]),
        ],
    ),
    _city(
        "QY-017",
        "企业开办一件事",
        "enterprise",
        "营业执照、公章刻制、发票领用、社保登记、公积金缴存登记一日办结。",
        [
            step("licence", "SSDJ-102"),
            step("seal", "GA-208", after=["licence"]),
            step("invoice", "SW-002", after=["licence"]),
            step("social", "SB-001", after=["licence"]),
            step("fund", "GJJ-205", after=["licence"]),
        ],
    ),
    _city(
        "QY-018",
        "开办药店一件事",
        "enterprise",
        "营业执照后药品经营许可，取得许可后申请医保定点。",
        [
            step("licence", "SSDJ-102"),
            step("drugs", "SSDJ-206", after=["licence"]),
            step("insurance", "YB-210", after=["drugs"]),
        ],
    ),
    _city(
        "QY-019",
        "开办诊所一件事",
        "enterprise",
        "营业执照、诊所备案并联办理，备案后申请医保定点。",
        [
            step("licence", "SSDJ-102"),
            step("filing", "WJ-207"),
            step("insurance", "YB-210", after=["licence", "filing"]),
        ],
    ),
    _opening(
        "QY-020",
        "开办健身房一件事",
        "enterprise",
        "营业执照后，高危险性体育项目许可、公共场所卫生许可、消防检查并联办理。",
        "SSDJ-102",
        ("sports", "TYJ-201"),
        ("hygiene", "WJ-206"),
        ("fire", "XF-201"),
    ),
    _opening(
        "GR-020",
        "开办便利店一件事",
        "person",
        "个体工商户登记后，食品经营许可、烟草专卖零售许可并联办理。",
        "SSDJ-001",
        ("food", "SSDJ-002"),
        ("tobacco", "YC-201"),
    ),
    _city(
        "QY-021",
        "开办培训机构一件事",
        "enterprise",
        "消防检查后办学许可，取得许可后登记为民办非企业单位。",
        [
            step("fire", "XF-201"),
            step("school", "JY-202", after=["fire"]),
            step("register", "MS-208", after=["school"]),
        ],
    ),
    _opening(
        "QY-022",
        "开办旅馆一件事",
        "enterprise",
        "营业执照后，特种行业许可、公共场所卫生许可、消防检查并联办理。",
        "SSDJ-102",
        ("police", "GA-209"),
        ("hygiene", "WJ-206"),
        ("fire", "XF-201"),
    ),
    _city(
        "GR-021",
        "失业保障一件事",
        "person",
        "失业登记后失业保险金申领，医保关系接续一并办理。",
        [
            step("register", "SB-006"),
            step("benefit", "SB-212", after=["register"]),
            step("medical", "YB-004", after=["register"]),
        ],
    ),
    _city(
        "GR-022",
        "公积金贷款购房一件事",
        "person",
        "公积金贷款审批、转移登记与抵押登记联办，放款与登簿同步。",
        [
            step("loan", "GJJ-209"),
            step("tax", "SW-206"),
            step("transfer", "BDC-202", concludes_after=["tax"]),
            step("mortgage", "BDC-205", after=["loan", "transfer"]),
        ],
    ),
    _city(
        "GR-023",
        "新建商品房交房即交证一件事",
        "person",
        "交房时契税申报与转移登记同时完成，水电气网同步过户，拿房即拿证。",
        [
            step("tax", "SW-206"),
            step("register", "BDC-204", concludes_after=["tax"]),
            step("water", "SWJT-202", after=["register"]),
            step("power", "GD-202", after=["register"]),
            step("gas", "RQ-202", after=["register"]),
        ],
    ),
    _city(
        "GR-024",
        "新车上牌一件事",
        "person",
        "车辆购置税申报后机动车注册登记，4S店即可代办。",
        [step("tax", "SW-208"), step("register", "JJ-202", after=["tax"])],
    ),
    _city(
        "GR-025",
        "困难群众救助一件事",
        "person",
        "家庭经济状况核对后，低保、临时救助、医疗救助按条件一并给付。",
        [
            step("check", "MS-204"),
            step("minimum", "MS-205", after=["check"]),
            step("temporary", "MS-206", after=["check"]),
            step("medical", "YB-209", after=["check"]),
        ],
    ),
    _city(
        "GR-026",
        "育儿补贴一件事",
        "person",
        "新生儿落户后育儿补贴申领，生育医疗费用报销同时办理。",
        [
            step("hukou", "GA-201"),
            step("subsidy", "WJ-209", after=["hukou"]),
            step("maternity", "YB-005"),
        ],
    ),
    _city(
        "GR-027",
        "工伤保险一件事",
        "person",
        "工伤认定、劳动能力鉴定、工伤保险待遇核定接续办理，材料一次提交。",
        [
            step("recognition", "SB-213"),
            step("assessment", "SB-214", after=["recognition"]),
            step("benefit", "SB-215", after=["assessment"]),
        ],
    ),
    _city(
        "GR-028",
        "高校毕业生就业一件事",
        "person",
        "毕业生报到后，就业登记、社保参保、人才安居补贴一并办理。",
        [
            step("report", "SB-216"),
            step("employment", "SB-007", after=["report"]),
            step("social", "SB-001", after=["report"]),
            step("housing", "JS-207", after=["report"]),
        ],
    ),
    _city(
        "QY-023",
        "开办托育机构一件事",
        "enterprise",
        "营业执照、消防检查后托育机构备案，一次申请。",
        [
            step("licence", "SSDJ-102"),
            step("fire", "XF-201"),
            step("filing", "WJ-208", after=["licence", "fire"]),
        ],
    ),
    _city(
        "QY-024",
        "城市道路挖掘一件事",
        "enterprise",
        "道路挖掘、临时占道、树木迁移许可并联审批，一次申请。",
        [step("dig", "SZ-201"), step("occupy", "SZ-202"), step("trees", "SZ-203")],
    ),
    _city(
        "QY-025",
        "店招和户外广告设置一件事",
        "enterprise",
        "户外广告设施设置许可与临时占道施工许可并联办理。",
        [step("sign", "CG-201"), step("occupy", "SZ-202")],
    ),
    _city(
        "GR-029",
        "新市民居住证一件事",
        "person",
        "居住登记后居住证申领，随迁子女入学与社保服务凭证共享。",
        [step("register", "GA-211"), step("permit", "GA-212", after=["register"])],
    ),
    _opening(
        "QY-026",
        "开办外贸企业一件事",
        "enterprise",
        "营业执照后，报关单位备案、出口退（免）税备案、贸易外汇收支名录登记并联办理。",
        "SSDJ-102",
        ("customs", "HG-201"),
        ("export-tax", "SW-210"),
        ("forex", "WH-201"),
    ),
    _opening(
        "GR-030",
        "开办美容美发店一件事",
        "person",
        "个体工商户登记后，公共场所卫生许可与消防安全检查并联办理。",
        "SSDJ-001",
        ("hygiene", "WJ-206"),
        ("fire", "XF-201"),
    ),
    _opening(
        "QY-027",
        "开办汽车维修店一件事",
        "enterprise",
        "营业执照后，机动车维修经营备案、固定污染源排污登记并联办理。",
        "SSDJ-102",
        ("repair", "JT-205"),
        ("emissions", "HB-202"),
    ),
]
