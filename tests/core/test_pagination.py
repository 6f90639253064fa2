"""Lists at a city's scale: counts capped at 10,000 ("10,000+"), page numbers as deep as the
cap, a cursor (keyset) to go on from any page, and a 422 naming the parameter for a page
or cursor that is malformed, out of range or too deep — on the API and the pages alike."""

from __future__ import annotations

import pytest

from onething.catalog.models import ServiceItem
from onething.core import pagination
from onething.core.errors import ValidationFailed
from onething.core.pagination import Keyset, page_window


def codes(items):
    return [i.code for i in items]


def walked_by_cursor(rows, size):
    """Every row of ``rows``, a page at a time, each from the last one's next cursor."""
    walked, cursor = [], None
    while True:
        window = page_window(rows, 1, cursor, size)
        walked += codes(window.items)
        if not window.next_cursor:
            return walked
        cursor = window.next_cursor


def test_cursors_walk_the_same_rows_as_the_pages(city):
    rows = ServiceItem.objects.all()
    every = codes(Keyset.of(rows).order(rows))
    walked, cursor, pages = [], None, 0
    while True:
        window = page_window(rows, 1, cursor, 10)
        walked += codes(window.items)
        pages += 1
        assert window.count == len(every) and not window.capped
        if window.next_cursor is None:
            break
        cursor = window.next_cursor
    assert walked == every and pages == -(-len(every) // 10)
    by_number = [
        c for n in range(1, pages + 1) for c in codes(page_window(rows, n, None, 10).items)
    ]
    assert by_number == every


def test_the_count_is_capped_and_deep_pages_go_on_by_cursor(city, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 15)
    rows = ServiceItem.objects.all()
    first = page_window(rows, 1, None, 10)
    assert (first.count, first.capped) == (15, True)
    second = page_window(rows, 2, None, 10)
    with pytest.raises(ValidationFailed) as deep:
        page_window(rows, 3, None, 10)
    assert [(p.field, p.rule) for p in deep.value.problems] == [("page", "too_deep")]
    third = page_window(rows, 1, second.next_cursor, 10)
    assert codes(third.items) and not set(codes(third.items)) & set(codes(second.items))


def test_a_descending_ordering_with_ties_resumes_exactly(city):
    rows = ServiceItem.objects.order_by("-promised_days")  # many ties: the key breaks them
    keyset = Keyset.of(rows)
    assert keyset.fields == (("promised_days", True), ("id", True))
    every = codes(keyset.order(rows))
    assert walked_by_cursor(rows, 7) == every


@pytest.mark.parametrize("cursor", ["garbage", "W10", "WyJ4Il0", "e30"])
def test_a_cursor_not_given_out_is_refused(city, cursor):
    with pytest.raises(ValidationFailed) as refused:
        page_window(ServiceItem.objects.all(), 1, cursor, 10)
    assert refused.value.problems[0].field == "cursor"


@pytest.mark.parametrize(
    ("query", "field", "rule"),
    [
        ({"page": "99999999999999999999999"}, "page", None),
        ({"page": "0"}, "page", None),
        ({"page": "abc"}, "page", None),
        ({"page": "7"}, "page", "range"),
        ({"cursor": "not-a-cursor"}, "cursor", "format"),
        ({"cursor": "x" * 700}, "cursor", None),
    ],
)
def test_the_api_names_the_bad_parameter(city, query, field, rule):
    answer = city.client(language="zh-hans").get("/api/catalog/items", query)
    assert answer.status_code == 422, answer.content
    problems = answer.json()["error"]["details"]["fields"]
    assert [p["field"] for p in problems] == [field]
    if rule:
        assert problems[0]["rule"] == rule


def test_the_api_answers_count_capped_and_next_cursor(city):
    body = city.client().get("/api/regions", {"page": 1}).json()
    assert body["count"] == len(body["items"]) and body["count_capped"] is False
    assert body["next_cursor"] is None


@pytest.mark.parametrize("page", ["99999999999999999999999", "abc", "0", "40"])
def test_a_list_page_names_a_bad_page_number(city, page):
    answer = city.client("clerk.hudai", "zh-hans").get("/people/", {"page": page})
    assert answer.status_code == 422
    assert "页" in answer.content.decode()


def test_a_large_count_reads_10000_plus(city, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    html = city.client("clerk.hudai", "en").get("/people/").content.decode()
    assert "3+ records" in html


# --- a list that is the OR of parts, read part by part -----------------------------------


def _overlapping_parts():
    """Three parts of the catalogue that overlap (the items of two departments, and those
    of the category of one of the first department's items): the OR, and the parts."""
    from django.db.models import Count, Q

    busiest = list(
        ServiceItem.objects.values_list("department", flat=True)
        .annotate(n=Count("id"))
        .order_by("-n")[:2]
    )
    shared = ServiceItem.objects.filter(department=busiest[0]).first().category_id
    parts = [Q(department_id=busiest[0]), Q(department_id=busiest[1]), Q(category_id=shared)]
    whole = Q()
    for part in parts:
        whole |= part
    return whole, parts


@pytest.mark.parametrize("ordering", [("-promised_days",), ("code",), ()])
def test_a_list_of_parts_pages_as_the_or_does(city, ordering):
    whole, parts = _overlapping_parts()
    rows = ServiceItem.objects.filter(whole).order_by(*ordering)
    any_of = pagination.AnyOf(
        rows, [ServiceItem.objects.filter(p).order_by(*ordering) for p in parts]
    )
    every = codes(Keyset.of(rows).order(rows))
    assert 10 < len(every) < ServiceItem.objects.count()  # parts that overlap, not all
    assert pagination.capped_count(any_of) == (len(every), False)
    by_number, n = [], 1
    while (n - 1) * 6 < len(every):
        window = page_window(any_of, n, None, 6)
        assert (window.count, window.capped) == (len(every), False)
        by_number += codes(window.items)
        n += 1
    assert by_number == every
    assert walked_by_cursor(any_of, 5) == every
    with pytest.raises(ValidationFailed) as past:
        page_window(any_of, n + 1, None, 6)
    assert [(p.field, p.rule) for p in past.value.problems] == [("page", "range")]


def test_a_list_of_parts_caps_its_count(city, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 9)
    whole, parts = _overlapping_parts()
    any_of = pagination.AnyOf(
        ServiceItem.objects.filter(whole), [ServiceItem.objects.filter(p) for p in parts]
    )
    assert pagination.capped_count(any_of) == (9, True)
    assert len(page_window(any_of, 1, None, 5).items) == 5
    with pytest.raises(ValidationFailed) as deep:
        page_window(any_of, 3, None, 5)
    assert [(p.field, p.rule) for p in deep.value.problems] == [("page", "too_deep")]


def test_a_list_page_reads_a_list_of_parts(city):
    from django.core.paginator import Paginator

    whole, parts = _overlapping_parts()
    rows = ServiceItem.objects.filter(whole).order_by("code")
    any_of = pagination.AnyOf(rows, [ServiceItem.objects.filter(p).order_by("code") for p in parts])
    paginator = pagination.CappedPaginator(any_of, 4)
    assert codes(paginator.page(2).object_list) == codes(Paginator(rows, 4).page(2).object_list)


def test_an_unknown_filter_is_refused_naming_it(city):
    client = city.client(language="en")
    answer = client.get("/api/catalog/items", {"q": "社保", "departmnet": "WX-RS"})
    assert answer.status_code == 422, answer.content
    problems = answer.json()["error"]["details"]["fields"]
    assert [(p["field"], p["rule"]) for p in problems] == [("departmnet", "unknown")]
    assert "department" in problems[0]["message"]  # the list's own parameters are named
    assert client.get("/api/catalog/items", {"q": "社保", "page": 1}).status_code == 200


def test_every_paginated_list_refuses_an_unknown_filter(city):
    from onething.config.api import api

    schema = api.get_openapi_schema()
    lists = [
        path
        for path, operations in schema["paths"].items()
        if "{" not in path
        and any(p["name"] == "cursor" for p in operations.get("get", {}).get("parameters", []))
    ]
    assert len(lists) >= 15
    client = city.client("supervisor", "zh-hans")
    refused = {}
    for path in lists:
        answer = client.get(path, {"no_such_filter": "1"})
        if answer.status_code in (401, 403):  # not the supervisor's list
            continue
        refused[path] = (answer.status_code, answer.json()["error"]["details"]["fields"][0])
    assert len(refused) >= 8 and all(
        status == 422 and problem["field"] == "no_such_filter"
        for status, problem in refused.values()
    ), refused


def test_a_list_of_parts_sorted_through_a_nullable_field_pages_by_number(city):
    whole, parts = _overlapping_parts()
    ordering = ("-licence_valid_years", "code")  # nullable: sorted, but not resumable
    rows = ServiceItem.objects.filter(whole).order_by(*ordering)
    assert Keyset.of(rows) is None and rows.filter(licence_valid_years__isnull=True).exists()
    assert rows.exclude(licence_valid_years__isnull=True).exists()
    any_of = pagination.AnyOf(
        rows, [ServiceItem.objects.filter(p).order_by(*ordering) for p in parts]
    )
    pages = [page_window(any_of, n, None, 4) for n in range(1, -(-rows.count() // 4) + 1)]
    assert [c for w in pages for c in codes(w.items)] == codes(rows)
    assert all(w.next_cursor is None for w in pages)
    with pytest.raises(ValidationFailed) as refused:
        page_window(any_of, 1, "eyJ4IjoxfQ", 4)
    assert [(p.field, p.rule) for p in refused.value.problems] == [("cursor", "unsupported")]
