"""The screen's state as the pages poll it: read once per audience and change, however
many screens ask, and answered by an entity tag, so that a screen whose state has not
changed gets a 304 with no body (docs/decisions.md, "The screen polls").

A state is kept in the cache under its audience, the language and the *pulse*: the last
step of any event (every event opened, raised, lowered, moved or closed writes one) and
the count of devices in each state, two reads on an index. An alarm therefore shows at the
next poll; what leaves no step (a device going offline while another comes online) shows
within ``KEEP_SECONDS``. The tag is a hash of the state without its time of reading, so a
state read again unchanged keeps its tag."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.translation import get_language

from onething.core.permissions import Actor

from ..models import Device, EventStep
from .screen import PUBLIC, Audience, audience_state, screen_audience

KEEP_SECONDS = 10  # the longest a state is answered from the cache without a new pulse
POLL_SECONDS = 5  # how often the centre's screen asks
PUBLIC_POLL_SECONDS = 10  # how often the public screen asks
PUBLIC_MAX_AGE = 5  # how long a shared cache (a proxy) may keep the public answer
UNTIMED = ("as_of", "as_of_text")


@dataclass(frozen=True)
class ScreenAnswer:
    """The state as JSON (UTF-8) and its entity tag (quoted, as the header carries it)."""

    body: bytes
    etag: str
    state: dict

    def matches(self, if_none_match: str | None) -> bool:
        """Whether a request's ``If-None-Match`` names this state (a 304 will do)."""
        if not if_none_match:
            return False
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or self.etag in tags


def pulse() -> str:
    """What changes whenever the screen's events or device states do (see the module)."""
    last_step = EventStep.objects.aggregate(last=Max("pk"))["last"] or 0
    states = Device.objects.order_by().values_list("state").annotate(n=Count("pk"))
    counted = ",".join(f"{state}={n}" for state, n in sorted(states))
    return f"{last_step}:{counted}"


def _answer(audience: Audience) -> ScreenAnswer:
    key = f"cityops-screen:{audience.key}:{get_language() or ''}:{pulse()}"
    kept = cache.get(key)
    if kept is not None:
        return kept
    state = audience_state(audience)
    untimed = {k: v for k, v in state.items() if k not in UNTIMED}
    digest = hashlib.sha256(
        json.dumps(untimed, ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()
    answer = ScreenAnswer(
        body=json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode(),
        etag=f'"{digest[:32]}"',
        state=state,
    )
    cache.set(key, answer, KEEP_SECONDS)
    return answer


def screen_answer(actor: Actor) -> ScreenAnswer:
    """The centre's screen for ``actor`` (401 / 403 as :func:`screen.screen_audience`)."""
    return _answer(screen_audience(actor))


def public_screen_answer() -> ScreenAnswer:
    """The public screen (anyone)."""
    return _answer(PUBLIC)
