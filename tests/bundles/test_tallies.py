"""The daily roll-up of runs (BundleTally) is kept by the run services in the same
transaction as each change — taken in on submission, concluded, stopped by a denial,
withdrawn — on the day of each, and always agrees with a recount from the runs; the
rebuild gives the same rows."""

from __future__ import annotations

import pytest
from django.utils import timezone

from onething.bundles.models import BundleRun, BundleTally
from onething.bundles.services.tallies import (
    bundle_tallies_differences,
    bundle_tallies_rebuild,
    bundle_tallies_stored,
    run_counted,
)
from onething.demo.bundles import EQUITY

from .conftest import handle

pytestmark = pytest.mark.django_db


def counts(run: BundleRun) -> dict[str, int]:
    """The run's bundle and region row of its start day."""
    row = BundleTally.objects.get(
        day=timezone.localdate(run.started_at), bundle=run.bundle, region=run.region
    )
    return {m: getattr(row, m) for m in ("started", "concluded", "stopped", "withdrawn")}


def steps_of(answer):
    return {s["key"]: s["case_number"] for s in answer.json()["steps"]}


def test_submission_and_conclusion_are_counted_on_their_day(apply_equity, officers):
    before = BundleTally.objects.filter(bundle__code=EQUITY).count()
    _staff, answer = apply_equity()
    assert answer.status_code == 201, answer.content
    run = BundleRun.objects.get(number=answer.json()["number"])
    assert counts(run) == {"started": 1, "concluded": 0, "stopped": 0, "withdrawn": 0}
    assert BundleTally.objects.filter(bundle__code=EQUITY).count() == before + 1
    assert bundle_tallies_differences() == []
    steps, tax = steps_of(answer), officers("JY-SW")
    assert handle(tax, steps["declare"], {"tax_basis_yuan": "1200000"}).status_code == 200
    assert handle(tax, steps["verify"], {"verification_number": "CY-1"}).status_code == 200
    assert counts(run)["concluded"] == 0  # a step is not the run
    assert handle(officers("JY-SCJG"), steps["register"]).status_code == 200
    run.refresh_from_db()
    assert run.status == "concluded"
    assert counts(run) == {"started": 1, "concluded": 1, "stopped": 0, "withdrawn": 0}
    assert bundle_tallies_differences() == []


def test_a_denied_step_counts_the_run_stopped(apply_equity, officers):
    _staff, answer = apply_equity()
    steps, tax = steps_of(answer), officers("JY-SW")
    handle(tax, steps["declare"], {"tax_basis_yuan": "1200000"})
    handle(tax, steps["verify"], outcome="denied", reason="查验不通过")
    run = BundleRun.objects.get(number=answer.json()["number"])
    assert run.status == "stopped" and run.stopped_at is not None
    assert counts(run) == {"started": 1, "concluded": 0, "stopped": 1, "withdrawn": 0}
    assert bundle_tallies_differences() == []


def test_a_withdrawal_is_counted_and_a_refused_one_is_not(apply_equity, officers):
    staff, answer = apply_equity()
    number = answer.json()["number"]
    assert staff.post(f"/api/runs/{number}/withdraw", {"reason": "交易取消"}).status_code == 200
    run = BundleRun.objects.get(number=number)
    assert counts(run)["withdrawn"] == 1 and run.stopped_at is not None
    again = staff.post(f"/api/runs/{number}/withdraw", {"reason": "again"})
    assert again.status_code == 409  # refused: it adds nothing
    assert counts(run)["withdrawn"] == 1
    assert bundle_tallies_differences() == []


def test_a_refused_application_counts_nothing(apply_equity, equity_form):
    stored = bundle_tallies_stored()
    _staff, answer = apply_equity(form={**equity_form, "price_yuan": 1})
    assert answer.status_code == 422
    assert bundle_tallies_stored() == stored


def test_the_rebuild_gives_the_rows_the_services_kept(apply_equity):
    apply_equity()
    kept = bundle_tallies_stored()
    assert kept
    BundleTally.objects.update(started=999)  # damage, then rebuild from the runs
    assert bundle_tallies_differences()
    bundle_tallies_rebuild()
    assert bundle_tallies_stored() == kept
    assert bundle_tallies_differences() == []


def test_an_unknown_measure_is_a_programming_error(apply_equity):
    _staff, answer = apply_equity()
    run = BundleRun.objects.get(number=answer.json()["number"])
    with pytest.raises(ValueError):
        run_counted(run, "lost", run.started_at)
