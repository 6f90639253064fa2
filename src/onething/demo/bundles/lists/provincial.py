"""省级 key items (重点事项): the eight Jiangsu added to the national lists in its
deployment of 高效办成一件事. Which eight is the demo's reading of the province's
documents; staff keep the list as configuration (the one-things' workbook import)."""

from __future__ import annotations

from onething.bundles.models import Level

from .shape import one_thing, step

JIANGSU = "江苏省“高效办成一件事”重点事项清单"


def _provincial(*args, **kwargs) -> dict:
    return one_thing(*args, level=Level.PROVINCIAL, listed_in=JIANGSU, **kwargs)


DEFINITIONS = [
    _provincial(
        "QY-009",
        "企业注销一件事",
        "enterprise",
        "清税与社保、医保、公积金注销并联办理，清税后注销登记，一次申请全部退出。",
        [
            step("tax", "SW-205"),
            step("social", "SB-209"),
            step("medical", "YB-205"),
            step("fund", "GJJ-207"),
            step("deregister", "SSDJ-202", concludes_after=["tax", "social", "medical", "fund"]),
        ],
    ),
    _provincial(
        "QY-010",
        "员工录用一件事",
        "enterprise",
        "新招员工的就业登记、社保参保、医保参保、公积金账户设立一表申报。",
        [
            step("employment", "SB-007"),
            step("social", "SB-001"),
            step("medical", "YB-001"),
            step("fund", "GJJ-206"),
        ],
    ),
    _provincial(
        "GR-014",
        "灵活就业一件事",
        "person",
        "灵活就业登记后，养老保险、医疗保险参保和公积金自愿缴存一次办。",
        [
            step("register", "SB-210"),
            step("pension", "SB-002", after=["register"]),
            step("medical", "YB-206", after=["register"]),
            step("fund", "GJJ-208", after=["register"]),
        ],
    ),
    _provincial(
        "QY-011",
        "工程建设项目竣工联合验收一件事",
        "enterprise",
        "规划核实、消防验收、人防验收、档案验收联合开展，完成后竣工验收备案。",
        [
            step("planning", "ZR-201"),
            step("fire", "JS-201"),
            step("civil-defence", "JS-202"),
            step("archive", "JS-203"),
            step("filing", "JS-204", after=["planning", "fire", "civil-defence", "archive"]),
        ],
    ),
    _provincial(
        "QY-012",
        "企业不动产登记与缴税一件事",
        "enterprise",
        "企业不动产交易的税费申报与转移登记一窗受理、并行办理，缴税后即登簿。",
        [
            step("tax", "SW-206"),
            step("register", "BDC-203", concludes_after=["tax"]),
        ],
    ),
    _provincial(
        "GR-015",
        "异地就医费用报销一件事",
        "person",
        "异地就医备案与未直接结算费用的零星报销一次申请，线上提交票据。",
        [
            step("filing", "YB-003"),
            step("reimburse", "YB-207", after=["filing"]),
        ],
    ),
    _provincial(
        "QY-013",
        "惠企政策免申即享一件事",
        "enterprise",
        "符合条件的企业无需申请：稳岗返还、专精特新奖补、科技创新券由数据比对直接兑现。",
        [
            step("retention", "SB-211"),
            step("specialised", "GX-201"),
            step("voucher", "KJ-202"),
        ],
    ),
    _provincial(
        "QY-014",
        "举办大型群众性活动一件事",
        "enterprise",
        "消防安全检查、营业性演出审批、户外广告设置并联办理，安全许可在消防检查后作出。",
        [
            step("fire", "XF-202"),
            step("performance", "WL-201"),
            step("advertising", "CG-201"),
            step("security", "GA-210", concludes_after=["fire"]),
        ],
    ),
]
