"""The runs the one-things took in over the first half of 2025 (seed 000, 2025-07-18:
"全面承接国家、省部署的重点事项29项，上半年累计办理93.8万件"), as generated figures' data
(``bundles.generate``): the 29 key items' 938,000 shared out by each one's popularity
(largest remainder, so they add up exactly), the city's own 30 a smaller volume; spread
over the working days by the months' season (a one-thing's own season where it has one:
school enrolment in May and June); the daily roll-up rebuilt. The figure the pages show
is then counted from the roll-up, never typed in. Loaded once (a fixed seed)."""

from __future__ import annotations

from collections.abc import Callable

from onething.bundles.generate import runs_generate
from onething.bundles.generate.run import NUMBER_PREFIX
from onething.bundles.models import KEY_LEVELS, Bundle, BundleRun
from onething.bundles.rules.figures import apportion, wan

from ..timeline import H1_2025

KEY_ITEMS_H1 = 938_000  # 93.8万
CITY_H1 = 120_000  # the city's own one-things over the same half-year
SEED = 2025
APPLICANTS = 1_000  # generated residents the runs are spread over (figures' data)

# How popular each one-thing is (its share of its level's volume). Life events that come
# to every family and every employer are large; the audits of a listing or a bankruptcy
# are rare.
POPULARITY = {
    # national, first batch (2024)
    "YJS-320200-GR-004": 16.0,  # 社保卡"一卡通"
    "YJS-320200-QY-001": 10.0,  # 企业信息变更
    "YJS-320200-GR-006": 8.0,  # 退休
    "YJS-320200-GR-002": 6.0,  # 新生儿出生
    "YJS-320200-GR-003": 5.0,  # 教育入学
    "YJS-320200-QY-003": 3.0,  # 水电气网联合报装
    "YJS-320200-GR-001": 1.5,  # 开办餐饮店
    "YJS-320200-GR-007": 1.2,  # 扶持创业
    "YJS-320200-GR-005": 1.0,  # 残疾人服务
    "YJS-320200-QY-004": 0.6,  # 信用修复
    "YJS-320200-QY-002": 0.3,  # 开办运输企业
    "YJS-320200-QY-005": 0.05,  # 企业破产信息核查
    "YJS-320200-QY-006": 0.005,  # 企业上市合法合规信息核查
    # national, second batch (2024)
    "YJS-320200-GR-008": 4.0,  # 二手房转移登记及水电气网联动过户
    "YJS-320200-GR-011": 3.0,  # 户口迁移
    "YJS-320200-GR-013": 3.0,  # 公民身后
    "YJS-320200-GR-012": 2.5,  # 公民婚育
    "YJS-320200-QY-007": 1.0,  # 企业迁移登记
    "YJS-320200-GR-009": 0.6,  # 申请公租房
    "YJS-320200-QY-008": 0.4,  # 个体工商户转型为企业
    "YJS-320200-GR-010": 0.2,  # 军人退役
    # provincial (Jiangsu)
    "YJS-320200-QY-010": 14.0,  # 员工录用
    "YJS-320200-GR-014": 7.0,  # 灵活就业
    "YJS-320200-GR-015": 6.0,  # 异地就医费用报销
    "YJS-320200-QY-013": 5.0,  # 惠企政策免申即享
    "YJS-320200-QY-009": 2.5,  # 企业注销
    "YJS-320200-QY-012": 1.5,  # 企业不动产登记与缴税
    "YJS-320200-QY-011": 0.5,  # 工程建设项目竣工联合验收
    "YJS-320200-QY-014": 0.1,  # 举办大型群众性活动
    # the city's own
    "YJS-320200-QY-017": 10.0,  # 企业开办
    "YJS-320200-GR-019": 8.0,  # 老年人优待
    "YJS-320200-GR-024": 8.0,  # 新车上牌
    "YJS-320200-GR-029": 6.0,  # 新市民居住证
    "YJS-320200-GR-021": 5.0,  # 失业保障
    "YJS-320200-GR-022": 5.0,  # 公积金贷款购房
    "YJS-320200-GR-023": 5.0,  # 新建商品房交房即交证
    "YJS-320200-GR-028": 4.0,  # 高校毕业生就业
    "YJS-320200-GR-017": 3.0,  # 人才落户
    "YJS-320200-GR-026": 3.0,  # 育儿补贴
    "YJS-320200-GR-018": 2.5,  # 新能源汽车充电设施报装
    "YJS-320200-GR-020": 2.0,  # 开办便利店
    "YJS-320200-GR-025": 2.0,  # 困难群众救助
    "YJS-320200-GR-027": 1.5,  # 工伤保险
    "YJS-320200-GR-030": 1.5,  # 开办美容美发店
    "YJS-320200-QY-016": 1.5,  # 小微企业首贷
    "YJS-320281-QY-001": 0.8,  # 股权转让
    "YJS-320200-QY-025": 0.8,  # 店招和户外广告设置
    "YJS-320200-QY-024": 0.6,  # 城市道路挖掘
    "YJS-320200-QY-026": 0.5,  # 开办外贸企业
    "YJS-320200-GR-016": 0.4,  # 开办民宿
    "YJS-320200-QY-015": 0.4,  # 外籍人才来锡工作
    "YJS-320200-QY-018": 0.3,  # 开办药店
    "YJS-320200-QY-019": 0.3,  # 开办诊所
    "YJS-320200-QY-020": 0.3,  # 开办健身房
    "YJS-320200-QY-021": 0.3,  # 开办培训机构
    "YJS-320200-QY-027": 0.3,  # 开办汽车维修店
    "YJS-320200-QY-022": 0.2,  # 开办旅馆
    "YJS-320200-QY-023": 0.15,  # 开办托育机构
    "YJS-320205-QY-001": 0.02,  # 工业项目拿地即开工
}
# A one-thing's own season (months' weights, 1 when not named).
PROFILES = {
    "YJS-320200-GR-003": {1: 0.2, 2: 0.2, 3: 0.3, 4: 0.6, 5: 2.0, 6: 4.0},  # 入学报名
    "YJS-320200-GR-028": {1: 0.5, 2: 0.3, 3: 0.6, 4: 0.8, 5: 1.5, 6: 3.0},  # 毕业季
}


