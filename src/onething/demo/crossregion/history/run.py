"""Running the schedule through the real services, every step "as of" its time (the
platform's clock frozen), in the order the steps happened across all cases."""

from __future__ import annotations

import datetime as dt
import random
from functools import cached_property

from onething.cases.services.lifecycle import (
    case_accept,
    case_conclude,
    case_hand_over,
    case_request_correction,
    case_submit_correction,
)
from onething.catalog.models import ServiceItem
from onething.catalog.selectors import route
from onething.core.generate import chinese_name, mobile, resident_id
from onething.core.models import Enterprise, Region, Role, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.accounts import account_create
from onething.core.services.parties import person_register
from onething.crossregion.models import CasePart
from onething.crossregion.services.checks import data_check_answer, data_check_request
from onething.crossregion.services.handoffs import handoff_create, handoff_receive, handoff_send
from onething.crossregion.services.intake import (
    arrival_start,
    cross_region_intake,
    cross_region_submit,
)
from onething.crossregion.services.joint import joint_part_decide

from ...runner import STREETS, HistoryRunner
from .plan import HUDAI, WANSHI, XUEYAN, CaseSpec

SHORT = {HUDAI: "hd", XUEYAN: "xy", WANSHI: "ws"}
RESIDENTS = 6  # online applicants per town
ENTERPRISES = ["常州雪堰湖鲜餐饮店", "无锡胡埭精密机械有限公司", "宜兴万石紫砂工艺品厂"]
SHOPS = ["湖鲜小吃店", "便民百货店", "家常菜馆", "水果店", "五金店", "理发店", "茶叶店"]
SCOPES = ["小吃服务", "日用百货零售", "餐饮服务", "水果零售", "五金零售", "理发服务"]
CORRECTIONS = [
    "身份证复印件不清晰，请重新上传。",
    "申请表缺少签名，请补充。",
    "材料与申请事项不符，请补充正确的证明材料。",
]
DENIALS = [
    "经核查，申请人不符合办理条件。",
    "经营场所不符合要求，不予许可。",
    "经核实，该申请已在其他地区办理。",
]
# 高效协同: what the deciding department asks the partner town's department to check
CHECKS = {
    "320200-SSDJ-001": ["经营者名下有无未注销的个体工商户登记", "经营者是否列入严重违法失信名单"],
    "320200-SSDJ-002": [
        "营业执照登记信息（名称、统一社会信用代码、住所）是否一致",
        "有无被吊销食品经营许可的记录",
    ],
    "320200-SSDJ-005": ["原食品经营许可证编号及有效期", "许可事项与登记信息是否一致"],
    "320200-SB-004": ["社会保险参保登记状态", "是否已在当地申领社会保障卡"],
    "320200-YB-004": ["基本医疗保险参保缴费年限", "参保关系是否已中止、可以转出"],
}
MISMATCHES = {
    "320200-SSDJ-001": "经核查，经营者名下尚有一户未注销的个体工商户。",
    "320200-SSDJ-002": "营业执照登记住所与申请表所填不一致。",
    "320200-SSDJ-005": "原许可证已于上月到期，未办理延续。",
    "320200-SB-004": "申请人已在本镇申领社会保障卡，未办理挂失。",
    "320200-YB-004": "参保关系仍在正常缴费状态，尚未中止。",
}


