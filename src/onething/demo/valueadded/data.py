"""The demo's value-added services (增值服务, seed 000: the 锡企服务平台's four functions):
the city's departments that provide them, the partner institutions (a bank, a law firm, an
IP agency) registered as enterprises, their accounts, the services, and the words of the
requests the demo's enterprises made in the first half of 2025."""

from __future__ import annotations

CITY = "320200"

# code, name, kind (core DepartmentKind), region: created when missing
DEPARTMENTS = [
    ("WX-GXJ", "无锡市工业和信息化局", "other", CITY),
    ("WX-JR", "无锡市地方金融管理局", "other", CITY),
    ("WX-SF", "无锡市司法局", "other", CITY),
    ("WX-SWJ", "无锡市商务局", "other", CITY),
]

# name, region, address, industry, size: registered when missing
PARTNERS = [
    ("江苏银行股份有限公司无锡分行", "320213", "无锡市梁溪区中山路", "货币金融服务", "large"),
    ("无锡锡法律师事务所", "320214", "无锡市新吴区清源路", "法律服务", "small"),
    ("无锡知信知识产权代理事务所", "320211", "无锡市滨湖区蠡湖大道", "知识产权服务", "micro"),
]

# code, name, kind, department code or partner name, contact, description
PROVIDERS = [
    (
        "wx-gxj",
        "无锡市工业和信息化局",
        "city",
        "WX-GXJ",
        "0510-81821234",
        "组织银企对接会、专精特新企业培育辅导和智能化改造诊断服务。",
    ),
    (
        "wx-jr",
        "无锡市地方金融管理局",
        "city",
        "WX-JR",
        "0510-81822345",
        "对接银行、担保、融资租赁等金融机构，为企业提供融资需求匹配和上市培育辅导。",
    ),
    (
        "wx-sf",
        "无锡市司法局",
        "city",
        "WX-SF",
        "0510-81823456",
        "组织公共法律服务团为企业开展“法治体检”和法律咨询。",
    ),
    (
        "wx-scjg",
        "无锡市市场监督管理局",
        "city",
        "WX-SCJG",
        "0510-81824567",
        "知识产权（专利、商标）咨询、质押融资辅导和海外维权指导。",
    ),
    (
        "wx-rs",
        "无锡市人力资源和社会保障局",
        "city",
        "WX-RS",
        "0510-81825678",
        "重点企业用工保障、招聘对接和技能人才培训。",
    ),
    (
        "wx-swj",
        "无锡市商务局",
        "city",
        "WX-SWJ",
        "0510-81826789",
        "外贸企业业务培训、区域全面经济伙伴关系协定规则解读和出口信用保险对接。",
    ),
    (
        "js-bank-wx",
        "江苏银行无锡分行",
        "partner",
        "江苏银行股份有限公司无锡分行",
        "95319",
        "普惠金融合作银行：科技型、制造业中小企业信用贷款和中长期技改贷款。",
    ),
    (
        "xifa-law",
        "无锡锡法律师事务所",
        "partner",
        "无锡锡法律师事务所",
        "0510-85201234",
        "合作律师事务所：企业合规、合同与劳动用工法律服务。",
    ),
    (
        "zhixin-ip",
        "无锡知信知识产权代理事务所",
        "partner",
        "无锡知信知识产权代理事务所",
        "0510-85671234",
        "合作知识产权代理机构：专利、商标申请代理和布局咨询。",
    ),
]

