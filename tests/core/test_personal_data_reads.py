"""Reading personal data: a full read needs a stated purpose (API and page, nothing read
or audited when refused), a look-up that finds nobody is audited without the number, and
each account's look-ups by ID number are rate-limited (429 with Retry-After, the refusal
audited once, other accounts unaffected)."""

import random

import pytest

from onething.core.generate import resident_id
from onething.core.models import AuditEntry


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def reads():
    return AuditEntry.objects.filter(action="pii.read").count()


@pytest.mark.parametrize("purpose", [None, "", "   ", "ab", "核"])
def test_api_reveal_without_a_purpose_is_422_and_not_read(city, purpose):
    person = city.hudai_person
    before = reads()
    data = {"field": "id_number"} | ({} if purpose is None else {"purpose": purpose})
    answer = post(city.client("clerk.hudai"), f"/api/people/{person.pk}/reveal", data)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert "value" not in answer.json()
    [problem] = error["details"]["fields"]
    assert problem["field"] == "purpose"
    assert problem["rule"] == ("min_length" if (purpose or "").strip() else "required")
    assert reads() == before


def test_api_reveal_purpose_too_long_is_422(city):
    answer = post(
        city.client("clerk.hudai"),
        f"/api/people/{city.hudai_person.pk}/reveal",
        {"field": "id_number", "purpose": "核" * 301},
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["fields"][0]["field"] == "purpose"


def test_page_reveal_refuses_blank_and_too_short_purpose_in_chinese(city):
    client = city.client("clerk.hudai")
    url = f"/people/{city.hudai_person.pk}/"
    before = reads()
    for purpose in ["", "   ", "ab"]:
        page = client.post(url, {"field": "id_number", "purpose": purpose})
        assert page.status_code == 422, purpose
        assert 'class="error"' in page.content.decode()
    short = client.post(url, {"field": "id_number", "purpose": "ab"}).content.decode()
    assert "请更具体地说明查看完整号码的事由" in short
    assert reads() == before
    assert client.post(url, {"field": "id_number", "purpose": "核验"}).status_code == 200
    assert reads() == before + 1


def test_lookup_miss_is_audited_without_the_number(city):
    number = resident_id(random.Random(4711))
    answer = post(city.client("clerk.hudai"), "/api/people/lookup", {"id_number": number})
    assert answer.status_code == 404
    entry = AuditEntry.objects.filter(action="person.lookup_miss").latest("id")
    assert entry.actor.username == "clerk.hudai"
    assert entry.after["found"] is False
    assert entry.after["id_number"] == number[:4] + "*" * 10 + number[-4:]
    stored = " ".join(str(v) for v in [entry.before, entry.after, entry.note, entry.subject_id])
    assert number not in stored and number[4:14] not in stored


@pytest.fixture
def two_per_minute(settings):
    settings.ONETHING_LOOKUPS_PER_MINUTE = 2
    settings.ONETHING_LOOKUPS_PER_DAY = 100


def test_lookups_past_the_limit_answer_429_and_the_refusal_is_audited_once(city, two_per_minute):
    rng = random.Random(5)
    clerk = city.client("clerk.hudai")
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for _ in range(2):
        assert post(clerk, "/api/people/lookup", {"id_number": resident_id(rng)}).status_code == 404
    refused = post(clerk, "/api/people/lookup", {"id_number": resident_id(rng)})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert "过于频繁" in refused.json()["error"]["message"]
    again = post(clerk, "/api/people/lookup", {"id_number": resident_id(rng)})
    assert again.status_code == 429
    # only this test's entries: the city it runs on may hold earlier look-ups of its own
    refusals = AuditEntry.objects.filter(pk__gt=before, action="person.lookup_refused")
    assert refusals.count() == 1
    assert refusals.get().actor.username == "clerk.hudai"
    # a refused look-up looks nobody up: only the two allowed ones are audited as misses
    misses = AuditEntry.objects.filter(
        pk__gt=before, action="person.lookup_miss", actor__username="clerk.hudai"
    )
    assert misses.count() == 2


def test_another_account_is_not_limited(city, two_per_minute):
    rng = random.Random(6)
    first = city.client("clerk.hudai")
    for _ in range(3):
        post(first, "/api/people/lookup", {"id_number": resident_id(rng)})
    assert post(first, "/api/people/lookup", {"id_number": resident_id(rng)}).status_code == 429
    other = city.client("clerk.xueyan")
    assert post(other, "/api/people/lookup", {"id_number": resident_id(rng)}).status_code == 404
