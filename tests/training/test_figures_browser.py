"""The institute's public pages in a real browser (zh-hans) on a phone: the home with its
cohort, partners and universities (no page wider than the screen), and the figures page
with its three charts drawn by ECharts (no inline script); no serious accessibility
violation."""

from __future__ import annotations

import pytest

from onething.training.services.tallies import cohort_recount
from tests.browser import axe, axe_report, shot

from . import world
from .world_catalogue import application, enrolment, old_cohort, placement, shencun

pytestmark = pytest.mark.browser
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_the_public_reads_the_institute_and_its_figures_on_a_phone(page, transactional_city):
    inst = world.build(transactional_city)
    shencun(inst)
    old_cohort(inst, 2024, applications=9_000, enrolled=1_000)
    made = application(inst, inst.cohort, "2025-05-02")
    placement(inst, enrolment(inst, made, "2025-07-10"), "2025-09-20")
    cohort_recount(inst.cohort)  # its rows were made directly: its roll-ups from them
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base}/training/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    page.wait_for_selector("[data-testid=current-cohort]")
    assert "首次加入" in page.inner_text("[data-testid=partners]")
    assert page.evaluate(OVERFLOW) <= 0
    violations = axe(page)
    assert not violations, axe_report(violations)
    shot(page, "training-home-phone")
    page.click("[data-testid=link-figures]")
    for chart in ("chart-cohorts", "chart-placed", "chart-universities"):
        page.locator(f"[data-chart={chart}] canvas").first.wait_for(state="attached")
    assert page.inner_text("[data-testid=applications]") == "9,001"
    assert page.evaluate(OVERFLOW) <= 0
    violations = axe(page)
    assert not violations, axe_report(violations)
    shot(page, "training-figures-phone")
