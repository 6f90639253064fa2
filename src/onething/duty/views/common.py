"""What night duty's pages share: the actor, refused (403) unless a town's leader or a
supervisor; the styles."""

from __future__ import annotations

from onething.core.permissions import Actor
from onething.web.views.base import page_actor

from ..scopes import require_duty


def duty_actor(request) -> Actor:
    actor = page_actor(request)
    require_duty(actor)
    return actor
