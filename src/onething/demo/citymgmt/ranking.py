"""2021's 红黑榜 (seed 003: 春潮菜场支路 "在无锡市2021年第三批城市精细化管理'红黑榜'评选中，登上了
'背街小巷整治'项目红榜"): the farmers' markets and building sites ranked beside the streets,
and the three batches of 2021, each drafted by the city-management office after its
months closed, the sites scored, the lists drawn, approved by the supervisor and
published; each black-list entry's rectification followed by its district bureau — most
closed on their evidence, one sent back first, the last batch's still under way; the
laggard street, black-listed again in the next batch without improving, is flagged.
Through the ranking services, each step as of its day; made once."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from onething.citymgmt.models import DrawRule, RankingBatch, RankingSite, Rectification
from onething.citymgmt.rules.ranking import BLACK, RED
from onething.citymgmt.services.ranking import (
    batch_approve,
    batch_create,
    batch_draw,
    batch_publish,
    batch_site_scores,
    site_register,
)
from onething.citymgmt.services.rectifications import (
    rectification_close,
    rectification_send_back,
    rectification_submit,
)
from onething.core import clock
from onething.core.models import Department, Role, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.accounts import account_create

from ..base import DEMO_PASSWORD
from ..timeline import at, workdays_after
from . import data

# the sites ranked beside the streets: name, street office
MARKETS = [
    ("春潮农贸市场", "320214001"),
    ("旺庄菜场", "320214001"),
    ("硕放农贸市场", "320214002"),
    ("江溪农贸市场", "320214003"),
    ("梅村农贸市场", "320214005"),
    ("崇安寺农贸市场", "320213001"),
    ("通江农贸市场", "320213002"),
    ("广益农贸市场", "320213003"),
    ("南长街农贸市场", "320213006"),
    ("东亭农贸市场", "320205001"),
    ("安镇农贸市场", "320205002"),
    ("长安农贸市场", "320206001"),
    ("钱桥农贸市场", "320206003"),
    ("河埒农贸市场", "320211001"),
    ("荣巷农贸市场", "320211002"),
    ("胡埭农贸市场", "320211102"),
]
SITE_WORKS = [
    ("新吴高新区创新中心工地", "320214003"),
    ("旺庄春潮花园工地", "320214001"),
    ("硕放空港产业园工地", "320214002"),
    ("梁溪科技城研发楼工地", "320213002"),
    ("清名桥历史街区修缮工地", "320213006"),
    ("锡东新城商务区二期工地", "320205001"),
    ("东亭春晖路拓宽工地", "320205001"),
    ("惠山新城地铁上盖工地", "320206001"),
    ("钱桥盛岸路改造工地", "320206003"),
    ("太湖新城科教园三期工地", "320211004"),
    ("蠡湖香樟园安置房工地", "320211004"),
    ("荣巷老街改造工地", "320211002"),
    ("梅村泰伯新苑工地", "320214005"),
    ("堰桥锦园安置房工地", "320206002"),
]
CRITERIA = {cat: [n for n, _w in crit] for cat, _n, _s, crit, _a in data.CATEGORIES}

# year's batches: sequence, first and last month, drafted (the lists drawn the same
# day), approved, published
BATCHES = [
    (1, 1, 4, dt.date(2021, 5, 6), dt.date(2021, 5, 10), dt.date(2021, 5, 12)),
    (2, 5, 8, dt.date(2021, 9, 6), dt.date(2021, 9, 9), dt.date(2021, 9, 13)),
    (3, 9, 11, dt.date(2021, 12, 6), dt.date(2021, 12, 9), dt.date(2021, 12, 13)),
]
RED_COUNT, BLACK_COUNT = 6, 3
EVIDENCE = (
    "已清理占道堆物，规范非机动车停放，路面破损处完成修补，安排专人每日巡查保洁。",
    "已督促商户整改店招，清除小广告，补齐垃圾分类桶，落实门前三包责任。",
    "已落实围挡公示和冲洗设施，渣土车辆密闭运输，扬尘在线监测正常。",
)


def _sites(office: Actor) -> list[RankingSite]:
    sites = []
    for category, prefix, rows in (
        ("markets", "NM", MARKETS),
        ("building_sites", "GD", SITE_WORKS),
    ):
        for n, (name, office_code) in enumerate(rows, 1):
            district = office_code[:6]
            _short, bureau, bureau_name, _offices = data.DISTRICTS[district]
            sites.append(
                site_register(
                    actor=office,
                    code=f"{prefix}-{district}-{n:02d}",
                    name=name,
                    category_code=category,
                    district_code=district,
                    street_office_code=office_code,
                    department_code=bureau,
                    address=f"{bureau_name[:3]}{name.removesuffix('工地')}",
                )
            )
    return sites


def _site_rows(rng: random.Random, sites: list[RankingSite], sequence: int) -> list[dict]:
    """The office's marks of each site for the batch (a site's level and a batch's chance;
    春潮农贸市场 rising with its new rain canopy)."""
    rows = []
    for site in sites:
        level = random.Random(f"demo-site-{site.code}").uniform(68, 92)
        if site.name == "春潮农贸市场":
            level = 80 + 5 * sequence
        criteria = CRITERIA[site.category.code]
        rows.append(
            {
                "site": site.code,
                "marks": {c: max(40, min(100, round(rng.gauss(level, 5)))) for c in criteria},
            }
        )
    return rows


class Officers:
    """Each district bureau's officer (an account made for one that has none)."""

    def __init__(self) -> None:
        self._found: dict[int, Actor] = {}

    def of(self, department_id: int) -> Actor:
        if department_id not in self._found:
            department = Department.objects.get(pk=department_id)
            user = (
                User.objects.filter(role=Role.OFFICER, department=department).order_by("id").first()
            ) or account_create(
                actor=SYSTEM,
                username=f"officer.{department.code.lower()}",
                password=DEMO_PASSWORD,
                role=Role.OFFICER,
                department=department,
            )
            self._found[department_id] = actor_for(user)
        return self._found[department_id]


