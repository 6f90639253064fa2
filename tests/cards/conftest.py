"""Fixtures of the honour cards' tests; the builders they use are in ``world.py``."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from onething.core import clock

from .world import NOW, Network, at
from .world.scenes import Scenes


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The reference-data cache (the gates' rules) outlives each test's rolled-back
    transaction: every test starts and ends with it empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def union(city):
    """The union's staff (工会), who keep the registry, the cards and the venues."""
    return city.actor("union")


@pytest.fixture
def staff(city):
    """The union's staff at the pages (English)."""
    return city.client("union", "en")


@pytest.fixture
def network(city):
    """The metro, the bus and 鼋头渚 with their gates (``world.Network``), as of NOW: the
    clock is frozen for the test."""
    with clock.frozen(NOW):
        yield Network(city)


@pytest.fixture
def march():
    """Today is 10 March 2026: January and February are over, March is not."""
    with clock.frozen(at(2026, 3, 10)):
        yield


@pytest.fixture
def scenes(city):
    """The hospital's green channel and two restaurants' dining offers with their desks
    (``world.scenes.Scenes``), as of NOW: the clock is frozen for the test."""
    with clock.frozen(NOW):
        yield Scenes(city.actor("union"))
