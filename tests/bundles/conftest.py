"""Fixtures for one-things: the demo's 股权转让 with its form and materials, officers by
department, and a helper taking a step's case through its department."""

import pytest

from onething.bundles.models import BundleRun
from onething.core import clock
from onething.core.models import AgencyDeclaration, Department, Enterprise, ServiceCenter
from onething.demo.bundles import EQUITY, officer
from tests.cases.conftest import Api, licensed, submitted  # noqa: F401 (fixtures)

EQUITY_FORM = {
    "taxpayer_id": "91320281MA1XYZ1234",
    "income_yuan": 1200000,
    "period": "2025-03",
    "company_credit_code": None,  # filled in with the enterprise's own code
    "transferor": "周建国",
    "transferee": "江阴澄丰投资有限公司",
    "share_percent": 30,
    "price_yuan": 1200000,
}
EQUITY_MATERIALS = ("business-licence", "tax-return", "equity-contract", "application-form")


@pytest.fixture
def api(city):
    return lambda username, language="en": Api(city, username, language)


@pytest.fixture
def chengfeng(city):
    return Enterprise.objects.get(name="江阴澄丰化纤有限公司")


@pytest.fixture
def equity_form(chengfeng):
    return {**EQUITY_FORM, "company_credit_code": chengfeng.credit_code}


@pytest.fixture
def officers(city, api):
    """An API client per department code (officer.<code>, made by the demo if missing)."""
    return lambda code: Api(city, officer(Department.objects.get(code=code)).username)


@pytest.fixture
def apply_equity(api, chengfeng, equity_form):
    """Apply for 股权转让 as the enterprise's staff; returns (client, response)."""

    def apply(form=None, materials=EQUITY_MATERIALS, delivery="electronic", **headers):
        staff = api("qiye.chengfeng")
        ids = staff.uploads(*materials)
        payload = {
            "bundle_code": EQUITY,
            "form": equity_form if form is None else form,
            "materials": ids,
            "enterprise_id": chengfeng.pk,
            "region_code": "320281",
            "delivery": delivery,
        }
        if delivery != "electronic":
            payload["delivery_address"] = ""
        return staff, staff.post("/api/runs", payload, **headers)

    return apply


def handle(client, case_number, outputs=None, outcome="approved", reason=""):
    """A department accepts a step's case, enters its outputs, concludes it."""
    accepted = client.post(f"/api/cases/{case_number}/accept")
    assert accepted.status_code == 200, accepted.content
    if outputs:
        entered = client.post(f"/api/cases/{case_number}/step-outputs", {"values": outputs})
        assert entered.status_code == 200, entered.content
    return client.post(f"/api/cases/{case_number}/conclude", {"outcome": outcome, "reason": reason})


@pytest.fixture
def submit(city, chengfeng, equity_form):
    """Apply for 股权转让 on the page as qiye.chengfeng; returns the run."""

    from .pages import APPLY, application  # the page helpers import this module

    def submit(key="run-key-1", **extra):
        client = city.client("qiye.chengfeng", "en")
        answer = client.post(
            APPLY, application(equity_form, key=key, enterprise_id=chengfeng.pk, **extra)
        )
        assert answer.status_code == 302, answer.content.decode()[-3000:]
        return BundleRun.objects.get(number=answer["Location"].split("/")[3])

    return submit


@pytest.fixture
def undeclared(city):
    """The agency starts without a declaration (the demo's runs may have filed one): the
    declarations there are revoked for this test (rolled back after it)."""
    agency_id = city.actor("agent.chengxin").agency_id
    AgencyDeclaration.objects.filter(agency_id=agency_id).update(revoked_at=clock.now())


@pytest.fixture
def concluded_at_window(apply_equity, officers):
    """A 股权转让 run whose three licences wait at the window of 江阴."""
    _staff, answer = apply_equity(delivery="window")
    assert answer.status_code == 201, answer.content
    steps = {s["key"]: s["case_number"] for s in answer.json()["steps"]}
    tax, market = officers("JY-SW"), officers("JY-SCJG")
    assert handle(tax, steps["declare"], {"tax_basis_yuan": "1200000"}).status_code == 200
    assert handle(tax, steps["verify"], {"verification_number": "CY-1"}).status_code == 200
    assert handle(market, steps["register"]).status_code == 200
    return steps


@pytest.fixture
def declared(api, chengfeng):
    """The agency declares it acts for 江阴澄丰化纤 and 无锡胡埭精密机械 (one declaration)."""
    agent = api("agent.chengxin")
    other = Enterprise.objects.get(name="无锡胡埭精密机械有限公司")
    answer = agent.post(
        "/api/declarations",
        {"credit_codes": [chengfeng.credit_code, other.credit_code]},
        HTTP_IDEMPOTENCY_KEY="decl-1",
    )
    assert answer.status_code == 201, answer.content
    return agent


@pytest.fixture
def window_clerks(city):
    """An API client for a window clerk of a centre (by code; made by the demo if missing)."""
    from onething.demo.bundles import window_clerk

    return lambda code: Api(city, window_clerk(ServiceCenter.objects.get(code=code)).username)


@pytest.fixture
def a_pickup(concluded_at_window, declared, window_clerks):
    """The agency collected the 股权转让 run's three licences in one pickup, confirmed by
    the window of 江阴."""
    collected = declared.post("/api/pickups", {}, HTTP_IDEMPOTENCY_KEY="a-pickup")
    assert collected.status_code == 201, collected.content
    number = collected.json()["number"]
    confirmed = window_clerks("SC-JY").post(
        f"/api/pickups/{number}/confirm", {"identity_checked": True}
    )
    assert confirmed.status_code == 200, confirmed.content
    return number