def h1_counts() -> dict[str, int]:
    """The runs of each one-thing in the first half of 2025: the key items' exactly
    KEY_ITEMS_H1, the city's own CITY_H1, each shared by popularity."""
    levels = dict(Bundle.objects.filter(code__in=list(POPULARITY)).values_list("code", "level"))
    key = {c: w for c, w in POPULARITY.items() if levels.get(c) in KEY_LEVELS}
    own = {c: w for c, w in POPULARITY.items() if c in levels and c not in key}
    return apportion(KEY_ITEMS_H1, key) | apportion(CITY_H1, own)


def load_handled(log: Callable[[str], None]) -> None:
    if BundleRun.objects.filter(number__gte=NUMBER_PREFIX, number__lt="GO").exists():
        log("one-things handled in H1 2025: loaded already")
        return
    counts = h1_counts()
    report = runs_generate(
        counts=counts,
        date_from=H1_2025[0],
        date_to=H1_2025[1],
        seed=SEED,
        profiles=PROFILES,
        applicants=APPLICANTS,
    )
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in report.phases.items())
    log(
        f"one-things handled in H1 2025: {report.runs:,} generated runs, the key items' "
        f"{wan(KEY_ITEMS_H1)}万 ({phases})"
    )


def popular_counts(total: int) -> dict[str, int]:
    """``total`` runs shared over the one-things in service by POPULARITY (the
    ``generate --bundles`` command): exactly ``total``, largest remainder."""
    codes = set(Bundle.objects.filter(is_active=True).values_list("code", flat=True))
    return apportion(total, {c: w for c, w in POPULARITY.items() if c in codes})
