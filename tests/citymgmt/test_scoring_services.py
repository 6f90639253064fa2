"""新街·吴韵 scoring's services: a score from a device, a QR sign and the street's page;
its refusals (marks outside 1–5 naming each criterion, a second score the same day, a
device or an address over its rate: each refusal counted per street, day and reason); the
outlier flagged and counted only once the office accepts it; idempotent retries; a photo;
the inspectors' checks; who may do what."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import override_settings
from PIL import Image

from onething.citymgmt.models import ScoreRefusal, ScoringPoint, StreetInspection, StreetScore
from onething.citymgmt.rules.scoring import FLAG_OUTLIER
from onething.citymgmt.selectors.scoring import (
    point_signing_in,
    refusal_totals,
    street_month_so_far,
)
from onething.citymgmt.services.scoring import (
    criteria_ensure_defaults,
    inspection_record,
    score_review,
    score_submit,
    scoring_point_register,
)
from onething.core import clock
from onething.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    TooManyRequests,
    Unauthenticated,
    ValidationFailed,
)
from onething.core.permissions import ANONYMOUS
from tests.citymgmt import world_scoring
from tests.citymgmt.world_scoring import GOOD, at

pytestmark = pytest.mark.django_db
NOW = at("2021-11-15", 10)


@pytest.fixture
def w(city):
    with clock.frozen(NOW):
        yield world_scoring.build(city)


def device_score(w, voter="320211199001011234", marks=GOOD, **kw):
    return score_submit(actor=ANONYMOUS, point=w.device, voter=voter, marks=marks, **kw)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_criteria_defaults_are_made_once(w):
    criteria = criteria_ensure_defaults()
    assert [c.code for c in criteria] == ["sanitation", "traffic_order", "facilities", "shop_signs"]
    assert [c.name for c in criteria] == ["环境卫生", "通行秩序", "设施完好", "店招广告"]
    assert len(criteria_ensure_defaults()) == 4


def test_a_device_is_registered_with_its_token_kept_as_a_keyed_hash(w):
    assert w.token.startswith("sp_")
    assert w.token not in w.device.token_digest and len(w.device.token_digest) == 64
    assert point_signing_in(w.token) == w.device
    assert point_signing_in("sp_wrong") is None
    assert w.sign.kind == "qr" and w.sign.token_digest == ""


def test_another_districts_office_cannot_register_a_point(w):
    with pytest.raises(PermissionDenied):
        scoring_point_register(
            actor=w.other_office, street_code=w.chunchao.code, code="SP-X", kind="device"
        )
    with pytest.raises(ValidationFailed) as refused:
        scoring_point_register(actor=w.office, street_code="NOPE", code="bad code!", kind="sms")
    assert {p["field"] for p in refused.value.details["fields"]} == {"street", "code", "kind"}
    assert not ScoringPoint.objects.filter(code="SP-X").exists()


def test_a_device_score_is_counted(w):
    with clock.frozen(NOW):
        score = device_score(w, comment=" 菜场门口干净多了 ")
    assert score.status == "counted" and score.channel == "device"
    assert score.street == w.chunchao and score.day == dt.date(2021, 11, 15)
    assert score.marks == GOOD and score.average_centi == 425
    assert score.comment == "菜场门口干净多了"
    assert "320211199001011234" not in score.voter_digest and len(score.voter_digest) == 64


def test_marks_outside_1_to_5_are_refused_naming_each_criterion(w):
    with clock.frozen(NOW), pytest.raises(ValidationFailed) as refused:
        device_score(w, marks={"sanitation": 0, "traffic_order": 6, "facilities": 4})
    fields = {p["field"]: p for p in refused.value.details["fields"]}
    assert set(fields) == {"marks.sanitation", "marks.traffic_order", "marks.shop_signs"}
    assert "环境卫生" in fields["marks.sanitation"]["message"]
    assert fields["marks.shop_signs"]["rule"] == "required"
    assert refused.value.status == 422
    assert not StreetScore.objects.exists()


def test_a_second_score_the_same_day_is_refused_and_counted(w):
    with clock.frozen(NOW):
        device_score(w)
        with pytest.raises(Conflict) as refused:
            device_score(w, marks={**GOOD, "sanitation": 2})
    assert refused.value.status == 409 and refused.value.code == "already_scored_today"
    assert "春潮菜场支路" in refused.value.message
    assert StreetScore.objects.count() == 1
    row = ScoreRefusal.objects.get()
    assert (row.street, row.day, row.reason, row.count) == (
        w.chunchao,
        dt.date(2021, 11, 15),
        "duplicate",
        1,
    )
    # the next day, the same resident scores again
    with clock.frozen(NOW + dt.timedelta(days=1)):
        assert device_score(w).day == dt.date(2021, 11, 16)
    # another street the same day is another score
    with clock.frozen(NOW):
        web = score_submit(actor=w.resident, street_code=w.wangzhuang.code, marks=GOOD)
    assert web.channel == "web" and web.account_id == w.resident.user_id


@override_settings(ONETHING_SCORE_DEVICE_LIMITS=[(3, 60), (600, 86400)])
def test_a_device_over_its_rate_is_refused_with_retry_after(w):
    with clock.frozen(NOW):
        for n in range(3):
            device_score(w, voter=f"resident-{n}")
        with pytest.raises(TooManyRequests) as refused:
            device_score(w, voter="resident-9")
    assert refused.value.status == 429 and refused.value.code == "device_rate"
    assert 0 < refused.value.retry_after <= 60
    assert StreetScore.objects.count() == 3
    assert ScoreRefusal.objects.get(reason="device_rate").count == 1
    # a minute later the device may send again
    with clock.frozen(NOW + dt.timedelta(seconds=61)):
        device_score(w, voter="resident-9")
    assert refusal_totals(w.office, dt.date(2021, 11, 15), dt.date(2021, 11, 16)) == {
        "duplicate": 0,
        "device_rate": 1,
        "address_rate": 0,
    }
    # another district's office sees none of it
    assert (
        refusal_totals(w.other_office, dt.date(2021, 11, 1), dt.date(2021, 12, 1))["device_rate"]
        == 0
    )


@override_settings(ONETHING_SCORE_ADDRESS_LIMITS=[(2, 60), (50, 86400)])
def test_an_address_over_its_rate_is_refused(w):
    with clock.frozen(NOW):
        for n in range(2):
            score_submit(
                actor=ANONYMOUS, point=w.sign, voter=f"{n:032x}", marks=GOOD, address="10.0.0.7"
            )
        with pytest.raises(TooManyRequests) as refused:
            score_submit(
                actor=ANONYMOUS, point=w.sign, voter=f"{9:032x}", marks=GOOD, address="10.0.0.7"
            )
        # another address is not held back
        score_submit(
            actor=ANONYMOUS, point=w.sign, voter=f"{8:032x}", marks=GOOD, address="10.0.0.8"
        )
    assert refused.value.code == "address_rate"
    assert ScoreRefusal.objects.get(reason="address_rate").count == 1
    assert StreetScore.objects.filter(channel="qr").count() == 3
    assert "10.0.0.7" not in StreetScore.objects.first().address_digest


def test_an_anonymous_phone_needs_its_voter_id(w):
    with clock.frozen(NOW), pytest.raises(ValidationFailed) as refused:
        score_submit(actor=ANONYMOUS, point=w.sign, marks=GOOD)
    assert [p["field"] for p in refused.value.details["fields"]] == ["voter"]


def test_the_street_page_is_for_signed_in_residents(w):
    with clock.frozen(NOW):
        with pytest.raises(Unauthenticated):
            score_submit(actor=ANONYMOUS, street_code=w.chunchao.code, marks=GOOD)
        with pytest.raises(PermissionDenied):
            score_submit(actor=w.office, street_code=w.chunchao.code, marks=GOOD)
        with pytest.raises(ValidationFailed) as refused:
            score_submit(actor=w.resident, street_code="NOPE", marks=GOOD, comment="长" * 301)
    assert {p["field"] for p in refused.value.details["fields"]} == {"street", "comment"}


def test_a_retry_with_the_same_key_answers_the_first_score(w):
    with clock.frozen(NOW):
        first = device_score(w, idempotency_key="k-1")
        again = device_score(w, idempotency_key="k-1")
        with pytest.raises(Conflict) as reused:
            device_score(w, idempotency_key="k-1", marks={**GOOD, "sanitation": 1})
    assert again.pk == first.pk and StreetScore.objects.count() == 1
    assert reused.value.code == "idempotency_key_reused"
    assert not ScoreRefusal.objects.exists()  # a retry is no refusal


def test_a_photo_is_checked_and_kept(w):
    with clock.frozen(NOW):
        with pytest.raises(ValidationFailed) as refused:
            device_score(w, photo=("photo.jpg", b"not a photo"))
        assert [p["field"] for p in refused.value.details["fields"]] == ["photo"]
        score = device_score(w, photo=("菜场.png", png()))
    assert score.photo.name.endswith(".png") and len(score.photo_sha256) == 64


def test_an_outlier_is_flagged_and_counts_only_once_accepted(w):
    for n in range(12):
        world_scoring.history(
            w.chunchao, dt.date(2021, 11, 1) + dt.timedelta(days=n), [5], first_voter=n
        )
    with clock.frozen(NOW):
        low = device_score(w, marks=dict.fromkeys(GOOD, 1))
        fair = device_score(w, voter="another", marks=dict.fromkeys(GOOD, 3))
        assert low.status == "flagged" and low.flag_reason == FLAG_OUTLIER
        assert fair.status == "counted"
        so_far = street_month_so_far(w.chunchao)
        assert so_far.resident_count == 13  # 12 of history and the fair one, not the outlier
        # not the office of its district: refused
        with pytest.raises(NotFound):
            score_review(actor=w.other_office, score_id=low.pk, action="accept")
        with pytest.raises(PermissionDenied):
            score_review(actor=w.managing, score_id=low.pk, action="accept")
        with pytest.raises(InvalidTransition):
            score_review(actor=w.office, score_id=fair.pk, action="accept")
        accepted = score_review(
            actor=w.office, score_id=low.pk, action="accept", note="核实为真实评价"
        )
        assert accepted.status == "counted" and accepted.reviewed_by_id == w.office.user_id
        assert street_month_so_far(w.chunchao).resident_count == 14
        with pytest.raises(InvalidTransition):
            score_review(actor=w.office, score_id=low.pk, action="reject")


def test_rejected_outlier_never_counts(w):
    for n in range(10):
        world_scoring.history(
            w.chunchao, dt.date(2021, 11, 2) + dt.timedelta(days=n), [5], first_voter=n
        )
    with clock.frozen(NOW):
        low = device_score(w, marks=dict.fromkeys(GOOD, 1))
        rejected = score_review(actor=w.office, score_id=low.pk, action="reject")
    assert rejected.status == "rejected"
    assert street_month_so_far(w.chunchao, dt.date(2021, 11, 15)).resident_count == 10


def test_a_busy_address_is_flagged(w):
    """Three phones on one network score 春潮菜场支路, a resident on it scores the two
    other streets: five from the address today are counted; the sixth is flagged."""
    with clock.frozen(NOW):
        made = [
            score_submit(
                actor=ANONYMOUS, point=w.sign, voter=f"{n:032x}", marks=GOOD, address="10.9.9.9"
            )
            for n in range(3)
        ]
        made += [
            score_submit(actor=w.resident, street_code=s.code, marks=GOOD, address="10.9.9.9")
            for s in (w.wangzhuang, w.hudai)
        ]
        sixth = score_submit(
            actor=w.city.actor("qiye.chengfeng"),
            street_code=w.hudai.code,
            marks=GOOD,
            address="10.9.9.9",
        )
    assert [m.status for m in made] == ["counted"] * 5
    assert sixth.status == "flagged" and sixth.flag_reason == "address"


def test_an_inspectors_check(w):
    with clock.frozen(NOW):
        check = inspection_record(
            actor=w.inspector, street_code=w.chunchao.code, mark=86, findings="路面整洁"
        )
        assert check.day == dt.date(2021, 11, 15) and check.mark == 86
        with pytest.raises(Conflict) as again:
            inspection_record(actor=w.inspector, street_code=w.chunchao.code, mark=90)
        assert again.value.code == "already_checked_today"
        with pytest.raises(ValidationFailed) as refused:
            inspection_record(
                actor=w.inspector, street_code=w.hudai.code, mark=101, findings="长" * 501
            )
        assert {p["field"] for p in refused.value.details["fields"]} == {
            "street",  # 胡埭老街 is not in their grid
            "mark",
            "findings",
        }
        with pytest.raises(ValidationFailed):
            inspection_record(
                actor=w.inspector, street_code=w.chunchao.code, mark=80, day=dt.date(2021, 11, 16)
            )
        with pytest.raises(PermissionDenied):
            inspection_record(actor=w.office, street_code=w.chunchao.code, mark=80)
    assert StreetInspection.objects.count() == 1
