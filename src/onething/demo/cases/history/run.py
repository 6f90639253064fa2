"""Running the schedule through the cases app's services, every step "as of" its time (the
platform's clock frozen), in the order the steps happened across all cases."""

from __future__ import annotations

import datetime as dt
import random

from onething.cases.models import Rectification
from onething.cases.services.intake import case_intake_at_window, case_submit
from onething.cases.services.lifecycle import (
    case_accept,
    case_conclude,
    case_decline,
    case_hand_over,
    case_request_correction,
    case_submit_correction,
    case_withdraw,
)
from onething.cases.services.ratings import evaluation_submit, rectification_close
from onething.catalog.models import ServiceItem
from onething.core import clock
from onething.core.generate import mobile
from onething.core.models import Role, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.accounts import account_create
from onething.core.services.parties import person_register

from ...runner import STREETS, HistoryRunner
from .plan import CaseSpec, Resident

SHOPS = ["湖鲜小吃店", "便民百货店", "家常菜馆", "水果店", "五金店", "理发店", "茶叶店"]
SCOPES = ["小吃服务", "日用百货零售", "餐饮服务", "水果零售", "五金零售", "理发服务"]
CORRECTIONS = [
    "身份证照片不清晰，请重新上传。",
    "申请表缺少本人签名，请补充。",
    "证明材料与申请事项不符，请上传正确的材料。",
]
CORRECTED = "已按要求补正材料。"
DECLINES = ["申请材料不属于本事项受理范围，请选择正确的事项。", "重复申请，已有同一事项在办理中。"]
DENIALS = ["经核查，申请人不符合办理条件。", "经核实，申请信息与登记信息不一致。"]
WITHDRAWALS = ["填错了事项，重新申请。", "已在窗口办理。"]
COMMENTS = {
    5: ["网上办很方便，不用跑腿。", "办理速度快，点赞！", "工作人员很耐心。", ""],
    4: ["整体满意，材料说明可以更清楚些。", "比预期快。", ""],
    3: ["等待时间有点长。", ""],
    2: ["补正意见不够明确，来回改了两次。", "进度查询不方便。"],
    1: ["办了很久没有消息，打电话也没人接。"],
}
RECTIFICATION_RESULT = "已约谈经办人员，完善一次性告知清单，并在办件进度中增加短信提醒。"
FOLLOW_UP_NOTE = "回访申请人，对整改情况表示认可。"


