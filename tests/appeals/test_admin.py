"""Appeals in the back office: the directory is configured here (each save audited, a
category's path following its parent through ``category_save``), an Open311 key is shown
once and kept as a hash, appeals and batches are read-only."""

from __future__ import annotations

import pytest

from onething.appeals.models import (
    Appeal,
    Category,
    Open311Key,
    Policy,
    Programme,
    RoutingRule,
    SupervisionBatch,
    TimeLimit,
)
from onething.appeals.services.open311_keys import open311_client
from onething.core.models import AuditEntry

EDITABLE = [Programme, Category, RoutingRule, Policy]
READ_ONLY = [Appeal, SupervisionBatch]


@pytest.mark.parametrize("model", EDITABLE + READ_ONLY + [TimeLimit, Open311Key])
def test_every_screen_opens(city, model):
    client = city.client("admin", "en")
    base = f"/admin/appeals/{model._meta.model_name}/"
    assert client.get(base).status_code == 200
    first = model.objects.first()
    if first is not None:
        assert client.get(f"{base}{first.pk}/change/").status_code == 200
    assert client.get(f"{base}add/").status_code == (403 if model in READ_ONLY else 200)


def test_moving_a_category_moves_its_subtree(city):
    client = city.client("admin", "en")
    community = Category.objects.get(code="community")
    city_node = Category.objects.get(code="city")
    before = AuditEntry.objects.filter(action="category.save").count()
    answer = client.post(
        f"/admin/appeals/category/{community.pk}/change/",
        {"name": "社区服务", "parent": str(city_node.pk), "keywords": "", "is_active": "on"},
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert Category.objects.get(code="community").path == "/city/community/"
    assert Category.objects.get(code="housing").path == "/city/community/housing/"
    assert AuditEntry.objects.filter(action="category.save").count() == before + 1


def test_a_category_cannot_move_below_itself(city):
    client = city.client("admin", "en")
    community = Category.objects.get(code="community")
    housing = Category.objects.get(code="housing")
    answer = client.post(
        f"/admin/appeals/category/{community.pk}/change/",
        {"name": "社区服务", "parent": str(housing.pk), "keywords": "", "is_active": "on"},
    )
    assert answer.status_code == 200  # the form again, with the refusal
    assert "below itself" in answer.content.decode()
    assert Category.objects.get(code="community").path == "/community/"


def test_an_open311_key_is_shown_once_and_kept_as_a_hash(city):
    client = city.client("admin", "en")
    answer = client.post("/admin/appeals/open311key/add/", {"name": "街道随手拍"}, follow=True)
    assert answer.status_code == 200
    shown = [str(m) for m in answer.context["messages"]]
    key = next(m.rsplit(" ", 1)[-1] for m in shown if "only this once" in m)
    record = Open311Key.objects.get(name="街道随手拍")
    assert key not in (record.digest, record.prefix) and open311_client(key) == record


def test_appeals_are_read_only(city):
    from .api_support import Api

    number = Api(city, "zhangwei").submit()["number"]
    client = city.client("admin", "en")
    appeal = Appeal.objects.get(number=number)
    page = client.get(f"/admin/appeals/appeal/{appeal.pk}/change/").content.decode()
    assert appeal.number in page and 'name="_save"' not in page
    assert "contact_phone_cipher" not in page
    client.post(f"/admin/appeals/appeal/{appeal.pk}/delete/", {"post": "yes"})
    assert Appeal.objects.filter(pk=appeal.pk).exists()
