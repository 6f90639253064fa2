"""Operators (运营方), venues (场所), tariffs and benefits (礼遇): configuration, not code.
A new place (a hospital's green channel, a restaurant's discount) is an operator, a venue,
a tariff and a benefit saved here; the gates of that venue then answer by the same rules.

Union staff (or administrators, or the platform) save them; every save is checked first
(one ValidationFailed listing each field's problem), audited, and bumps the reference-data
cache the gates read the rules from (``selectors.venues.venue_rules``).

``common`` holds the checks shared with the cards' money services (``pool``, the gates'
registration); ``operators``, ``tariffs`` and ``benefits`` the saves."""

from .benefits import BENEFIT_FIELDS, benefit_save
from .common import (
    CODE,
    CONFIG_ROLES,
    MAX_CAP,
    MAX_PRICE_FEN,
    int_problem,
    parse_date,
    text_problem,
)
from .operators import OPERATOR_FIELDS, VENUE_FIELDS, operator_save, venue_by_code, venue_save
from .tariffs import TARIFF_FIELDS, tariff_set

__all__ = [
    "BENEFIT_FIELDS",
    "CODE",
    "CONFIG_ROLES",
    "MAX_CAP",
    "MAX_PRICE_FEN",
    "OPERATOR_FIELDS",
    "TARIFF_FIELDS",
    "VENUE_FIELDS",
    "benefit_save",
    "int_problem",
    "operator_save",
    "parse_date",
    "tariff_set",
    "text_problem",
    "venue_by_code",
    "venue_save",
]
