"""A scoring device's score is one statement (docs/performance.md, "City management over
HTTP"): its token → point is cached, the criteria and the street's trailing mean too, and
the score is one ``INSERT … ON CONFLICT DO NOTHING RETURNING id`` carrying its idempotency
key. A retry, a key used for another request and a second score of the day each read once
more; the refusal is counted. Fails when someone adds a query to the hot path."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from onething.citymgmt.models import ScoreRefusal, StreetScore
from onething.citymgmt.services.scoring import scoring_point_token_issue
from onething.core import clock
from tests.citymgmt import world_scoring
from tests.citymgmt.world_scoring import GOOD, at

pytestmark = pytest.mark.django_db
NOW = at("2021-11-15", 10)
URL = "/api/citymgmt/scores"


@pytest.fixture
def w(city):
    with clock.frozen(NOW):
        yield world_scoring.build(city)


def _post(client: Client, body: dict, key: str | None = None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    with clock.frozen(NOW):
        return client.post(URL, json.dumps(body), content_type="application/json", **headers)


def _device(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="zh-hans")


def _written(captured) -> list[str]:
    """The statements run, but a test's own savepoints (the test runs in a transaction)."""
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"].upper()]


def test_a_device_score_is_one_statement(w):
    client = _device(w.token)
    assert _post(client, {"marks": GOOD, "voter": "R0"}, "k-0").status_code == 201  # warm
    with CaptureQueriesContext(connection) as captured:
        answer = _post(client, {"marks": GOOD, "voter": "R1"}, "k-1")
    assert answer.status_code == 201, answer.content
    sql = _written(captured)
    assert len(sql) == 1, sql
    assert sql[0].upper().startswith("INSERT") and "ON CONFLICT" in sql[0].upper()
    assert len(captured.captured_queries) == 1  # no savepoint either
    assert answer.json()["street_name"] == "春潮菜场支路"
    stored = StreetScore.objects.get(pk=answer.json()["id"])
    assert stored.request_key == "k-1" and stored.point_id == w.device.pk
    # without a key: one statement as well
    with CaptureQueriesContext(connection) as captured:
        assert _post(client, {"marks": GOOD, "voter": "R2"}).status_code == 201
    assert len(captured.captured_queries) == 1


def test_a_retry_reads_the_first_score_once(w):
    client = _device(w.token)
    first = _post(client, {"marks": GOOD, "voter": "R1"}, "k-1")
    with CaptureQueriesContext(connection) as captured:
        again = _post(client, {"marks": GOOD, "voter": "R1"}, "k-1")
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["marks"] == first.json()["marks"] == GOOD
    assert len(_written(captured)) == 2  # the INSERT that did nothing, the SELECT
    reused = _post(client, {"marks": {**GOOD, "sanitation": 1}, "voter": "R1"}, "k-1")
    assert reused.status_code == 409
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    other_voter = _post(client, {"marks": GOOD, "voter": "R2"}, "k-1")
    assert other_voter.status_code == 409
    assert other_voter.json()["error"]["code"] == "idempotency_key_reused"
    assert StreetScore.objects.count() == 1 and not ScoreRefusal.objects.exists()


def test_a_retry_without_a_resident_id_answers_the_first_score(w):
    client = _device(w.token)
    first = _post(client, {"marks": GOOD}, "anon-1")
    again = _post(client, {"marks": GOOD}, "anon-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    # without a key, nobody identified: two scores (held by the device's rate only)
    assert _post(client, {"marks": GOOD}).status_code == 201
    assert _post(client, {"marks": GOOD}).status_code == 201
    assert StreetScore.objects.count() == 3


def test_a_second_score_of_the_day_is_refused_and_counted(w):
    client = _device(w.token)
    assert _post(client, {"marks": GOOD, "voter": "r1"}, "k-1").status_code == 201
    with CaptureQueriesContext(connection) as captured:
        again = _post(client, {"marks": GOOD, "voter": "R1"}, "k-2")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_scored_today"
    assert len(_written(captured)) == 3  # the INSERT, the SELECT by key, the refusal counted
    assert ScoreRefusal.objects.get().count == 1 and StreetScore.objects.count() == 1


@override_settings(ONETHING_SCORE_DEVICE_LIMITS=[(1, 60), (600, 86400)])
def test_a_retry_is_answered_even_over_the_rate(w):
    client = _device(w.token)
    first = _post(client, {"marks": GOOD, "voter": "R1"}, "k-1")
    again = _post(client, {"marks": GOOD, "voter": "R1"}, "k-1")
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    refused = _post(client, {"marks": GOOD, "voter": "R2"}, "k-2")
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "device_rate"
    assert ScoreRefusal.objects.get().reason == "device_rate"
    assert StreetScore.objects.count() == 1


def test_an_idempotency_key_is_checked(w):
    client = _device(w.token)
    long = _post(client, {"marks": GOOD, "voter": "R1"}, "k" * 101)
    assert long.status_code == 422
    assert long.json()["error"]["details"]["fields"][0]["field"] == "idempotency_key"
    assert not StreetScore.objects.exists()


def test_a_new_token_stops_the_cached_one_at_once(w):
    client = _device(w.token)
    assert _post(client, {"marks": GOOD, "voter": "R1"}).status_code == 201
    with clock.frozen(NOW):
        token = scoring_point_token_issue(actor=w.office, code=w.device.code)
    assert _post(client, {"marks": GOOD, "voter": "R2"}).status_code == 401
    assert _post(_device(token), {"marks": GOOD, "voter": "R2"}).status_code == 201
