"""The honoree's lifecycle, pure (no database): which status changes are allowed and what
each does to the honoree's cards and certificates.

    active ⇄ suspended;  active / suspended → deceased;  active / suspended → revoked.
    deceased and revoked are final.

Leaving ``active`` revokes every unrevoked certificate (an offline gate only learns of a
suspension through the revocation list); ``suspended`` leaves the physical card active (the
gate denies it because the honoree is not active, and it works again on reinstatement);
``deceased`` and ``revoked`` revoke the active card too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from onething.core.transitions import Lifecycle, Transition

from ..models.registry import HonoreeStatus

ACTIVE, SUSPENDED, DECEASED, REVOKED = "active", "suspended", "deceased", "revoked"
STATUSES = (ACTIVE, SUSPENDED, DECEASED, REVOKED)
FINAL = frozenset({DECEASED, REVOKED})


def _label(status: str) -> str:
    return HonoreeStatus(status).label if status in HonoreeStatus.values else status


def _details(before: str, after: str) -> dict:
    return {"from": before, "to": after, "allowed": sorted(HONOREE_LIFECYCLE.actions(before))}


_MOVE_REFUSED = gettext_lazy("An honoree cannot go from %(before)s to %(after)s.")
# Each action is named by the status it leads to. Only union staff change it (the service).
HONOREE_LIFECYCLE = Lifecycle(
    table={
        ACTIVE: Transition({SUSPENDED}, ACTIVE),
        SUSPENDED: Transition({ACTIVE}, SUSPENDED),
        DECEASED: Transition({ACTIVE, SUSPENDED}, DECEASED),
        REVOKED: Transition({ACTIVE, SUSPENDED}, REVOKED),
    },
    status_refused=_MOVE_REFUSED,
    unknown_refused=_MOVE_REFUSED,
    final_refused=gettext_lazy("The status %(before)s is final: it cannot change."),
    action_label=_label,
    status_label=_label,
    more_details=_details,
)
# status → the statuses it may change to
TRANSITIONS: dict[str, frozenset[str]] = {
    status: frozenset(HONOREE_LIFECYCLE.actions(status)) for status in STATUSES
}


@dataclass(frozen=True)
class Effects:
    revoke_card: bool  # the active card becomes revoked
    revoke_certificates: bool  # every unrevoked certificate is revoked


def allowed(before: str, after: str) -> bool:
    return HONOREE_LIFECYCLE.can(before, after)


def check(before: str, after: str) -> Effects:
    """The effects of ``before → after``, or InvalidTransition (409) naming what is allowed."""
    HONOREE_LIFECYCLE.target(before, after)
    return Effects(revoke_card=after in FINAL, revoke_certificates=after != ACTIVE)
