"""Shared fixtures of the dashboard's tests: an anonymous client, the open data API read
as JSON, and a case submitted through the API as an applicant does it."""

import pytest

from tests.cases.conftest import FORM, ITEM, Api

OPEN_DATA = "/api/open-data"


@pytest.fixture
def anonymous(city):
    """A client nobody signed in to (Chinese unless told otherwise)."""
    return lambda language="zh-hans": city.client(language=language)


@pytest.fixture
def open_data(anonymous):
    """``open_data(dataset, **filters)``: the JSON answer of the open data API (asserts 200)."""

    def read(dataset, language="en", **filters):
        answer = anonymous(language).get(f"{OPEN_DATA}/{dataset}", filters)
        assert answer.status_code == 200, answer.content
        return answer.json()

    return read


@pytest.fixture
def submit(city):
    """``submit()``: one more online application by 张伟 for 个体工商户设立登记, made through
    the API (POST /api/cases) with its materials; returns the case as the API shows it."""

    def make():
        zhang = Api(city, "zhangwei")
        ids = zhang.uploads("id-card", "application-form", "premises-proof")
        answer = zhang.post("/api/cases", {"item_code": ITEM, "form": FORM, "materials": ids})
        assert answer.status_code == 201, answer.content
        return zhang.get(answer["Location"]).json()

    return make
