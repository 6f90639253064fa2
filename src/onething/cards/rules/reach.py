"""The platform's reach for the registry: union staff register and find the people of the
registry through core's person reads and services, which act within a region; with the
platform's reach they do, and the audit still names the account. Pure."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from onething.core.permissions import Actor


def as_platform(actor: Actor) -> Actor:
    """The actor with the platform's reach, for core's person services (a union clerk
    registers the people of the registry); the audit still names the account."""
    return dataclasses.replace(actor, is_system=True)
