"""The demo city's routing table (派单规则) and the departments' reply templates."""

from __future__ import annotations

from .directory import RoutingRuleRow

# In position order; the first rule whose every set condition matches names the department.
# Enterprise categories end in a catch-all for 企业服务; the citizens' rules go from a street
# to its district to the city; one rule is decided by keywords alone (违停, 消防通道) and two
# by a region alone (胡埭镇, 堰桥街道). 其他 outside those has no rule: the dispatcher decides.
ROUTING_RULES: list[RoutingRuleRow] = [
    {
        "name": "代理记账机构代办登记",
        "category": "enterprise-approval",
        "region": None,
        "keywords": "代理记账,代办,代理,代领",
        "department": "WX-SJ",
    },
    {
        "name": "工业项目用地与施工许可",
        "category": "enterprise-approval",
        "region": None,
        "keywords": "施工许可,拿地即开工,规划许可,用地",
        "department": "WX-ZRZY",
    },
    {
        "name": "经营主体登记与食品经营许可",
        "category": "enterprise-approval",
        "region": None,
        "keywords": "营业执照,变更登记,注销,食品经营许可,分公司",
        "department": "WX-SCJG",
    },
    {
        "name": "其他审批服务",
        "category": "enterprise-approval",
        "region": None,
        "keywords": "",
        "department": "WX-SJ",
    },
    {
        "name": "涉税服务",
        "category": "enterprise-tax",
        "region": None,
        "keywords": "",
        "department": "WX-SW",
    },
    {
        "name": "融资",
        "category": "enterprise-finance",
        "region": None,
        "keywords": "",
        "department": "WX-FGW",
    },
    {
        "name": "用工与人才",
        "category": "enterprise-labour",
        "region": None,
        "keywords": "",
        "department": "WX-RS",
    },
    {
        "name": "梁溪区文旅企业扶持",
        "category": "enterprise-policy",
        "region": "320213",
        "keywords": "文旅,文化旅游,历史文化街区,游客",
        "department": "LX-WL",
    },
    {
        "name": "智能化改造与专精特新",
        "category": "enterprise-policy",
        "region": None,
        "keywords": "智能化改造,数字化转型,专精特新,首台,技改",
        "department": "WX-GXJ",
    },
    {
        "name": "其他政策咨询",
        "category": "enterprise-policy",
        "region": None,
        "keywords": "",
        "department": "WX-FGW",
    },
    {
        "name": "园区通勤与物流通行",
        "category": "enterprise-site",
        "region": None,
        "keywords": "公交,通勤,货车,通行证",
        "department": "WX-JT",
    },
    {
        "name": "水电气与用地保障",
        "category": "enterprise-site",
        "region": None,
        "keywords": "",
        "department": "WX-FGW",
    },
    {
        "name": "其他涉企事项",
        "category": "enterprise",
        "region": None,
        "keywords": "",
        "department": "WX-SJ",
    },
    {
        "name": "清名桥街道路灯",
        "category": "streetlight",
        "region": "320213006",
        "keywords": "",
        "department": "QMQ-JB",
    },
    {
        "name": "路灯",
        "category": "streetlight",
        "region": None,
        "keywords": "",
        "department": "WX-CG",
    },
    {
        "name": "清名桥街道楼道与住宅",
        "category": "housing",
        "region": "320213006",
        "keywords": "",
        "department": "QMQ-JB",
    },
    {
        "name": "梁溪区老新村楼道与住宅",
        "category": "housing",
        "region": "320213",
        "keywords": "",
        "department": "LX-ZJ",
    },
    {
        "name": "楼道与住宅",
        "category": "housing",
        "region": None,
        "keywords": "",
        "department": "WX-ZJ",
    },
    {
        "name": "占用消防通道和违停",
        "category": None,
        "region": None,
        "keywords": "消防通道,违停,乱停,占用车道",
        "department": "WX-GAJJ",
    },
    {"name": "停车", "category": "parking", "region": None, "keywords": "", "department": "WX-CG"},
    {"name": "养老", "category": "elderly", "region": None, "keywords": "", "department": "WX-MZ"},
    {
        "name": "健身与游乐设施",
        "category": "fitness",
        "region": None,
        "keywords": "",
        "department": "WX-TY",
    },
    {
        "name": "公交站点与线路",
        "category": "bus-stop",
        "region": None,
        "keywords": "",
        "department": "WX-JT",
    },
    {
        "name": "交通出行",
        "category": "traffic",
        "region": None,
        "keywords": "",
        "department": "WX-GAJJ",
    },
    {
        "name": "胡埭镇辖区事项",
        "category": None,
        "region": "320211102",
        "keywords": "",
        "department": "HD-ZF",
    },
    {
        "name": "堰桥街道辖区事项",
        "category": None,
        "region": "320206002",
        "keywords": "",
        "department": "YQ-JB",
    },
    {"name": "市容环境", "category": "city", "region": None, "keywords": "", "department": "WX-CG"},
]

# By appeal type; ``{title}`` is the appeal's title (str.format).
REPLY_TEMPLATES: dict[str, list[str]] = {
    "demand": [
        (
            "您好！您反映的“{title}”已收悉。我单位高度重视，已安排专人与您电话联系并上门了解情况。"
            "经协调，相关问题已解决，后续如仍有困难，欢迎继续通过平台留言。感谢您对我们工作的支持！"
        ),
        (
            "您好！关于“{title}”，经我单位会同相关部门实地查看，该事项已列入近期工作计划，"
            "将按计划推进实施，完成后由经办人员与您联系。感谢您的理解和支持！"
        ),
        (
            "您好！关于“{title}”，经核实，该事项不属于我单位职责范围，已协调有关单位办理，"
            "并告知您承办单位和联系电话。给您带来不便，敬请谅解。"
        ),
    ],
    "suggestion": [
        (
            "感谢您提出“{title}”的宝贵建议。我们已将建议转交相关业务处室研究，"
            "将在后续完善政策和优化流程时认真吸收采纳。欢迎继续为优化营商环境建言献策！"
        ),
        (
            "感谢您的建议。关于“{title}”，我单位已组织相关处室会商，"
            "建议中提出的做法已在部分地区试点，试点效果良好的将在全市推广。"
        ),
    ],
    "inquiry": [
        (
            "您好！关于您咨询的“{title}”，相关政策文件和办事指南已在平台“政策服务”栏目发布，"
            "申报条件、所需材料和办理时限以指南为准。如需进一步解答，可在工作日拨打12345热线咨询。"
        ),
        (
            "您好！关于“{title}”，该事项可通过“高效办成一件事”线上专区全程网办，"
            "也可到就近的政务服务中心综合窗口办理，窗口工作人员将为您提供帮办代办服务。"
        ),
    ],
    "complaint": [
        (
            "您好！您投诉的“{title}”已收悉。经调查核实，情况基本属实，"
            "我单位已责令相关人员立即整改，并将加强日常监督检查。感谢您的监督！"
        ),
        (
            "您好！关于“{title}”，我单位已调取相关记录并约谈当事人员。经核实，"
            "工作人员在服务过程中存在解释不到位的问题，已进行批评教育，今后将改进服务方式。"
        ),
    ],
}