# code, provider, category, name, description, sizes, industries, free, fee note, days
SERVICES = [
    (
        "yinqi-duijie",
        "wx-gxj",
        "financing",
        "银企对接会报名",
        "市工信局联合金融机构每季度举办银企对接会，企业登记融资需求后匹配合作银行现场对接。",
        [],
        [],
        True,
        "",
        5,
    ),
    (
        "zhuanjing-fudao",
        "wx-gxj",
        "training",
        "专精特新企业培育辅导",
        "对申报专精特新的中小企业开展政策解读、申报材料辅导和培育诊断。",
        ["small", "medium"],
        ["制造"],
        True,
        "",
        5,
    ),
    (
        "rongzi-pipei",
        "wx-jr",
        "financing",
        "融资需求对接",
        "登记融资需求（金额、期限、用途），由市地方金融管理局推送至银行、担保、融资租赁机构并跟踪对接结果。",
        [],
        [],
        True,
        "",
        3,
    ),
    (
        "fazhi-tijian",
        "wx-sf",
        "legal",
        "企业“法治体检”",
        "公共法律服务团律师上门为企业梳理合同管理、劳动用工、知识产权等法律风险并出具体检报告。",
        [],
        [],
        True,
        "",
        3,
    ),
    (
        "zhichan-zixun",
        "wx-scjg",
        "ip",
        "知识产权咨询",
        "专利、商标申请与布局咨询，知识产权质押融资和海外维权指导。",
        [],
        [],
        True,
        "",
        3,
    ),
    (
        "zhaopin-duijie",
        "wx-rs",
        "recruitment",
        "重点企业招聘对接",
        "为重点企业发布用工需求、组织专场招聘会并推荐求职人员。",
        [],
        [],
        True,
        "",
        5,
    ),
    (
        "waimao-peixun",
        "wx-swj",
        "training",
        "外贸业务培训",
        "《区域全面经济伙伴关系协定》原产地规则、出口信用保险和跨境电商实务培训，每月一期。",
        [],
        [],
        True,
        "",
        5,
    ),
    (
        "puhui-daikuan",
        "js-bank-wx",
        "financing",
        "普惠信用贷款对接",
        "面向科技型、制造业中小企业的纯信用贷款，最高1000万元，客户经理上门对接。",
        ["micro", "small", "medium"],
        [],
        False,
        "按贷款合同约定利率计息，对接服务免费",
        2,
    ),
    (
        "hegui-zixun",
        "xifa-law",
        "legal",
        "企业合规法律咨询",
        "外贸合同审查、劳动用工合规、应收账款催收等法律咨询。",
        [],
        [],
        False,
        "首次咨询免费，后续按律师服务收费标准",
        2,
    ),
    (
        "zhuanli-daili",
        "zhixin-ip",
        "ip",
        "专利、商标申请代理",
        "发明、实用新型专利和商标的申请代理与布局咨询。",
        [],
        [],
        False,
        "按代理服务收费标准",
        3,
    ),
]

# username, role, department code or partner name, person's name (None: no person), note
ACCOUNTS = [
    ("officer.wx-gxj", "officer", "WX-GXJ", None, "officer, 无锡市工业和信息化局 (增值服务)"),
    ("officer.wx-jr", "officer", "WX-JR", None, "officer, 无锡市地方金融管理局 (增值服务)"),
    ("officer.wx-sf", "officer", "WX-SF", None, "officer, 无锡市司法局 (增值服务)"),
    ("officer.wx-scjg", "officer", "WX-SCJG", None, "officer, 无锡市市场监督管理局 (增值服务)"),
    ("officer.wx-rs", "officer", "WX-RS", None, "officer, 无锡市人社局 (增值服务)"),
    ("officer.wx-swj", "officer", "WX-SWJ", None, "officer, 无锡市商务局 (增值服务)"),
    ("partner.jsbank", "applicant", PARTNERS[0][0], "顾晓岚", "staff, 江苏银行无锡分行"),
    ("partner.xifa", "applicant", PARTNERS[1][0], "钱志远", "lawyer, 无锡锡法律师事务所"),
    ("partner.zhixin", "applicant", PARTNERS[2][0], "沈佳怡", "agent, 无锡知信知识产权"),
    ("qiye.delijia", "applicant", "德力佳传动科技（江苏）股份有限公司", "周建国", "staff"),
    ("qiye.hudai", "applicant", "无锡胡埭精密机械有限公司", "华丽娟", "staff of an enterprise"),
    ("qiye.zisha", "applicant", "宜兴万石紫砂工艺品厂", "蒋文彬", "staff of an enterprise"),
]

