"""The district level: in the registry (imported as 区级), but a physical card goes only to
the card levels (市级及以上, 享受待遇人员 included): ``card_issue`` refuses others with 422."""

from __future__ import annotations

import pytest

from onething.cards.models import Honoree, HonourCard, HonourLevel
from onething.cards.rules.eligibility import CARD_LEVELS, may_hold_card
from onething.cards.services.cards import card_issue
from onething.core.errors import ValidationFailed
from tests.cards.test_cards import batch
from tests.cards.test_import import row, upload, workbook
from tests.cards.test_registry import Api, fields, register


@pytest.mark.parametrize(
    ("level", "card"),
    [
        ("national", True),
        ("provincial", True),
        ("municipal", True),
        ("treated", True),
        ("district", False),
        ("", False),
    ],
)
def test_only_the_card_levels_hold_a_card(level, card):
    assert may_hold_card(level) is card


def test_the_card_levels_are_honour_levels_and_district_is_not_one():
    assert set(CARD_LEVELS) == set(HonourLevel.values) - {HonourLevel.DISTRICT}


def test_a_district_honoree_is_refused_a_card_with_422(city):
    honoree = register(city, 4101, level="district", title="滨湖区劳动模范")
    with pytest.raises(ValidationFailed) as refused:
        card_issue(
            actor=city.actor("union"),
            honoree_id=honoree.pk,
            batch_id=batch(city).pk,
            number="430000004101",
            transit_number="4300000000004101",
        )
    assert [(p.field, p.rule) for p in refused.value.problems] == [
        ("honoree_id", "level_without_card")
    ]
    answer = Api(city, "union").post(
        "/api/cards",
        {
            "honoree_id": honoree.pk,
            "batch_id": batch(city).pk,
            "number": "430000004101",
            "transit_number": "4300000000004101",
        },
    )
    assert answer.status_code == 422, answer.content
    assert fields(answer) == {"honoree_id": "level_without_card"}
    assert "district" in answer.json()["error"]["details"]["fields"][0]["message"]
    assert not HonourCard.objects.filter(honoree=honoree).exists()


def test_a_municipal_honoree_still_gets_one(city):
    honoree = register(city, 4102)
    card = card_issue(
        actor=city.actor("union"),
        honoree_id=honoree.pk,
        batch_id=batch(city).pk,
        number="430000004102",
        transit_number="4300000000004102",
    )
    assert card.honoree == honoree and card.status == "active"


def test_the_import_takes_the_district_level(city):
    data = workbook(row(4103, 荣誉级别="区级", 荣誉称号="梁溪区劳动模范"))
    answer = upload(city, data)
    assert answer.status_code == 201, answer.content
    assert Honoree.objects.get(person__name="导入4103").level == HonourLevel.DISTRICT