def _follow_up(
    office: Actor, officers: Officers, batch: RankingBatch, sequence: int, laggard_code: str
) -> dict:
    """The batch's rectifications moved: submitted with evidence within two weeks and
    closed, the laggard's sent back once; the last batch's: some still under way."""
    moved = {"closed": 0, "submitted": 0, "open": 0, "sent_back": 0}
    tasks = list(
        Rectification.objects.filter(entry__batch=batch)
        .select_related("entry__street", "entry__site", "entry__category")
        .order_by("entry__category__order", "entry__rank")
    )
    published = batch.published_at.date()
    for n, task in enumerate(tasks):
        laggard = task.entry.street is not None and task.entry.street.code == laggard_code
        if sequence == 3 and (laggard or n == len(tasks) - 1):
            moved["open"] += 1  # still to put right (the laggard renovated at last in December)
            continue
        officer = officers.of(task.department_id)
        submitted = workdays_after(published, 5 + n % 6)
        with clock.frozen(at(submitted, 16)):
            rectification_submit(
                actor=officer, rectification_id=task.pk, evidence=EVIDENCE[n % len(EVIDENCE)]
            )
        if sequence == 3 and n % 3 == 1:
            moved["submitted"] += 1  # waiting for the office's check
            continue
        if laggard:
            with clock.frozen(at(workdays_after(submitted, 2), 10)):
                rectification_send_back(
                    actor=office,
                    rectification_id=task.pk,
                    reason="占道经营仍未清理，请复查后重新提交。",
                )
            moved["sent_back"] += 1
            submitted = workdays_after(submitted, 5)
            with clock.frozen(at(submitted, 16)):
                rectification_submit(
                    actor=officer,
                    rectification_id=task.pk,
                    evidence="已联合市场监管清理占道经营，设置临时隔离设施。",
                )
        with clock.frozen(at(workdays_after(submitted, 2), 11)):
            rectification_close(actor=office, rectification_id=task.pk, note="现场核查通过")
        moved["closed"] += 1
    return moved


def load_ranking(log: Callable[[str], None], laggard_code: str) -> None:
    if RankingBatch.objects.filter(year=data.YEAR, region__code=data.CITY).exists():
        log("city management: 2021's 红黑榜 made already")
        return
    office = actor_for(User.objects.get(username=data.OFFICE_OFFICER))
    supervisor = actor_for(User.objects.get(username="supervisor"))
    officers = Officers()
    with clock.frozen(at(dt.date(2021, 4, 26), 9)):
        sites = _sites(office)
    rng = random.Random("demo-citymgmt-ranking")
    summary = []
    for sequence, first, last, drafted, approved, published in BATCHES:
        with clock.frozen(at(drafted, 10)):
            batch = batch_create(
                actor=office,
                year=data.YEAR,
                sequence=sequence,
                title=f"{data.YEAR}年第{'一二三'[sequence - 1]}批城市精细化管理红黑榜",
                period_start=dt.date(data.YEAR, first, 1),
                period_end=dt.date(data.YEAR, last, 1),
                categories=[code for code, *_rest in data.CATEGORIES],
                rule=DrawRule.TOP_BOTTOM,
                red_count=RED_COUNT,
                black_count=BLACK_COUNT,
                region_code=data.CITY,
            )
            batch_site_scores(
                actor=office, batch_id=batch.pk, rows=_site_rows(rng, sites, sequence)
            )
        with clock.frozen(at(drafted, 15)):
            batch_draw(actor=office, batch_id=batch.pk)
        with clock.frozen(at(approved, 15)):
            batch_approve(actor=supervisor, batch_id=batch.pk, note="同意发布")
        with clock.frozen(at(published, 9, 30)):
            batch = batch_publish(actor=office, batch_id=batch.pk)
        moved = _follow_up(office, officers, batch, sequence, laggard_code)
        lists = batch.entries.filter(list__in=(RED, BLACK))
        summary.append(
            f"第{sequence}批 {lists.filter(list=RED).count()} red, "
            f"{lists.filter(list=BLACK).count()} black ({moved['closed']} closed, "
            f"{moved['submitted']} submitted, {moved['open']} open)"
        )
    flagged = batch.entries.model.objects.filter(batch__year=data.YEAR, not_improved=True).count()
    log(f"city management: 红黑榜 2021: {'; '.join(summary)}; {flagged} not improved")
