"""The public pages, no sign-in: a licence's verification page, and tracking a case by its
number and the last six characters of the applicant's ID number."""

import pytest
from django.core.cache import cache

from onething.cases.models import Licence
from onething.core.crypto import keyring

from .conftest import ITEM


@pytest.fixture(autouse=True)
def _no_throttle_left_over():
    cache.clear()
    yield
    cache.clear()


def test_a_licence_is_verified_without_signing_in(city, licensed):
    licence = Licence.objects.select_related("case__applicant").get(case=licensed)
    page = city.client(language="en").get(f"/licences/verify/{licence.verify_code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-state="valid"' in html and licence.number in html and "营业执照" in html
    name = licence.case.applicant.name
    assert name not in html and f"{name[0]}*" in html
    assert licence.case.department.name in html  # the issuing (handling) department


def test_an_unknown_or_revoked_licence(city, licensed):
    assert city.client().get("/licences/verify/not-a-code/").status_code == 404
    licence = Licence.objects.get(case=licensed, item__code=ITEM)
    Licence.objects.filter(pk=licence.pk).update(revoked_at=licence.issued_at)
    html = city.client().get(f"/licences/verify/{licence.verify_code}/").content.decode()
    assert 'data-state="revoked"' in html


def _suffix(case):
    return keyring().decrypt(case.applicant.id_number_cipher, "person.id_number")[-6:]


def test_a_walk_in_tracks_a_case_without_an_account(city, walk_in):
    case = walk_in
    client = city.client(language="en")
    assert client.get("/track/").status_code == 200
    page = client.post("/track/", {"number": case.number, "id_suffix": _suffix(case).lower()})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-status="{case.status}"' in html
    assert case.applicant.name not in html and case.applicant.id_number_masked not in html
    assert case.item.name not in html  # status and deadline only


def test_a_wrong_pair_answers_like_a_missing_number(city, walk_in):
    case = walk_in
    client = city.client(language="en")
    wrong_digit = "0" if _suffix(case)[0] != "0" else "1"
    wrong = client.post(
        "/track/", {"number": case.number, "id_suffix": wrong_digit + _suffix(case)[1:]}
    )
    missing = client.post("/track/", {"number": "320211102-20000101-999999", "id_suffix": "123456"})
    assert wrong.status_code == missing.status_code == 404

    def message(answer):
        html = answer.content.decode()
        start = html.index('data-testid="form-errors"')
        return html[start : html.index("</p>", start)]

    assert message(wrong) == message(missing)
    assert case.number not in message(wrong)
    short = client.post("/track/", {"number": case.number, "id_suffix": "123"})
    assert short.status_code == 422 and 'data-field="id_suffix"' in short.content.decode()


def test_guessing_is_slowed_down(city):
    client = city.client(language="en")
    for _ in range(10):
        client.post("/track/", {"number": "X", "id_suffix": "123456"}, REMOTE_ADDR="10.0.0.9")
    blocked = client.post("/track/", {"number": "X", "id_suffix": "123456"}, REMOTE_ADDR="10.0.0.9")
    assert blocked.status_code == 429 and 'data-testid="blocked"' in blocked.content.decode()
    other = client.post("/track/", {"number": "X", "id_suffix": "123456"}, REMOTE_ADDR="10.0.0.10")
    assert other.status_code == 404