class Runner(HistoryRunner):
    def __init__(self, specs: list[CaseSpec], people: list[Resident], seed: int, password: str):
        super().__init__(specs, seed, password)
        self.people = people
        self.applicants: dict[int, Actor] = {}

    def applicant(self, index: int) -> Actor:
        """The resident's account (registered, with the account, the first time)."""
        if index not in self.applicants:
            resident = self.people[index]
            user = User.objects.filter(username=resident.username).first()
            if user is None:
                rng = random.Random(f"{self.seed}-{resident.username}")
                person = person_register(
                    actor=SYSTEM,
                    name=resident.name,
                    id_number=resident.id_number,
                    phone=mobile(rng),
                    region_code=resident.town,
                )
                user = account_create(
                    actor=SYSTEM,
                    username=resident.username,
                    password=None,
                    role=Role.APPLICANT,
                    person=person,
                )
            self.applicants[index] = actor_for(user)
        return self.applicants[index]

    # --- what they fill in -----------------------------------------------------------------

    def _form(self, spec: CaseSpec, item: ServiceItem) -> dict:
        rng = random.Random(f"{self.seed}-form-{spec.seq}")
        resident = self.people[spec.resident]
        day = spec.submitted().date()
        props = item.form_schema.get("properties", {})
        values = {
            "phone": mobile(rng),
            "start_month": f"{day:%Y-%m}",
            "business_name": f"{STREETS[spec.town][3:5]}{rng.choice(SHOPS)}",
            "operator_name": resident.name,
            "operator_id": resident.id_number,
            "taxpayer_id": resident.id_number,
            "address": f"{STREETS[spec.town]}{rng.randrange(1, 300)}号",
            "scope": rng.choice(SCOPES),
            "destination": rng.choice(["上海市", "苏州市", "南京市", "杭州市", "常州市"]),
            "start_date": (day + dt.timedelta(days=14)).isoformat(),
            "income_yuan": rng.randrange(20, 300) * 1000,
        }
        return {
            name: rng.choice(props[name]["enum"]) if "enum" in props.get(name, {}) else values[name]
            for name in item.form_schema.get("required", [])
        }

    def _address(self, spec: CaseSpec) -> str:
        if spec.delivery != "post":
            return ""
        return f"{STREETS[spec.town]}{spec.resident % 97 + 1}号"

    # --- the steps ---------------------------------------------------------------------------

    def step_submit(self, spec: CaseSpec) -> None:
        actor, item = self.applicant(spec.resident), self.items[spec.item]
        case = case_submit(
            actor=actor,
            item_code=spec.item,
            form=self._form(spec, item),
            material_ids=self.uploads(actor, item),
            delivery=spec.delivery,
            delivery_address=self._address(spec),
            idempotency_key=spec.key,
        )
        self.numbers[spec.seq], self.departments[spec.seq] = case.number, case.department_id

    def step_walk_in(self, spec: CaseSpec) -> None:
        self.applicant(spec.resident)  # registered before, with an account to rate from
        clerk, item, resident = (
            self.clerks[spec.town],
            self.items[spec.item],
            self.people[spec.resident],
        )
        case = case_intake_at_window(
            actor=clerk,
            id_number=resident.id_number,
            name=resident.name,
            item_code=spec.item,
            form=self._form(spec, item),
            material_ids=self.uploads(clerk, item),
            delivery=spec.delivery,
            delivery_address=self._address(spec),
            idempotency_key=spec.key,
        )
        self.numbers[spec.seq], self.departments[spec.seq] = case.number, case.department_id

    def step_accept(self, spec: CaseSpec) -> None:
        case_accept(actor=self.handler(spec), number=self.numbers[spec.seq])

    def step_decline(self, spec: CaseSpec) -> None:
        reason = DECLINES[spec.seq % len(DECLINES)]
        case_decline(actor=self.handler(spec), number=self.numbers[spec.seq], reason=reason)

    def step_withdraw(self, spec: CaseSpec) -> None:
        case_withdraw(
            actor=self.applicant(spec.resident),
            number=self.numbers[spec.seq],
            reason=WITHDRAWALS[spec.seq % len(WITHDRAWALS)],
        )

    def step_request_correction(self, spec: CaseSpec) -> None:
        case_request_correction(
            actor=self.handler(spec),
            number=self.numbers[spec.seq],
            reason=CORRECTIONS[spec.seq % len(CORRECTIONS)],
        )

    def step_submit_correction(self, spec: CaseSpec) -> None:
        if spec.channel == "online":
            actor = self.applicant(spec.resident)
        else:
            actor = self.clerks[spec.town]
        case_submit_correction(
            actor=actor,
            number=self.numbers[spec.seq],
            material_ids=self.uploads(actor, self.items[spec.item], only_first=True),
            note=CORRECTED,
        )

    def step_conclude(self, spec: CaseSpec) -> None:
        denied = spec.outcome == "denied"
        case_conclude(
            actor=self.handler(spec),
            number=self.numbers[spec.seq],
            outcome=spec.outcome,
            reason=DENIALS[spec.seq % len(DENIALS)] if denied else "",
        )

    def step_hand_over(self, spec: CaseSpec) -> None:
        posted = spec.delivery == "post"
        submitted = spec.submitted()
        case_hand_over(
            actor=self.clerks[spec.town],
            number=self.numbers[spec.seq],
            tracking_number=f"EMS{submitted:%y%m%d}{spec.seq:05d}CN" if posted else "",
        )

    def step_rate(self, spec: CaseSpec) -> None:
        comments = COMMENTS[spec.rating]
        evaluation_submit(
            actor=self.applicant(spec.resident),
            number=self.numbers[spec.seq],
            rating=spec.rating,
            comment=comments[spec.seq % len(comments)],
        )

    def step_close_rectification(self, spec: CaseSpec) -> None:
        rectification = Rectification.objects.get(case__number=self.numbers[spec.seq])
        rectification_close(
            actor=self.supervisor,
            rectification_id=rectification.pk,
            result=RECTIFICATION_RESULT,
            follow_up_at=clock.now() - dt.timedelta(minutes=40),
            follow_up_note=FOLLOW_UP_NOTE,
        )
