"""Who gets a physical card (劳模卡): the card was made for the city's honorees of municipal
level and above, those entitled to model-worker treatment included (市级及以上劳模（含享受
待遇人员）); a district-level honoree is in the registry and holds a personal code, but no
card. Pure: the levels are the values of ``models.HonourLevel``."""

from __future__ import annotations

CARD_LEVELS: tuple[str, ...] = ("national", "provincial", "municipal", "treated")


def may_hold_card(level: str) -> bool:
    """Does an honoree of this level get a physical card?"""
    return level in CARD_LEVELS
