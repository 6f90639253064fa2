"""What the swipes need, made through the cards services as union staff would: an operator,
a venue with its tariff and a free-ride benefit without a cap, ``GATES`` gates with their
accounts and tokens, ``HONOREES`` honorees each with an active card bound to a transit card;
and wrk's data file."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from gate_swipe import GATES, HONOREES, OPERATOR, PRICE_FEN, VENUE

LEVELS = ["national", "provincial", "municipal", "treated"]
REGION = "320211102"  # 胡埭镇 (demo city)


def build() -> tuple[list[str], list[str]]:
    """The venue and its gates, the honorees and their cards: (gate tokens, transit
    numbers). The demo's union staff account does it all (the cards demo is not needed)."""
    from django.db.models import Max

    from onething.cards.models import IssuanceBatch
    from onething.cards.services.cards import card_batch_create, card_issue
    from onething.cards.services.gates import gate_register
    from onething.cards.services.registry import honoree_register
    from onething.cards.services.venues import benefit_save, operator_save, tariff_set, venue_save
    from onething.core import clock
    from onething.core.generate import chinese_name, resident_id
    from onething.core.models import User
    from onething.core.permissions import actor_for

    union = actor_for(User.objects.get(username="union"))
    operator_save(actor=union, code=OPERATOR, name="无锡地铁集团 (bench)", kind="metro")
    venue_save(actor=union, code=VENUE, name="地铁1号线 (bench)", operator_code=OPERATOR)
    since = clock.today() - dt.timedelta(days=60)
    tariff_set(actor=union, venue_code=VENUE, price_fen=PRICE_FEN, valid_from=since)
    benefit_save(
        actor=union,
        name="地铁免费乘车 (bench)",
        venue_code=VENUE,
        levels=LEVELS,
        kind="free_ride",
        voice_prompt="关爱卡",
        valid_from=since,
    )
    tokens = [
        gate_register(actor=union, code=f"bench-gate-{i:02d}", name=f"闸机 {i}", venue_code=VENUE)[
            1
        ]
        for i in range(GATES)
    ]
    top = IssuanceBatch.objects.aggregate(top=Max("number"))["top"] or 0
    batch = card_batch_create(actor=union, number=top + 1, name="bench")
    rng = random.Random(20260310)
    seen: set[str] = set()
    transit = []
    for i in range(HONOREES):
        number = resident_id(rng)
        while number in seen:
            number = resident_id(rng)
        seen.add(number)
        honoree = honoree_register(
            actor=union,
            name=chinese_name(rng),
            id_number=number,
            region_code=REGION,
            level=LEVELS[i % len(LEVELS)],
            title="无锡市劳动模范",
            year=2015,
        )
        card = card_issue(
            actor=union,
            honoree_id=honoree.pk,
            batch_id=batch.pk,
            number=f"{990000000000 + i}",
            transit_number=f"{3102990000000000 + i}",
        )
        transit.append(card.transit_number)
    return tokens, transit


def write_data(path: Path, tokens: list[str], transit: list[str]) -> None:
    """wrk's data file: the gates' tokens on the first line, the transit numbers on the
    second (space-separated)."""
    path.write_text(f"{' '.join(tokens)}\n{' '.join(transit)}\n", encoding="ascii")
