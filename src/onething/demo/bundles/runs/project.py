"""工业项目拿地即开工 for 德力佳传动科技（江苏）股份有限公司 (seed 000): submitted before the
land contract, pre-reviewed (accepted) by the service team, the drawings approved before
it; the contract signed on 2025-04-10, the construction permit issued on 2025-04-16 — 6
days. The permit is accepted the day after the contract it depends on, so that it is also
concluded within its promised 3 working days. Applied for by 德力佳's staff (qiye.delijia),
an account made here."""

from __future__ import annotations

import datetime as dt
import random

from onething.bundles.models import BundleRun
from onething.bundles.services.steps import run_milestone
from onething.cases.services.lifecycle import case_accept, case_conclude
from onething.core import clock
from onething.core.crypto import keyring
from onething.core.generate import mobile, resident_id
from onething.core.identity import PII_FIELDS
from onething.core.models import Enterprise, Person, Role, User
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create
from onething.core.services.parties import person_register
from onething.demo.base import DEMO_PASSWORD
from onething.demo.bundles import PROJECT

from .common import PROJECT_2025, SHANGHAI, Scenarios, at, handler, submit

DELIJIA = "德力佳传动科技（江苏）股份有限公司"
DELIJIA_STAFF = ("qiye.delijia", "刘建华", "320205102")  # username, name, home (东港镇)

# The seed's days.
CONTRACT_SIGNED = dt.datetime(2025, 4, 10, 15, 0, tzinfo=SHANGHAI)
PERMIT_ISSUED = dt.datetime(2025, 4, 16, 10, 0, tzinfo=SHANGHAI)
PROJECT_FORM = {
    "project_name": "德力佳传动科技三期风电齿轮箱项目",
    "project_code": "2503-320205-04-01-726481",
    "site": "锡山经济技术开发区联吉路东侧",
    "floor_area": 86000,
    "investment_yuan": 1_500_000_000,
}


def make(scenarios: Scenarios) -> BundleRun:
    """6 days from the land contract to the construction permit."""
    staff = scenarios.actor(DELIJIA_STAFF[0])
    delijia = Enterprise.objects.get(name=DELIJIA)
    run, cases = submit(
        staff,
        PROJECT,
        PROJECT_FORM,
        when=at(dt.date(2025, 4, 8), 9, 30),
        enterprise_id=delijia.pk,
        region_code="320205",
        delivery="electronic",
        key=PROJECT_2025,
    )
    land = handler(cases["land"].department)
    build = handler(cases["construction-permit"].department)
    # The service team's pre-review: accepted before the contract.
    with clock.frozen(at(dt.date(2025, 4, 9), 10)):
        case_accept(actor=land, number=cases["land"].number)
        case_accept(actor=land, number=cases["planning"].number)
    with clock.frozen(at(dt.date(2025, 4, 9), 10, 30)):
        case_accept(actor=build, number=cases["drawings"].number)
    with clock.frozen(at(dt.date(2025, 4, 10), 11)):
        case_conclude(actor=build, number=cases["drawings"].number, outcome="approved")
    with clock.frozen(CONTRACT_SIGNED):
        run_milestone(actor=land, number=run.number)
    with clock.frozen(at(dt.date(2025, 4, 11), 9, 30)):
        case_accept(actor=build, number=cases["construction-permit"].number)
    with clock.frozen(at(dt.date(2025, 4, 14), 10)):
        case_conclude(actor=land, number=cases["land"].number, outcome="approved")
    with clock.frozen(at(dt.date(2025, 4, 14), 11)):
        case_conclude(actor=land, number=cases["planning"].number, outcome="approved")
    with clock.frozen(PERMIT_ISSUED):
        case_conclude(actor=build, number=cases["construction-permit"].number, outcome="approved")
    run.refresh_from_db()
    return run


def delijia_staff() -> User:
    """The account of 德力佳's staff (an applicant acting for the enterprise)."""
    username, name, home = DELIJIA_STAFF
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    rng = random.Random(username)
    number = resident_id(rng)
    person = Person.objects.filter(
        id_number_digest=keyring().digest(number, PII_FIELDS["id_number"])
    ).first() or person_register(
        actor=SYSTEM, name=name, id_number=number, phone=mobile(rng), region_code=home
    )
    return account_create(
        actor=SYSTEM,
        username=username,
        password=DEMO_PASSWORD,
        role=Role.APPLICANT,
        person=person,
        enterprise=Enterprise.objects.get(name=DELIJIA),
    )
