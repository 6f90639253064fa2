"""The generator of runs as figures' data (bundles.generate): exactly the runs asked for
each one-thing, on working days of the period, numbered GN…, with no steps, cases or
enterprise; deterministic for a seed; added to the roll-up as a recount finds them; one
audit entry; the figures then read them from the roll-up. And its refusals."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from onething.bundles.generate import runs_generate
from onething.bundles.models import Bundle, BundleRun, RunStep
from onething.bundles.rules.figures import apportion
from onething.bundles.selectors.figures import handled, handled_filter
from onething.bundles.services.tallies import bundle_tallies_differences
from onething.catalog.selectors import offered_in
from onething.core.models import AuditEntry, Region
from onething.core.selectors.calendar import official_calendar
from onething.demo.bundles import EQUITY, RESTAURANT
from onething.demo.bundles.handled import POPULARITY, popular_counts

pytestmark = pytest.mark.django_db

H1 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
BIRTH, LISTING, EMPLOYING = "YJS-320200-GR-002", "YJS-320200-QY-006", "YJS-320200-QY-010"


def generated():
    return BundleRun.objects.filter(number__startswith="GN")


def fingerprint():
    return sorted(
        (r.bundle.code, r.started_at, r.status, r.concluded_at, r.stopped_at, r.region_id)
        for r in generated().select_related("bundle")
    )


def test_exact_counts_on_working_days_as_figures_data(city):
    counts = {BIRTH: 300, LISTING: 2, RESTAURANT: 40, EQUITY: 10}
    report = runs_generate(counts=counts, date_from=H1[0], date_to=H1[1], seed=5, applicants=50)
    assert report.runs == 352 and sum(report.statuses.values()) == 352
    assert dict(Counter(generated().values_list("bundle__code", flat=True))) == counts
    runs = list(generated().select_related("region", "bundle"))
    calendar = official_calendar()
    for run in runs:
        day = timezone.localdate(run.started_at)
        assert H1[0] <= day <= H1[1] and calendar.is_workday(day)
        assert run.number.startswith(f"GN{report.load:03d}-{day:%Y%m%d}-")
        assert run.enterprise_id is None and run.form_data == {}
        assert (run.status == "concluded") == (run.concluded_at is not None)
        assert (run.status in ("stopped", "withdrawn")) == (run.stopped_at is not None)
    assert not RunStep.objects.filter(run__in=generated()).exists()
    # each one-thing only where every item of it is offered: 股权转让 in 江阴
    jiangyin = Region.objects.get(code="320281").path
    assert all(r.region.path.startswith(jiangyin) for r in runs if r.bundle.code == EQUITY)
    for bundle in Bundle.objects.filter(code__in=counts):
        items = [s.item for s in bundle.steps.select_related("item__department__region")]
        for region in {r.region for r in runs if r.bundle_id == bundle.pk}:
            assert all(offered_in(item, region) for item in items), (bundle.code, region)
    entry = AuditEntry.objects.get(action="run.generate", subject_id=str(report.load))
    assert entry.after["runs"] == 352
    assert bundle_tallies_differences() == []  # the roll-up agrees with a recount


def test_the_same_seed_makes_the_same_runs(city):
    counts = {BIRTH: 120, EMPLOYING: 80}
    runs_generate(counts=counts, date_from=H1[0], date_to=H1[1], seed=11, applicants=30)
    first = fingerprint()
    generated().delete()
    runs_generate(counts=counts, date_from=H1[0], date_to=H1[1], seed=11, applicants=30)
    assert fingerprint() == first
    generated().delete()
    runs_generate(counts=counts, date_from=H1[0], date_to=H1[1], seed=12, applicants=30)
    assert fingerprint() != first


def test_the_figures_read_what_was_generated(city, api):
    key = {BIRTH: 700, EMPLOYING: 300}  # a national and a provincial key item
    runs_generate(counts={**key, EQUITY: 50}, date_from=H1[0], date_to=H1[1], seed=2)
    figures = handled(handled_filter(date_from=H1[0], date_to=H1[1]))
    levels = {row["level"]: row for row in figures["levels"]}
    assert levels["national"]["started"] == 700 and levels["provincial"]["started"] == 300
    assert levels["city"]["started"] == 50
    assert figures["key_items"] == {"bundles": 29, "started": 1000, "started_wan": "0.1"}
    assert figures["total_bundles"] == 59
    answer = api("zhangwei").get(
        "/api/figures/bundles/handled", date_from="2025-01-01", date_to="2025-06-30"
    )
    assert answer.status_code == 200 and answer.json()["key_items"]["started"] == 1000
    anonymous = city.client().get(
        "/api/figures/bundles/handled",
        {"date_from": "2025-01-01", "date_to": "2025-06-30", "level": "provincial"},
    )
    body = anonymous.json()
    assert [row["level"] for row in body["levels"]] == ["provincial"]
    assert {row["code"] for row in body["bundles"] if row["started"]} == {EMPLOYING}
    assert body["key_items"]["started"] == 1000  # the key items whatever the level shown
    assert "applicant" not in str(body) and "GN" not in str(body)  # aggregates only
    # a region: its subtree only
    in_jiangyin = (
        city.client()
        .get(
            "/api/figures/bundles/handled",
            {"date_from": "2025-01-01", "date_to": "2025-06-30", "region": "320281"},
        )
        .json()
    )
    assert in_jiangyin["levels"][2]["started"] == 50  # 股权转让 is offered in 江阴 only
    nothing = handled(handled_filter(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 6, 30)))
    assert nothing["key_items"]["started"] == 0


def test_bad_figures_filters_are_a_422_naming_each_field(city):
    answer = city.client(None, "en").get(
        "/api/figures/bundles/handled",
        {"date_from": "2025-07-01", "date_to": "2025-06-30", "region": "999999", "level": "x"},
    )
    assert answer.status_code == 422
    fields = {f["field"] for f in answer.json()["error"]["details"]["fields"]}
    assert fields == {"date_to", "region", "level"}
    typed = city.client(None, "en").get("/api/figures/bundles/handled", {"date_from": "soon"})
    assert typed.status_code == 422
    assert typed.json()["error"]["details"]["fields"][0]["field"] == "date_from"


def test_refusals(city):
    with pytest.raises(ValueError, match="unknown"):
        runs_generate(counts={"YJS-320200-QY-999": 1}, date_from=H1[0], date_to=H1[1])
    with pytest.raises(ValueError, match="before"):
        runs_generate(counts={BIRTH: 1}, date_from=H1[1], date_to=H1[0])
    future = timezone.localdate() + dt.timedelta(days=30)
    with pytest.raises(ValueError, match="future"):
        runs_generate(counts={BIRTH: 1}, date_from=future, date_to=future)
    with pytest.raises(ValueError, match="negative"):
        runs_generate(counts={BIRTH: -1}, date_from=H1[0], date_to=H1[1])
    assert not generated().exists()


def test_the_command_shares_runs_by_popularity(city):
    counts = popular_counts(500)
    assert sum(counts.values()) == 500
    active = set(Bundle.objects.filter(is_active=True).values_list("code", flat=True))
    assert set(counts) == set(POPULARITY) & active
    assert counts == apportion(500, {c: POPULARITY[c] for c in counts})
    call_command("generate", "--bundles", "200", "--months", "2", "--seed", "3")
    assert generated().count() == 200
    with pytest.raises(CommandError):
        call_command("generate", "--bundles", "0")
