"""The one-thing list at all three levels (国家 / 省 / 市): the 21 national and 8
provincial key items (重点事项) the city takes on, and the city's own — with the three
story one-things of ``demo.bundles`` (开办餐饮店, national; 股权转让 and 拿地即开工, the
city's), 59 in all (seed 003: "59个'一件事'一次办"; seed 000: "全面承接国家、省部署的重点
事项29项")."""

from __future__ import annotations

from .city import DEFINITIONS as CITY
from .national import DEFINITIONS as NATIONAL
from .national import FIRST_2024
from .provincial import DEFINITIONS as PROVINCIAL

LIST = NATIONAL + PROVINCIAL + CITY

__all__ = ["CITY", "FIRST_2024", "LIST", "NATIONAL", "PROVINCIAL"]
