"""The honour cards' configuration in the back office: operators, venues, tariffs and
benefits are saved through their services, so an edit there reaches the gates at the very
next swipe; the service's problems show beside the fields with nothing written; a tariff
once saved is only read; nobody but an administrator gets in."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.cards.admin import ConfigurationAdmin
from onething.cards.models import Benefit, Operator, Tariff, Venue
from onething.core.admin import ServiceSavedAdmin
from onething.core.models import AuditEntry

from .world import METRO, NOW, SCENIC

BENEFITS, TARIFFS = "/admin/cards/benefit/", "/admin/cards/tariff/"


def benefit_form(benefit: Benefit, **changes) -> dict:
    """The change form of ``benefit`` as the page posts it, with ``changes``."""
    data = {
        "name": benefit.name,
        "venue": benefit.venue_id,
        "levels": list(benefit.levels),
        "kind": benefit.kind,
        "discount_percent": benefit.discount_percent,
        "funded_by": benefit.funded_by,
        "visit_cap_fen": benefit.visit_cap_fen or "",
        "daily_cap": benefit.daily_cap or "",
        "monthly_cap": benefit.monthly_cap or "",
        "voice_prompt": benefit.voice_prompt,
        "valid_from": benefit.valid_from.isoformat(),
        "valid_to": "",
    }
    return {**data, **changes}


def tariff_form(venue_code: str, price_fen: int, valid_from: dt.date, valid_to="") -> dict:
    return {
        "venue": Venue.objects.get(code=venue_code).pk,
        "price_fen": price_fen,
        "valid_from": valid_from.isoformat(),
        "valid_to": valid_to,
    }


def test_a_benefit_edited_in_the_admin_is_applied_by_the_next_swipe(network, city):
    _honoree, card = network.honoree("treated")
    assert network.swipe("t-ytz-01", card).reason == "no_benefit"  # the rules now cached
    benefit = Benefit.objects.get(venue__code=SCENIC)
    answer = city.client("admin", "en").post(
        f"{BENEFITS}{benefit.pk}/change/",
        benefit_form(
            benefit, levels=[*benefit.levels, "treated"], voice_prompt="劳模专享", daily_cap=2
        ),
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    swipe = network.swipe("t-ytz-01", card)
    assert (swipe.allowed, swipe.voice, swipe.amount_fen) == (True, "劳模专享", 9000)
    assert network.swipe("t-ytz-01", card).allowed  # the cap is two a day now
    assert network.swipe("t-ytz-01", card).reason == "daily_cap"
    (entry,) = AuditEntry.objects.filter(
        action="benefit.save", subject_id=str(benefit.pk), actor_label__startswith="admin"
    )  # one: the rehearsal of the service's checks left nothing behind
    assert (entry.before["voice_prompt"], entry.after["voice_prompt"]) == ("关爱卡", "劳模专享")


def test_a_tariff_added_in_the_admin_is_charged_from_the_next_swipe(network, city):
    _honoree, card = network.honoree()
    assert network.swipe("t-metro-01", card).amount_fen == 300
    answer = city.client("admin", "en").post(f"{TARIFFS}add/", tariff_form(METRO, 450, NOW.date()))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert network.swipe("t-metro-01", card).amount_fen == 450
    periods = Tariff.objects.filter(venue__code=METRO).order_by("valid_from")
    assert [(t.valid_from, t.valid_to, t.price_fen) for t in periods] == [
        (dt.date(2025, 1, 1), NOW.date() - dt.timedelta(days=1), 300),  # closed by tariff_set
        (NOW.date(), None, 450),
    ]
    assert AuditEntry.objects.filter(action="tariff.close").exists()
    assert AuditEntry.objects.filter(action="tariff.set", actor_label__startswith="admin").exists()


def test_the_services_problems_show_beside_the_fields_and_nothing_is_written(network, city):
    client = city.client("admin", "en")
    tariffs, audited = Tariff.objects.count(), AuditEntry.objects.count()
    overlap = tariff_form(METRO, 450, dt.date(2024, 6, 1), valid_to="2025-06-30")
    answer = client.post(f"{TARIFFS}add/", overlap)
    assert answer.status_code == 200
    assert "already covers part of this period" in answer.content.decode()
    benefit = Benefit.objects.get(venue__code=METRO)
    bad = benefit_form(benefit, discount_percent=50, monthly_cap=0)
    answer = client.post(f"{BENEFITS}{benefit.pk}/change/", bad)
    assert answer.status_code == 200
    errors = answer.context["adminform"].form.errors
    assert set(errors) == {"discount_percent", "monthly_cap"}
    assert "paid in full by the union" in errors["discount_percent"][0]
    assert Tariff.objects.count() == tariffs and AuditEntry.objects.count() == audited
    benefit.refresh_from_db()
    assert (benefit.discount_percent, benefit.monthly_cap) == (100, None)


def test_operators_and_venues_are_saved_by_their_services(network, city):
    client = city.client("admin", "en")
    made = client.post(
        "/admin/cards/operator/add/", {"code": "t-clinic", "name": "社区医院", "kind": "hospital"}
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    operator = Operator.objects.get(code="t-clinic")
    assert AuditEntry.objects.filter(action="operator.save", subject_id=str(operator.pk)).exists()
    moved = client.post(
        f"/admin/cards/venue/{Venue.objects.get(code=SCENIC).pk}/change/",
        {"code": "renamed", "name": "鼋头渚景区", "operator": operator.pk},
    )
    assert moved.status_code == 302, moved.content.decode()[:2000]
    venue = Venue.objects.get(code=SCENIC)  # the code is the key: it stays
    assert (venue.name, venue.operator.code) == ("鼋头渚景区", "t-clinic")
    assert network.client("t-ytz-01").get("/api/gate/me").json()["venue"]["name"] == "鼋头渚景区"
    bad = client.post("/admin/cards/operator/add/", {"code": "Bad Code", "name": "", "kind": "x"})
    assert bad.status_code == 200 and not Operator.objects.filter(name="").exists()


def test_a_tariff_once_saved_is_only_read(network, city):
    client = city.client("admin", "en")
    tariff = Tariff.objects.get(venue__code=METRO)
    url = f"{TARIFFS}{tariff.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="price_fen"' not in page.content.decode()
    refused = client.post(url, tariff_form(METRO, 1, dt.date(2025, 1, 1)))
    assert refused.status_code == 403
    tariff.refresh_from_db()
    assert tariff.price_fen == 300


def test_only_an_administrator_gets_in(network, city):
    benefit = Benefit.objects.get(venue__code=METRO)
    for username in ("union", "zhangwei", None):
        client = city.client(username, "en")
        assert client.get(BENEFITS).status_code == 302  # to the admin's sign-in
        answer = client.post(f"{BENEFITS}{benefit.pk}/change/", benefit_form(benefit, name="x"))
        assert answer.status_code == 302
    benefit.refresh_from_db()
    assert benefit.name == "地铁免费乘车"
    assert city.client("admin", "en").get(BENEFITS).status_code == 200


def test_every_configuration_screen_opens(network, city):
    client = city.client("admin", "en")
    for model in (Operator, Venue, Tariff, Benefit):
        base = f"/admin/cards/{model._meta.model_name}/"
        assert client.get(base).status_code == 200
        assert client.get(f"{base}add/").status_code == 200
        assert client.get(f"{base}{model.objects.first().pk}/change/").status_code == 200


def test_an_admin_that_saves_through_no_service_is_refused_when_made():
    with pytest.raises(TypeError, match="must define service_save"):
        type("RawAdmin", (ServiceSavedAdmin,), {"__module__": __name__})
    with pytest.raises(TypeError, match="must define write"):
        type("UnwrittenAdmin", (ConfigurationAdmin,), {"__module__": __name__})
