"""A NUL character anywhere in an API request's texts (JSON body, query string, form field)
is refused with 422 naming the field — PostgreSQL can neither store nor compare one, so
without this it reached the database as a 500. Pure checks first, then the API."""

from __future__ import annotations

import pytest

from onething.cards.models import Honoree
from onething.core.apiutils import refuse_bad_text
from onething.core.errors import ValidationFailed


def test_texts_without_nul_pass_as_they_are():
    data = {"name": "张伟", "rows": [{"n": 1, "x": None}], "ok": True}
    assert refuse_bad_text(data) is data


def test_each_field_holding_a_nul_is_named_with_its_path():
    with pytest.raises(ValidationFailed) as refused:
        refuse_bad_text(
            {"name": "a\x00b", "rows": [{"title": "ok"}, {"title": "\x00"}], "k\x00": 1}
        )
    assert {(p.field, p.rule) for p in refused.value.problems} == {
        ("name", "nul_character"),
        ("rows.1.title", "nul_character"),
        ("k\x00", "nul_character"),
    }


def fields(answer) -> set[tuple[str, str]]:
    assert answer.status_code == 422, answer.content
    error = answer.json()["error"]
    assert error["code"] == "validation_failed"
    return {(f["field"], f["rule"]) for f in error["details"]["fields"]}


def test_a_json_body_with_a_nul_is_a_422_and_nothing_is_written(city):
    client = city.client("union", "en")
    before = Honoree.objects.count()
    answer = client.post(
        "/api/honorees",
        {
            "name": "张\x00伟",
            "id_number": "x",
            "region_code": "320211102",
            "level": "municipal",
            "title": "无锡市劳动模范",
            "year": 2020,
        },
        content_type="application/json",
    )
    assert fields(answer) == {("name", "nul_character")}
    assert "NUL" in answer.json()["error"]["message"]
    assert Honoree.objects.count() == before


def test_a_query_string_with_a_nul_is_a_422(city):
    answer = city.client("union", "en").get("/api/honorees", {"q": "a\x00"})
    assert fields(answer) == {("q", "nul_character")}


def test_a_form_field_with_a_nul_is_a_422(city):
    answer = city.client("zhangwei", "en").post(
        "/api/appeals/upload",
        {"type": "suggestion", "category": "x", "title": "路灯", "text": "坏了\x00"},
    )
    assert ("text", "nul_character") in fields(answer)


def test_the_message_follows_the_language(city):
    answer = city.client("union", "zh-hans").get("/api/honorees", {"q": "\x00"})
    assert answer.status_code == 422
    assert "NUL" in answer.json()["error"]["message"]


def test_a_lone_surrogate_is_named_and_a_whole_pair_passes():
    with pytest.raises(ValidationFailed) as refused:
        refuse_bad_text({"form": {"note": "a\ud800", "ok": "𠀀"}, "k\udc00": 1})
    assert {(p.field, p.rule) for p in refused.value.problems} == {
        ("form.note", "lone_surrogate"),
        ("k\\udc00", "lone_surrogate"),
    }
    assert refuse_bad_text({"name": "𠀀"}) == {"name": "𠀀"}  # an astral character, whole


@pytest.mark.parametrize(
    "path",
    ["/api/cases", "/api/cases/window", "/api/runs", "/api/honorees", "/api/gates", "/api/venues"],
)
def test_a_json_body_with_a_lone_surrogate_is_a_422_not_a_500(city, path):
    body = '{"item_code": "\\ud800", "name": "\\ud800x", "form": {"note": "\\udfff"}}'
    answer = city.client("union", "en").post(path, body, content_type="application/json")
    assert answer.status_code in (401, 403, 422), answer.content
    if answer.status_code == 422:
        rules = {f["rule"] for f in answer.json()["error"]["details"]["fields"]}
        assert rules == {"lone_surrogate"}
    answer = city.client("zhangwei", "en").post(path, body, content_type="application/json")
    assert answer.status_code in (403, 404, 405, 422), answer.content


def test_a_surrogate_pair_in_json_is_one_character_and_is_kept(city):
    answer = city.client("union", "en").get("/api/honorees", {"q": "𠀀"})
    assert answer.status_code == 200


@pytest.mark.parametrize("body", ["[]", '"text"', "1", "null", '[{"name": "x"}]'])
def test_a_body_that_is_not_an_object_is_a_422_naming_it(city, body):
    before = Honoree.objects.count()
    answer = city.client("union", "en").post("/api/honorees", body, content_type="application/json")
    assert fields(answer) == {("body", "type")}
    assert Honoree.objects.count() == before
