from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from onething.catalog.models import ServiceItem
from onething.catalog.selectors import route
from onething.core import refdata
from onething.core.models import Region
from onething.core.permissions import Actor, visible

from ..models import Alliance, AllianceItem, AllianceMember
from ..rules import AllianceState, Listing, Membership


def alliances_list(actor: Actor) -> QuerySet[Alliance]:
    return visible(actor, Alliance.objects.all()).prefetch_related(
        Prefetch("members", queryset=AllianceMember.objects.select_related("region")),
        Prefetch("items", queryset=AllianceItem.objects.select_related("item__category")),
    )


def state_of(alliance: Alliance) -> AllianceState:
    """The alliance as the pure rules see it (members and listings with their dates)."""
    return AllianceState(
        code=alliance.code,
        name=alliance.name,
        members=tuple(
            Membership(m.region.code, m.joined_on, m.left_on) for m in alliance.members.all()
        ),
        listings=tuple(
            Listing(i.item.code, frozenset(i.modes), i.added_on, i.removed_on)
            for i in alliance.items.all()
        ),
    )


def alliance_states() -> list[tuple[Alliance, AllianceState]]:
    """Every alliance with its state, from the reference-data cache."""
    return refdata.cached("alliances", lambda: [(a, state_of(a)) for a in alliances_list_all()])


def alliance_for(town_a: str, town_b: str, item_code: str, day: dt.date) -> Alliance | None:
    """The alliance through which ``town_a`` and ``town_b`` share the item that day (the
    first one that has both as members and lists the item), else the first alliance that
    has either town, so that its refusal says why."""
    candidates = [
        (alliance, state)
        for alliance, state in alliance_states()
        if any(m.region_code in (town_a, town_b) for m in state.members)
    ]
    for alliance, state in candidates:
        if (
            state.member_on(town_a, day)
            and state.member_on(town_b, day)
            and state.modes_on(item_code, day) is not None
        ):
            return alliance
    return candidates[0][0] if candidates else None


def options_for(item: ServiceItem, home: Region | None, day: dt.date) -> list[dict]:
    """Where an applicant living in ``home`` can have ``item`` handled across towns today:
    per alliance town, the modes, the handling department and the nearest centre."""
    home = home_town(home) if home is not None else None
    options = []
    for alliance in alliances_list_all():
        state = state_of(alliance)
        modes = state.modes_on(item.code, day)
        if modes is None:
            continue
        towns = {m.region.code: m.region for m in alliance.members.all()}
        for code in state.towns_on(day):
            region = towns[code]
            department, center = route(item, region)
            options.append(
                {
                    "alliance": alliance,
                    "town": region,
                    "modes": sorted(modes),
                    "department": department,
                    "center": center,
                    "home": home is not None and home.code == region.code,
                }
            )
    return options


def alliances_list_all() -> QuerySet[Alliance]:
    return Alliance.objects.prefetch_related(
        Prefetch("members", queryset=AllianceMember.objects.select_related("region")),
        Prefetch("items", queryset=AllianceItem.objects.select_related("item")),
    )


def home_town(region: Region) -> Region | None:
    """The town (镇/街道) a region is, or lies in; None above town level."""
    if region.level == "town":
        return region
    codes = [c for c in region.path.strip("/").split("/") if c]
    return Region.objects.filter(code__in=codes, level="town").order_by("-code").first()
