"""A JSON true/false where the API expects a number is refused, naming the field (pydantic's
lax mode read `true` as 1: `honoree_id: true` issued a certificate to honoree 1); a real
boolean field still takes one. Pure checks of the base schema, then the API."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from onething.core.schema import Schema


class Sample(Schema):
    count: int
    share: float | None = None
    flag: bool = False


@pytest.mark.parametrize("value", [True, False])
def test_a_boolean_is_not_a_number(value):
    with pytest.raises(ValidationError) as refused:
        Sample.model_validate({"count": value})
    assert [e["loc"] for e in refused.value.errors()] == [("count",)]
    with pytest.raises(ValidationError):
        Sample.model_validate({"count": 1, "share": value})


def test_numbers_and_booleans_where_they_belong_pass():
    sample = Sample.model_validate({"count": 3, "share": 0.5, "flag": True})
    assert (sample.count, sample.share, sample.flag) == (3, 0.5, True)


def test_the_api_refuses_true_for_an_id(city):
    from onething.cards.models import Certificate

    before = Certificate.objects.count()
    answer = city.client("union", "en").post(
        "/api/certificates", {"honoree_id": True}, content_type="application/json"
    )
    assert answer.status_code == 422, answer.content
    fields = {(f["field"], f["rule"]) for f in answer.json()["error"]["details"]["fields"]}
    assert fields == {("honoree_id", "type")}
    assert Certificate.objects.count() == before
