"""Valid synthetic identities for the demo city, generators and tests: resident ID numbers
(check character by ``stdnum.cn.ric``, region valid at birth), unified social credit codes
(``stdnum.cn.uscc``), phone numbers and Chinese names; and a service item drawn by category.
Deterministic for a given Random."""

from __future__ import annotations

import datetime as dt
import random

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

FAMILY = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢钱顾华"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文斌宏锦坤燕琴福昌洪健"
    "晓雯雪梅俊杰子涵浩然欣怡"
)
# Counties whose codes have been stable since before 1960 are preferred for birth places.
BIRTH_COUNTIES = ["320281", "320282", "320211", "320206", "320205", "320412", "320481", "320583"]


def resident_id(rng: random.Random, counties: list[str] | None = None) -> str:
    """A valid 18-character resident ID number, born 1955–2005."""
    while True:
        county = rng.choice(counties or BIRTH_COUNTIES)
        born = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(365 * 50))
        body = f"{county}{born:%Y%m%d}{rng.randrange(1000):03d}"
        number = body + ric.calc_check_digit(body + "0")
        try:
            ric.validate(number)
        except ValidationError:
            continue  # the county did not exist under that code in the birth year
        return number


def credit_code(rng: random.Random, region: str = "320200", kind: str = "91") -> str:
    """A valid unified social credit code: authority+kind, region, organisation code, check."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = kind + region + "".join(rng.choice(alphabet) for _ in range(9))
    code = body + uscc.calc_check_digit(body)
    uscc.validate(code)
    return code


def mobile(rng: random.Random) -> str:
    return rng.choice(["138", "139", "150", "151", "136", "187", "189", "177"]) + "".join(
        str(rng.randrange(10)) for _ in range(8)
    )


def chinese_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
    return rng.choice(FAMILY) + given


def item_by_category(
    rng: random.Random, codes: list[str], category_of: dict[str, str], weight: dict[str, float]
) -> str:
    """One of ``codes`` (sorted): each category is drawn by its ``weight`` (0.5 when not
    named), then an item evenly within it."""
    listed = sorted(codes)
    per_category: dict[str, int] = {}
    for code in listed:
        per_category[category_of[code]] = per_category.get(category_of[code], 0) + 1
    weights = [weight.get(category_of[c], 0.5) / per_category[category_of[c]] for c in listed]
    return rng.choices(listed, weights)[0]
