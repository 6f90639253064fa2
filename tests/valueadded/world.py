"""A small world for value-added services' tests, on the base city (whose configuration
holds the demo's providers, services and accounts): a test service of one's own, a
request made through the service, and the clock set on an ordinary working day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from onething.core import clock
from onething.core.permissions import SYSTEM
from onething.valueadded.services.catalogue import service_create
from onething.valueadded.services.requests import request_submit

SHANGHAI = ZoneInfo("Asia/Shanghai")
ENTERPRISE = "qiye.chengfeng"  # 江阴澄丰化纤有限公司: medium, 化学纤维制造
OTHER_ENTERPRISE = "qiye.hudai"  # 无锡胡埭精密机械有限公司: small, 通用设备制造
BANK = "partner.jsbank"  # the partner bank's staff (provider js-bank-wx)
LAW_FIRM = "partner.xifa"  # another partner's staff
OFFICER = "officer.wx-sf"  # 市司法局's officer (provider wx-sf)
OTHER_OFFICER = "officer.wx-jr"  # another department's officer


def at(day: str, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), SHANGHAI)


MONDAY = at("2025-11-10", 10)  # an ordinary working week


def bank_service(code: str = "t-loan", **changes):
    """A service of the partner bank, answered within 2 working days, for every enterprise."""
    fields = {
        "provider_code": "js-bank-wx",
        "code": code,
        "name": "测试信用贷款对接",
        "category": "financing",
        "description": "测试用的信用贷款对接服务。",
        "response_days": 2,
        **changes,
    }
    return service_create(actor=SYSTEM, **fields)


def submit(city, username: str = ENTERPRISE, code: str = "t-loan", **changes):
    fields = {
        "service_code": code,
        "subject": "流动资金贷款",
        "details": "需要流动资金贷款500万元，期限一年。",
        "contact_name": "陈静",
        "contact_phone": "13812345678",
        **changes,
    }
    made, _created = request_submit(actor=city.actor(username), **fields)
    return made


def on(moment: dt.datetime):
    return clock.frozen(moment)
