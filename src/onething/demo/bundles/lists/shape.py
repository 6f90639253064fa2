"""How the demo writes a one-thing's definition: ``one_thing`` and ``step`` give the dict
``bundle_save`` takes (every key present, as ``bundle_row`` shows it once saved)."""

from __future__ import annotations

from collections.abc import Sequence

CITY_CODE = "320200"  # the one-things the city issues: YJS-320200-<QY|GR>-<nnn>


def step(
    key: str,
    item: str,
    *,
    after: Sequence[str] = (),
    concludes_after: Sequence[str] = (),
) -> dict:
    """A step on item ``320200-<item>``, starting after the steps ``after`` (their
    approval), or reviewed beside ``concludes_after`` and concluded after them."""
    return {
        "key": key,
        "item_code": f"{CITY_CODE}-{item}",
        "after": list(after),
        "concludes_after": list(concludes_after),
        "waits_for_milestone": False,
        "outputs": [],
        "checks": [],
    }


def one_thing(
    code: str,
    name: str,
    audience: str,
    description: str,
    steps: list[dict],
    *,
    level: str,
    listed_in: str = "",
) -> dict:
    """A definition: ``code`` as ``QY-001`` / ``GR-001`` (the city's prefix added)."""
    return {
        "code": f"YJS-{CITY_CODE}-{code}",
        "name": name,
        "audience": audience,
        "level": level,
        "listed_in": listed_in,
        "description": description,
        "milestone": "",
        "is_active": True,
        "steps": steps,
    }
