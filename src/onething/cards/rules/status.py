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

from django.utils.translation import gettext as _

from onething.core.errors import InvalidTransition

ACTIVE, SUSPENDED, DECEASED, REVOKED = "active", "suspended", "deceased", "revoked"
STATUSES = (ACTIVE, SUSPENDED, DECEASED, REVOKED)
FINAL = frozenset({DECEASED, REVOKED})

TRANSITIONS: dict[str, frozenset[str]] = {
    ACTIVE: frozenset({SUSPENDED, DECEASED, REVOKED}),
    SUSPENDED: frozenset({ACTIVE, DECEASED, REVOKED}),
    DECEASED: frozenset(),
    REVOKED: frozenset(),
}


@dataclass(frozen=True)
class Effects:
    revoke_card: bool  # the active card becomes revoked
    revoke_certificates: bool  # every unrevoked certificate is revoked


def allowed(before: str, after: str) -> bool:
    return after in TRANSITIONS.get(before, frozenset())


def check(before: str, after: str) -> Effects:
    """The effects of ``before → after``, or InvalidTransition (409) naming what is allowed."""
    if not allowed(before, after):
        targets = sorted(TRANSITIONS.get(before, frozenset()))
        if before in FINAL:
            message = _("The status %(before)s is final: it cannot change.") % {"before": before}
        else:
            message = _("An honoree cannot go from %(before)s to %(after)s.") % {
                "before": before,
                "after": after,
            }
        raise InvalidTransition(message, details={"from": before, "to": after, "allowed": targets})
    return Effects(revoke_card=after in FINAL, revoke_certificates=after != ACTIVE)
