"""The operations page in a real browser: a case made overdue through the services shows on
the supervisor's page, and its link opens the case list holding exactly that many rows,
the case among them; an applicant is refused."""

from __future__ import annotations

import re

import pytest

from tests.browser import shot, sign_in
from tests.dashboard.test_operations import URL, overdue_case

pytestmark = pytest.mark.browser


def test_the_supervisor_follows_an_overdue_figure_to_its_cases(page, transactional_city):
    case = overdue_case(transactional_city)
    sign_in(page, "supervisor")
    page.goto(f"{page.base}{URL}")
    assert page.locator("[data-testid=as-of]").is_visible()
    figure = page.locator("[data-testid=case-overdue-HD-SCJG]")
    count = int(figure.inner_text())
    assert count >= 1
    shot(page, "dashboard-operations")
    figure.click()
    page.wait_for_url("**/supervision/cases/?department_code=HD-SCJG&deadline=overdue")
    assert re.findall(r"\d+", page.locator("p.count").inner_text()) == [str(count)]
    assert page.locator("[data-testid=list] tbody tr").count() == count  # one page of rows
    assert page.locator("[data-testid=list]").get_by_text(case.number).is_visible()


def test_an_applicant_is_refused(page, transactional_city):
    sign_in(page, "zhangwei")
    answer = page.goto(f"{page.base}{URL}")
    assert answer.status == 403
