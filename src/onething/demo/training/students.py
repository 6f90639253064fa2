"""The students who applied since 2021 (about 20,000 people), as the institute registered
them: a name and a valid resident ID number (born 1998–2006, in a county of the universities'
provinces), sealed like every person of the platform (``sealed_person``) and written in bulk.
Deterministic; a number already registered in the city (or drawn twice) is drawn again.

The ID numbers are made with their check character only: the birth counties are checked
once against ``stdnum``'s register for the birth years (``core.generate.resident_id``
checks each number, 0.4 ms apiece — 8 s for the demo's students)."""

from __future__ import annotations

import datetime as dt
import random

from stdnum.cn import ric

from onething.core.bulk import reserve_ids
from onething.core.crypto import keyring
from onething.core.generate import chinese_name
from onething.core.identity import PII_FIELDS
from onething.core.models import Person, Region
from onething.core.services.parties import sealed_person

from .writes import insert

BORN = (dt.date(1998, 1, 1), dt.date(2006, 12, 31))
# counties of the universities' cities (北京, 上海, 兰州, 西安, 武汉, 成都, 南京, 杭州, 合肥,
# 大连, 广州, 济南, 重庆, 长沙, 宝鸡, 无锡, 苏州)
COUNTIES = (
    "110101",
    "310104",
    "620102",
    "610113",
    "420111",
    "510107",
    "320102",
    "330106",
    "340104",
    "210202",
    "440106",
    "370102",
    "500103",
    "430104",
    "610302",
    "320211",
    "320585",
)
COLUMNS = (
    "id",
    "name",
    "id_number_cipher",
    "id_number_digest",
    "id_number_masked",
    "phone_cipher",
    "phone_digest",
    "phone_masked",
    "region_id",
    "created_at",
)


def _counties() -> list[str]:
    """The counties whose code is valid for every birth year."""
    valid = []
    for county in COUNTIES:
        try:
            for year in range(BORN[0].year, BORN[1].year + 1):
                body = f"{county}{year}0101001"
                ric.validate(body + ric.calc_check_digit(body + "0"))
        except ValueError:
            continue
        valid.append(county)
    return valid


def id_numbers(rng: random.Random, n: int, taken: set[str]) -> list[tuple[str, str]]:
    """``n`` distinct (ID number, its keyed hash), none of whose hash is in ``taken``."""
    counties = _counties()
    span = (BORN[1] - BORN[0]).days
    label = PII_FIELDS["id_number"]
    ring = keyring()
    found: list[tuple[str, str]] = []
    seen = set(taken)
    while len(found) < n:
        born = BORN[0] + dt.timedelta(days=rng.randrange(span))
        body = f"{rng.choice(counties)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        number = body + ric.calc_check_digit(body + "0")
        digest = ring.digest(number, label)
        if digest not in seen:
            seen.add(digest)
            found.append((number, digest))
    return found


def register_students(
    rng: random.Random, registered_at: list[dt.datetime], region_code: str
) -> list[int]:
    """One person for each moment of ``registered_at`` (their first application), written
    in bulk; their ids in the same order."""
    region = Region.objects.get(code=region_code)
    taken = set(Person.objects.values_list("id_number_digest", flat=True))
    numbers = id_numbers(rng, len(registered_at), taken)
    ids = reserve_ids(Person, len(registered_at))
    rows = []
    for pk, (number, _digest), when in zip(ids, numbers, registered_at, strict=True):
        person = sealed_person(chinese_name(rng), number, region)
        rows.append(
            (
                pk,
                person.name,
                person.id_number_cipher,
                person.id_number_digest,
                person.id_number_masked,
                "",
                "",
                "",
                region.pk,
                when,
            )
        )
    insert(Person, COLUMNS, rows)
    return ids
