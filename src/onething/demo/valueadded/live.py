"""The value-added services' live layer, relative to now: 江阴澄丰化纤 (the account
``qiye.chengfeng``) has a request waiting for the bank's answer, one to the 市司法局 past
its due day (overdue), one the 市市场监管局 is handling and one concluded that waits for its
rating; 无锡胡埭精密机械 has one submitted today. Made once (the key ``demo-live-<n>``)."""

from __future__ import annotations

from collections.abc import Callable

from onething.core import clock
from onething.core.models import User
from onething.core.permissions import actor_for
from onething.valueadded.models import ServiceRequest, ValueAddedService
from onething.valueadded.services.handling import request_accept, request_conclude
from onething.valueadded.services.requests import request_submit

from ..timeline import at, live_now, workdays_ago
from .history import provider_account

KEY = "demo-live-"

# requester, service, working days ago, hour, the furthest step, subject, details
LIVE = [
    (
        "qiye.chengfeng",
        "rongzi-pipei",
        1,
        10,
        "submitted",
        "涤纶长丝扩产项目融资需求",
        "扩产项目总投资1.2亿元，需银团或中长期贷款6000万元，期限5年。",
    ),
    (
        "qiye.chengfeng",
        "fazhi-tijian",
        6,
        9,
        "submitted",
        "安全生产责任制合规体检",
        "请公共法律服务团对安全生产责任制和应急预案进行合规体检。",
    ),
    (
        "qiye.chengfeng",
        "zhichan-zixun",
        4,
        14,
        "accepted",
        "差别化纤维工艺专利布局",
        "新研发的差别化纤维纺丝工艺，咨询专利布局和申请策略。",
    ),
    (
        "qiye.chengfeng",
        "waimao-peixun",
        8,
        11,
        "concluded",
        "出口信用保险实务培训报名",
        "外贸部3人报名参加出口信用保险实务培训。",
    ),
    (
        "qiye.hudai",
        "puhui-daikuan",
        0,
        9,
        "submitted",
        "数控设备采购信用贷款",
        "采购五轴加工中心两台，申请信用贷款300万元。",
    ),
]


def load_live(log: Callable[[str], None]) -> None:
    if ServiceRequest.objects.filter(request_key__startswith=KEY).exists():
        log("valueadded: the live layer is loaded already")
        return
    now = live_now()
    made = 0
    for n, (username, code, ago, hour, furthest, subject, details) in enumerate(LIVE):
        user = User.objects.select_related("person").filter(username=username).first()
        service = ValueAddedService.objects.select_related("provider").filter(code=code).first()
        if user is None or service is None:
            continue
        submitted = at(workdays_ago(ago), hour)
        if submitted > now:
            submitted = now
        requester = actor_for(user)
        with clock.frozen(submitted):
            request, _created = request_submit(
                actor=requester,
                service_code=code,
                subject=subject,
                details=details,
                contact_name=user.person.name,
                idempotency_key=f"{KEY}{n}",
            )
        made += 1
        if furthest == "submitted":
            continue
        provider = actor_for(provider_account(service))
        moment = min(at(workdays_ago(max(ago - 1, 0)), 10), now)
        with clock.frozen(moment):
            request_accept(actor=provider, number=request.number, note="已安排专人联系企业。")
        if furthest == "concluded":
            moment = min(at(workdays_ago(max(ago - 4, 0)), 16), now)
            with clock.frozen(moment):
                request_conclude(
                    actor=provider,
                    number=request.number,
                    outcome_kind="trained",
                    outcome="3名业务员参加本月出口信用保险实务培训。",
                )
    log(f"valueadded: {made} open requests of the live layer")
