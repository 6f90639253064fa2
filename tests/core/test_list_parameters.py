"""A list's own parameters out of range answer 422 naming them, never a 500: an export
format no list writes, and a page number too large for any integer column, on the pages
and on every paginated API list."""

from __future__ import annotations

import pytest

HUGE = "99999999999999999999999"


def test_the_board_refuses_an_unknown_export_format(city):
    answer = city.client(language="zh-hans").get("/appeals/board/", {"export": "x"})
    assert answer.status_code == 422
    assert "请从以下选项中选择：csv, xlsx。" in answer.content.decode()
    assert city.client().get("/appeals/board/", {"export": "csv"}).status_code == 200


@pytest.mark.parametrize(
    ("username", "path"),
    [
        (None, "/appeals/board/"),
        ("dispatcher", "/appeals/dispatch/"),
        ("clerk.hudai", "/people/"),
    ],
)
def test_list_pages_refuse_a_huge_page_and_an_unknown_export(city, username, path):
    client = city.client(username, "zh-hans")
    assert client.get(path, {"page": HUGE}).status_code == 422
    assert client.get(path, {"page": HUGE, "export": "csv"}).status_code in (200, 422)
    assert client.get(path, {"export": "pdf"}).status_code == 422


def test_every_paginated_api_list_refuses_a_huge_page(city):
    from onething.config.api import api

    schema = api.get_openapi_schema()
    lists = [
        path
        for path, operations in schema["paths"].items()
        if "{" not in path
        and any(p["name"] == "page" for p in operations.get("get", {}).get("parameters", []))
    ]
    assert len(lists) >= 15
    client = city.client("supervisor", "zh-hans")
    answers = {}
    for path in lists:
        answer = client.get(path, {"page": HUGE})
        if answer.status_code in (401, 403):  # not the supervisor's list
            continue
        answers[path] = answer.status_code
    assert len(answers) >= 8 and set(answers.values()) == {422}, answers
