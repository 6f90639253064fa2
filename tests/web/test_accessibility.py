"""Accessibility: the main pages of every role, on a desktop and on a phone, have no axe-core
violation of serious or critical impact (WCAG 2.1 A and AA rules; China's GB/T 37668 asks the
same of government sites). axe-core comes from the npm registry (package.json) and is
injected by the test only."""

import pytest

from tests.browser import axe, axe_report, sign_in
from tests.cases.conftest import ITEM, Api, apply_online

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
PHONE_PAGES = 2
# ITEM: 个体工商户设立登记 (胡埭: clerk.hudai, officer.hudai)

PAGES = {
    None: ["/", "/services/", f"/services/{ITEM}/", "/login/", "/figures/"],
    "zhangwei": ["/", f"/services/{ITEM}/apply/", "/my/cases/", "{case}"],
    "qiye.chengfeng": ["/", "/one-things/", "/my/one-things/"],
    "agent.chengxin": ["/", "/agency/declarations/", "/agency/pickup/"],
    "clerk.hudai": ["/", "/workbench/", "/workbench/intake/", "/workbench/taken-in/", "{case}"],
    "officer.hudai": ["/", "/inbox/", "{case}"],
    "dispatcher": ["/", "/appeals/dispatch/"],
    "supervisor": ["/", "/figures/operations/", "/supervision/"],
    "union": ["/", "/honour/registry/", "/honour/pool/", "/honour/settlements/"],
    "laomo.chen": ["/", "/honour/certificate/"],
    "admin": ["/admin/", "/admin/catalog/serviceitem/", "/admin/core/region/"],
}


def a_case(city) -> str:
    """张伟's application for ITEM, with its materials, accepted at 胡埭's window."""
    number = apply_online(Api(city, "zhangwei")).json()["number"]
    accepted = city.client("clerk.hudai", "en").post(f"/api/cases/{number}/accept")
    assert accepted.status_code == 200, accepted.content
    return f"/cases/{number}/"


def test_main_pages_have_no_serious_accessibility_violation(page, transactional_city):
    """Every role in one test (one live server, one case made for all of them)."""
    case = a_case(transactional_city)
    found = []
    for username, paths in PAGES.items():
        page.context.clear_cookies()
        if username:
            sign_in(page, username)
        # the DOM is the same at both widths: on the phone, the pages whose layout changes
        # (the folded menu on the home, the first list shown as cards)
        for viewport, shown in ((DESKTOP, paths), (PHONE, paths[:PHONE_PAGES])):
            page.set_viewport_size(viewport)
            for path in shown:
                answer = page.goto(page.base + path.format(case=case))
                assert answer.status < 400, f"{username}: {path} answered {answer.status}"
                violations = axe(page)
                if violations:
                    where = f"{username or 'anonymous'} {path} at {viewport['width']}px"
                    found.append(f"{where}:\n{axe_report(violations)}")
    assert not found, "\n\n".join(found)
