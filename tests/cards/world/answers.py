"""Asking the API and reading its answers."""

from __future__ import annotations

from django.test import Client


class Api:
    """A JSON client for one account (or nobody)."""

    def __init__(self, city, username: str | None = None, language: str = "en"):
        self.client = city.client(username, language)

    def get(self, url, **params):
        return self.client.get(url, params)

    def post(self, url, data=None, **headers):
        return self.client.post(url, data or {}, content_type="application/json", **headers)


def post(client: Client, url: str, data: dict):
    return client.post(url, data, content_type="application/json")


def fields(answer) -> dict[str, str]:
    """The field → rule of a 422 answer."""
    return {f["field"]: f["rule"] for f in answer.json()["error"]["details"]["fields"]}


def problem_rules(excinfo) -> set[tuple[str, str]]:
    """The (field, rule) pairs of a ValidationFailed caught by ``pytest.raises``."""
    return {(p.field, p.rule) for p in excinfo.value.problems}
