"""The honour cards' world for tests, built through the services as staff would build it:
honorees, cards, operators, venues with their tariff and benefit, gates, swipes.

Plain builders, in ``people``, ``places`` and ``answers`` (the fixtures are in ``conftest.py``):

- ``register``, ``honoree_make``, ``make_honoree``, ``honoree_account``, ``make_citizen``:
  people in the registry (or not), with an account when asked; ``full_id`` reads a
  person's ID number back, ``tamper`` spoils a personal code;
- ``batch``, ``batch_new``, ``issue``, ``holder``: physical cards;
- ``Network``: three operators (metro, bus, 鼋头渚) and four gates, the gates' tests' world;
- ``Place``: a fresh operator with priced venues, a gate each and one card holder, the
  settlement's world (swipes at a given time, corrections);
- ``Api``, ``post``, ``fields``, ``problem_rules``: asking and reading the answers."""

from .answers import (
    Api,
    fields,
    post,
    problem_rules,
)
from .people import (
    REGION,
    account_of,
    batch,
    batch_new,
    full_id,
    holder,
    honoree_account,
    honoree_make,
    id_number,
    issue,
    make_citizen,
    make_honoree,
    new_id_number,
    register,
    set_status,
    tamper,
)
from .places import (
    ALL_LEVELS,
    BUS,
    GATES,
    METRO,
    NOW,
    SCENIC,
    SHANGHAI,
    SINCE,
    Network,
    Place,
    at,
    new_swipe_id,
    venue_open,
)

__all__ = [
    "ALL_LEVELS",
    "BUS",
    "GATES",
    "METRO",
    "NOW",
    "REGION",
    "SCENIC",
    "SHANGHAI",
    "SINCE",
    "Api",
    "Network",
    "Place",
    "account_of",
    "at",
    "batch",
    "batch_new",
    "fields",
    "full_id",
    "holder",
    "honoree_account",
    "honoree_make",
    "id_number",
    "issue",
    "make_citizen",
    "make_honoree",
    "new_id_number",
    "new_swipe_id",
    "post",
    "problem_rules",
    "register",
    "set_status",
    "tamper",
    "venue_open",
]