class Runner(HistoryRunner):
    first_steps = ("intake",)

    def __init__(self, specs: list[CaseSpec], seed: int, password: str | None):
        super().__init__(specs, seed, password)
        self.arrivals: dict[int, int] = {}
        self.handoffs: dict[int, str] = {}
        self.checks: dict[int, str] = {}
        self._partners: dict[tuple[str, str], tuple[int, str]] = {}

    @cached_property
    def enterprises(self) -> list[Enterprise]:
        return list(Enterprise.objects.filter(name__in=ENTERPRISES).order_by("name"))

    def resident(self, spec: CaseSpec) -> Actor:
        """An online applicant of the receiving town (a few residents apply again and again;
        each has an account the first time)."""
        index = spec.seq % RESIDENTS
        username = f"resident.{SHORT[spec.receiving]}{index + 1:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            rng = random.Random(f"{self.seed}-{username}")
            person = person_register(
                actor=SYSTEM,
                name=chinese_name(rng),
                id_number=resident_id(rng),
                region_code=spec.receiving,
            )
            user = account_create(
                actor=SYSTEM, username=username, password=None, role=Role.APPLICANT, person=person
            )
        return actor_for(user)

    # --- what they fill in ----------------------------------------------------------------

    def _form(self, spec: CaseSpec, item: ServiceItem, rng: random.Random) -> dict:
        schema = item.form_schema
        props = schema.get("properties", {})
        enterprise = self._enterprise(spec)
        values = {
            "phone": mobile(rng),
            "start_month": f"{spec.day:%Y-%m}",
            "period": f"{spec.day:%Y-%m}",
            "business_name": enterprise.name if enterprise else f"{rng.choice(SHOPS)}",
            "operator_name": spec.name,
            "operator_id": spec.id_number,
            "taxpayer_id": spec.id_number,
            "address": f"{STREETS[spec.handling]}{rng.randrange(1, 300)}号",
            "scope": rng.choice(SCOPES),
            "destination": rng.choice(["上海市", "苏州市", "南京市", "杭州市", "常州市"]),
            "start_date": (spec.day + dt.timedelta(days=14)).isoformat(),
            "income_yuan": rng.randrange(20, 300) * 1000,
        }
        form = {}
        for name in schema.get("required", []):
            if "enum" in props.get(name, {}):
                form[name] = rng.choice(props[name]["enum"])
            else:
                form[name] = values[name]
        return form

    def _enterprise(self, spec: CaseSpec) -> Enterprise | None:
        if self.items[spec.item].audience != "enterprise":
            return None
        return self.enterprises[spec.seq % len(self.enterprises)]

    # --- the steps --------------------------------------------------------------------------

    def step_arrive(self, spec: CaseSpec) -> None:
        arrival = arrival_start(actor=self.clerks[spec.receiving], ticket_number=spec.ticket)
        self.arrivals[spec.seq] = arrival.pk

    def step_intake(self, spec: CaseSpec) -> None:
        item, rng = self.items[spec.item], random.Random(f"{self.seed}-form-{spec.seq}")
        if spec.mode == "online":
            actor = self.resident(spec)
            case = cross_region_submit(
                actor=actor,
                handling_region_code=spec.handling,
                item_code=spec.item,
                form=self._form(spec, item, rng),
                material_ids=self.uploads(actor, item),
                idempotency_key=spec.key,
            )
        else:
            clerk = self.clerks[spec.receiving]
            enterprise = self._enterprise(spec)
            post = spec.delivery == "post"
            collaborative = spec.mode == "collaborative"
            case = cross_region_intake(
                actor=clerk,
                mode=spec.mode,
                handling_region_code="" if collaborative else spec.handling,
                partner_region_code=spec.partner if collaborative else "",
                id_number=spec.id_number,
                name=spec.name,
                item_code=spec.item,
                form=self._form(spec, item, rng),
                material_ids=self.uploads(clerk, item),
                enterprise_credit_code=enterprise.credit_code if enterprise else "",
                delivery=spec.delivery,
                delivery_address=f"{STREETS[spec.receiving]}{spec.seq % 97 + 1}号" if post else "",
                arrival_id=self.arrivals.get(spec.seq),
                idempotency_key=spec.key,
            )
        self.numbers[spec.seq] = case.number
        self.departments[spec.seq] = case.department_id

    def step_accept(self, spec: CaseSpec) -> None:
        case_accept(actor=self.handler(spec), number=self.numbers[spec.seq])

    def step_handoff_create(self, spec: CaseSpec) -> None:
        handoff = handoff_create(actor=self.clerks[spec.receiving], number=self.numbers[spec.seq])
        self.handoffs[spec.seq] = handoff.number

    def step_handoff_send(self, spec: CaseSpec) -> None:
        handoff_send(
            actor=self.clerks[spec.receiving],
            handoff_number=self.handoffs[spec.seq],
            carrier="EMS",
            tracking_number=f"EMS{spec.day:%y%m%d}{spec.seq:05d}CN",
        )

    def step_handoff_receive(self, spec: CaseSpec) -> None:
        handoff_receive(actor=self.handler(spec), handoff_number=self.handoffs[spec.seq])

    def _partner_department(self, spec: CaseSpec) -> tuple[int, str]:
        """The partner town's department for the item (its id and code)."""
        key = (spec.item, spec.partner)
        if key not in self._partners:
            department, _center = route(
                self.items[spec.item], Region.objects.get(code=spec.partner)
            )
            self._partners[key] = (department.pk, department.code)
        return self._partners[key]

    def step_check_request(self, spec: CaseSpec) -> None:
        check = data_check_request(
            actor=self.handler(spec),
            number=self.numbers[spec.seq],
            answering_department_code=self._partner_department(spec)[1],
            questions=CHECKS[spec.item],
        )
        self.checks[spec.seq] = check.number

    def step_check_answer(self, spec: CaseSpec) -> None:
        mismatch = spec.check_result == "mismatch"
        data_check_answer(
            actor=self.officer(self._partner_department(spec)[0]),
            check_number=self.checks[spec.seq],
            result=spec.check_result,
            note=MISMATCHES[spec.item] if mismatch else "",
        )

    def step_request_correction(self, spec: CaseSpec) -> None:
        case_request_correction(
            actor=self.handler(spec),
            number=self.numbers[spec.seq],
            reason=CORRECTIONS[spec.seq % len(CORRECTIONS)],
        )

    def step_submit_correction(self, spec: CaseSpec) -> None:
        actor = self.resident(spec) if spec.mode == "online" else self.clerks[spec.receiving]
        case_submit_correction(
            actor=actor,
            number=self.numbers[spec.seq],
            material_ids=self.uploads(actor, self.items[spec.item], only_first=True),
            note="已补正",
        )

    def step_conclude(self, spec: CaseSpec) -> None:
        denied = spec.outcome == "denied"
        reason = DENIALS[spec.seq % len(DENIALS)] if denied else ""
        if denied and spec.check_result == "mismatch":  # the partner's finding
            reason = MISMATCHES[spec.item]
        case_conclude(
            actor=self.handler(spec),
            number=self.numbers[spec.seq],
            outcome=spec.outcome,
            reason=reason,
        )

    def _part(self, spec: CaseSpec, lead: bool, outcome: str) -> None:
        part = CasePart.objects.get(case__number=self.numbers[spec.seq], lead=lead)
        joint_part_decide(
            actor=self.officer(part.department_id),
            number=self.numbers[spec.seq],
            outcome=outcome,
            note=DENIALS[1] if outcome == "denied" else "",
        )

    def step_decide_lead(self, spec: CaseSpec) -> None:
        self._part(spec, lead=True, outcome="approved")

    def step_decide_partner(self, spec: CaseSpec) -> None:
        self._part(spec, lead=False, outcome=spec.outcome)

    def step_hand_over(self, spec: CaseSpec) -> None:
        posted = spec.delivery == "post"
        case_hand_over(
            actor=self.clerks[spec.receiving],
            number=self.numbers[spec.seq],
            tracking_number=f"EMS{spec.day:%y%m%d}{spec.seq:05d}R" if posted else "",
        )
