"""The demo city's cases, made by the real services "as of" their days (core.clock):

- ``history``: the towns' cases of the first half of 2025 (seed 000's "上半年"), from
  application to rating, every one closed;
- ``live``: the last month before the demo is loaded — the same towns' cases with the
  latest held open (waiting for acceptance or a correction, in warning, overdue), and 张伟's
  own stories: a licence approved and rated, a medical-insurance filing waiting for his
  correction, a social-security card running late, walk-ins at the windows of 胡埭镇 and
  雪堰镇 (one rated 不满意, which opens a rectification).

Idempotent: each case carries an idempotency key and is made once."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from onething.cases.selectors.cases import cases_list
from onething.cases.services.intake import case_intake_at_window, case_submit
from onething.cases.services.lifecycle import (
    case_accept,
    case_conclude,
    case_hand_over,
    case_request_correction,
)
from onething.cases.services.materials import material_upload
from onething.cases.services.ratings import evaluation_submit
from onething.cases.services.urges import urge_answer, urge_issue
from onething.core import clock
from onething.core.crypto import keyring
from onething.core.errors import DomainError
from onething.core.generate import chinese_name, resident_id
from onething.core.models import User
from onething.core.permissions import actor_for
from onething.demo.catalog import data as catalogue

from ..runner import made_once, scan
from ..timeline import at, live_today, workdays_ago
from . import history


def _at(working_days_ago: int, hour: int = 10) -> dt.datetime:
    return at(workdays_ago(working_days_ago), hour)


def _uploads(actor, item_code: str) -> list[int]:
    item = next(i for i in catalogue()["items"] if i["code"] == item_code)
    return [
        material_upload(
            actor=actor,
            material_type_code=m["material_type"],
            name=f"{m['material_type']}.pdf",
            data=scan(),
        ).pk
        for m in item["materials"]
        if m["requirement"] == "required"
    ]


def forms(today: dt.date) -> dict[str, dict]:
    """What the applicants answer, by item (dates relative to the day they apply)."""
    start = today + dt.timedelta(days=30)
    return {
        "320200-SSDJ-001": {
            "business_name": "胡埭湖鲜小吃店",
            "operator_name": "张伟",
            "operator_id": "11010519491231002X",
            "address": "滨湖区胡埭镇鸿翔路8号",
            "scope": "小吃服务",
            "capital": 50000,
        },
        "320200-YB-003": {
            "destination": "上海市",
            "reason": "异地长期居住",
            "start_date": start.isoformat(),
        },
        "320200-SB-004": {"phone": "13800001234"},
        "320200-SB-002": {"phone": "13900001111", "start_month": f"{today:%Y-%m}"},
        "320200-YB-002": {"phone": "13900002222"},
        "320200-SB-003": {"phone": "13900003333"},
    }


def setup(log: Callable[[str], None]) -> list[dict]:
    return []


def load_history(log: Callable[[str], None]) -> None:
    history.load_fixed(log)


def live(log: Callable[[str], None]) -> None:
    """张伟's stories and the walk-ins of the last weeks, then the towns' live cases."""
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["zhangwei", "clerk.hudai", "clerk.xueyan", "officer.hudai"]
        )
    }
    zhang, clerk, officer = (
        actor_for(users[n]) for n in ("zhangwei", "clerk.hudai", "officer.hudai")
    )
    answers = forms(live_today())
    made = 0

    # 张伟's 个体工商户设立登记: online, accepted, approved the next day, rated 满意.
    if not made_once(users["zhangwei"], "demo-1", "case.submit"):
        with clock.frozen(_at(28, 9)):
            case = case_submit(
                actor=zhang,
                item_code="320200-SSDJ-001",
                form=answers["320200-SSDJ-001"],
                material_ids=_uploads(zhang, "320200-SSDJ-001"),
                idempotency_key="demo-1",
            )
        with clock.frozen(_at(28, 11)):
            case_accept(actor=clerk, number=case.number)
        with clock.frozen(_at(27, 15)):
            case_conclude(actor=officer, number=case.number, outcome="approved")
        with clock.frozen(_at(26, 9)):
            evaluation_submit(
                actor=zhang, number=case.number, rating=4, comment="一天就拿到执照，很方便。"
            )
        made += 1

    # 张伟's 异地就医备案: accepted, waiting for his corrected referral.
    if not made_once(users["zhangwei"], "demo-2", "case.submit"):
        with clock.frozen(_at(4, 9)):
            case = case_submit(
                actor=zhang,
                item_code="320200-YB-003",
                form=answers["320200-YB-003"],
                material_ids=_uploads(zhang, "320200-YB-003"),
                idempotency_key="demo-2",
            )
        with clock.frozen(_at(4, 10)):
            case_accept(actor=clerk, number=case.number)
        with clock.frozen(_at(3, 10)):
            case_request_correction(
                actor=clerk, number=case.number, reason="转诊证明缺少医院盖章，请补充。"
            )
        made += 1

    # 张伟's 社会保障卡申领: accepted three weeks ago, 10 promised working days: overdue.
    if not made_once(users["zhangwei"], "demo-3", "case.submit"):
        with clock.frozen(_at(15, 9)):
            case = case_submit(
                actor=zhang,
                item_code="320200-SB-004",
                form=answers["320200-SB-004"],
                material_ids=_uploads(zhang, "320200-SB-004"),
                idempotency_key="demo-3",
            )
        with clock.frozen(_at(15, 14)):
            case_accept(actor=clerk, number=case.number)
        made += 1

    # Walk-ins at the windows of 胡埭镇 and 雪堰镇 for instant items over the past weeks.
    rng = random.Random(2021)
    for username in ("clerk.hudai", "clerk.xueyan"):
        actor = actor_for(users[username])
        for n, item_code in enumerate(["320200-SB-002", "320200-YB-002", "320200-SB-003"] * 2):
            key = f"demo-walk-in-{n}"
            if made_once(users[username], key, "case.window_intake"):
                continue
            with clock.frozen(_at(20 - 3 * n, 9 + n % 6)):
                case = case_intake_at_window(
                    actor=actor,
                    id_number=resident_id(rng),
                    name=chinese_name(rng),
                    phone="139" + "".join(str(rng.randrange(10)) for _ in range(8)),
                    item_code=item_code,
                    form=answers[item_code],
                    material_ids=_uploads(actor, item_code),
                    delivery="window",
                    idempotency_key=key,
                )
                case_hand_over(actor=actor, number=case.number)
            made += 1
    # 张伟 also walks in at 胡埭 for 医保待遇资格认证 and is unhappy with the wait.
    if not made_once(users["clerk.hudai"], "demo-zhang-walk-in", "case.window_intake"):
        person = users["zhangwei"].person
        with clock.frozen(_at(8, 10)):
            case = case_intake_at_window(
                actor=clerk,
                id_number=keyring().decrypt(person.id_number_cipher, "person.id_number"),
                name=person.name,
                item_code="320200-YB-002",
                form=answers["320200-YB-002"],
                material_ids=_uploads(clerk, "320200-YB-002"),
                delivery="electronic",
                idempotency_key="demo-zhang-walk-in",
            )
        with clock.frozen(_at(7, 10)):
            evaluation_submit(
                actor=zhang, number=case.number, rating=2, comment="排队等了四十分钟。"
            )
        made += 1
    log(f"cases: {made} new live stories")
    history.load_live(log)
    urges(log)


def urges(log: Callable[[str], None]) -> None:
    """督办: the city's supervisor urges the departments of three late cases, through the
    service, as of the last days: the longest overdue urged three working days ago and
    still unanswered (now past its answer-by time), another urged yesterday and answered
    by the department, 张伟's social-security card (overdue) urged this morning."""
    supervisor = User.objects.filter(username="supervisor").first()
    if supervisor is None or made_once(supervisor, "demo-urge-1", "case.urge"):
        return
    actor = actor_for(supervisor)
    now = clock.now()
    # the departments whose officers the README lists first, so their pages show it
    listed = ("HD-SCJG", "XY-SCJG", "BH-SCJG")
    late = sorted(  # the towns' live cases that run late (the cross-region ones come later)
        [
            *cases_list(actor, deadline="overdue").order_by("due_date", "id")[:100],
            *cases_list(actor, deadline="warning").order_by("due_date", "id")[:100],
        ],
        key=lambda c: (c.department.code not in listed, c.due_date, c.pk),
    )
    stories = [  # key, 张伟's own case, working days ago, what the supervisor asks
        ("demo-urge-1", False, 3, "请说明超期原因，并于两个工作日内办结。"),
        ("demo-urge-2", False, 1, "该件已超期，请尽快办结并反馈。"),
        ("demo-urge-3", True, 0, "申请人多次来电询问进度，请加快办理并答复。"),
    ]
    used: set[int] = set()
    made = 0
    for key, own, days_ago, message in stories:
        moment = min(_at(days_ago, 9), now)
        mine = [
            c
            for c in late
            if c.pk not in used and c.applicant.accounts.filter(username="zhangwei").exists() == own
        ]
        # a case already overdue on that day (the clock frozen there sees it so); else
        # one late today, urged now
        case = next(
            (c for c in mine if c.due_date < moment.date() and c.accepted_at <= moment), None
        )
        if case is None and mine:
            case, moment = mine[0], now
        if case is None:
            continue
        used.add(case.pk)
        try:
            with clock.frozen(moment):
                urge = urge_issue(
                    actor=actor, number=case.number, message=message, idempotency_key=key
                )
        except DomainError as error:  # a story the live cases do not allow today
            log(f"cases: supervision notice {key} not made: {error.message}")
            continue
        made += 1
        officer = (
            User.objects.filter(role="officer", department_id=case.department_id, is_active=True)
            .order_by("id")
            .first()
        )
        if key == "demo-urge-2" and officer is not None:
            with clock.frozen(min(moment + dt.timedelta(hours=6), now)):
                urge_answer(
                    actor=actor_for(officer),
                    urge_id=urge.pk,
                    answer="已联系申请人补充核实，预计明日办结。",
                )
    log(f"cases: {made} supervision notices")
