"""Helpers for the appeals API tests: a JSON client per account and fresh appeals made
through the API (each test makes its own, so none depends on the demo history's counts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from onething.appeals.models import Appeal

# A streetlight out in 胡埭镇: no rule for the town's streetlights, so the general one
# (WX-CG, 无锡市城市管理局) takes it.
STREETLIGHT = {
    "type": "demand",
    "category": "streetlight",
    "title": "鸿翔路路灯不亮",
    "text": "胡埭镇鸿翔路东段的路灯连续三个晚上不亮，夜里行人和电动车看不清路。",
    "region": "320211102",
    "contact_name": "张伟",
    "contact_phone": "13812345678",
}
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(day: str, hour: int = 10) -> dt.datetime:
    """An aware moment on ``day`` (YYYY-MM-DD), Shanghai time."""
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


class Api:
    """A client for one account (anonymous when ``username`` is None), speaking JSON."""

    def __init__(self, city, username: str | None, language: str = "en") -> None:
        self.client: Client = city.client(username, language)

    def post(self, url: str, data: Any = None, **headers):
        return self.client.post(url, data or {}, content_type="application/json", **headers)

    def get(self, url: str, **params):
        return self.client.get(url, params)

    def multipart(self, url: str, data: dict, **headers):
        return self.client.post(url, data, **headers)

    def submit(self, **fields) -> dict:
        """File an appeal (the streetlight unless ``fields`` say otherwise); its detail."""
        answer = self.post("/api/appeals", {**STREETLIGHT, **fields})
        assert answer.status_code == 201, answer.content
        return self.get(answer["Location"]).json()

    def detail(self, number: str) -> dict:
        answer = self.get(f"/api/appeals/{number}")
        assert answer.status_code == 200, answer.content
        return answer.json()

    def act(self, number: str, action: str, data: Any = None, status: int = 200) -> dict:
        answer = self.post(f"/api/appeals/{number}/{action}", data)
        assert answer.status_code == status, answer.content
        return answer.json()


def fields_of(answer) -> dict[str, str]:
    """{field: rule} of a 422 answer."""
    assert answer.status_code == 422, answer.content
    body = answer.json()["error"]
    assert body["code"] == "validation_failed"
    return {f["field"]: f["rule"] for f in body["details"]["fields"]}


def error_code(answer, status: int) -> str:
    assert answer.status_code == status, answer.content
    return answer.json()["error"]["code"]


def appeal_count() -> int:
    return Appeal.objects.count()