# The requests' words, by category: (subject, details, outcome kind, outcome, amount in 万元)
STORIES = {
    "financing": [
        (
            "技改项目中长期贷款",
            "新增两条生产线，需中长期技改贷款，期限3至5年，可提供设备抵押。",
            "financing",
            "经银企对接会匹配，合作银行完成授信审批并放款。",
            2000,
        ),
        (
            "流动资金贷款续贷对接",
            "原流动资金贷款即将到期，希望无还本续贷，避免资金周转压力。",
            "financing",
            "对接合作银行办理无还本续贷，贷款顺利接续。",
            800,
        ),
        (
            "设备更新贷款贴息咨询",
            "计划更新数控设备，咨询设备更新再贷款和贴息政策的申请条件。",
            "advice",
            "已说明设备更新再贷款条件和贴息申报流程，企业准备材料后申报。",
            None,
        ),
        (
            "科技型企业信用贷款",
            "研发投入大、固定资产少，申请纯信用贷款补充研发资金。",
            "financing",
            "客户经理上门尽调，授信获批并发放信用贷款。",
            500,
        ),
    ],
    "legal": [
        (
            "外贸合同条款审查",
            "与东南亚客户签订长期供货合同，请律师审查付款、违约和争议解决条款。",
            "advice",
            "律师逐条审查并出具修改意见，提示汇率和仲裁地风险。",
            None,
        ),
        (
            "劳动用工合规体检",
            "员工规模扩大，请求对劳动合同、加班和社保缴纳进行合规体检。",
            "advice",
            "上门开展法治体检，出具体检报告并指导完善规章制度。",
            None,
        ),
        (
            "应收账款催收法律咨询",
            "有一笔货款逾期180天未付，咨询催收方式和诉讼时效。",
            "advice",
            "提供催收函模板和诉讼方案，建议先行调解。",
            None,
        ),
    ],
    "ip": [
        (
            "发明专利申请咨询",
            "自主研发的齿轮热处理工艺拟申请发明专利，咨询申请流程和布局。",
            "filed",
            "完成技术交底并提交发明专利申请，已获受理通知书。",
            None,
        ),
        (
            "商标国际注册咨询",
            "产品出口东南亚，咨询马德里体系商标国际注册。",
            "advice",
            "说明马德里注册路径、费用和时间，企业决定先行指定三国。",
            None,
        ),
        (
            "专利质押融资咨询",
            "拥有发明专利12件，咨询专利质押融资的评估和办理。",
            "advice",
            "介绍质押登记流程并对接评估机构，企业已启动评估。",
            None,
        ),
    ],
    "recruitment": [
        (
            "招聘数控车工",
            "新产线投产，急需数控车工10名、质检员3名。",
            "referred",
            "发布岗位并组织专场招聘，推荐求职人员18名，企业录用11名。",
            None,
        ),
        (
            "研发工程师引进对接",
            "需要机械设计和电气自动化方向研发工程师各2名。",
            "referred",
            "对接高校就业指导中心，推荐应届毕业生6名。",
            None,
        ),
    ],
    "training": [
        (
            "原产地规则培训报名",
            "外贸业务员5人报名参加区域全面经济伙伴关系协定原产地规则与关税减让培训。",
            "trained",
            "5名业务员参加4月期培训并取得结业证明。",
            None,
        ),
        (
            "专精特新申报辅导",
            "计划申报省级专精特新中小企业，请求申报辅导。",
            "trained",
            "参加申报辅导并完成材料自评，企业已提交申报。",
            None,
        ),
    ],
}
RATING_COMMENTS = {
    5: ["对接及时，服务很专业。", "问题当场解决，非常满意。", "全程有人跟进，省心。"],
    4: ["整体满意，材料准备再简化些更好。", "响应较快。"],
    3: ["结果基本满意，对接周期偏长。"],
    2: ["等待时间较长。"],
}
DECLINES = [
    "企业所属行业暂不在本期对接范围内，建议参加下季度银企对接会。",
    "所需事项属于诉讼代理，超出公益法律咨询范围，已告知可委托律师事务所。",
]
