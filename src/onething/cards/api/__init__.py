"""The API of the honour cards: one router per area, joined here."""

from ninja import Router

from . import (
    batches,
    cards,
    certificates,
    desk,
    figures,
    gates,
    pool,
    registry,
    settlement,
    venues,
)

router = Router()
for module in (
    registry,
    cards,
    batches,
    certificates,
    venues,
    gates,
    desk,
    pool,
    settlement,
    figures,
):
    router.add_router("/", module.router)
