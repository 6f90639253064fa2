import pytest

from . import world


@pytest.fixture
def inst(city):
    """The small institute world (tests/training/world.py)."""
    return world.build(city)
