"""A credit transcript's lifecycle, pure: in force → revoked (by the institute's staff,
with the reason; from then on it verifies as revoked, its grades may be corrected and a new
one may be issued). Its state is whether it was revoked."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.transitions import Lifecycle, Transition

from .statuses import TRANSCRIPT_LIVE, TRANSCRIPT_REVOKED, TRANSCRIPT_STATE_LABELS, labeller

REVOKE = "revoke"
ACTION_LABELS = {REVOKE: pgettext_lazy("transcript action", "revoke")}
TRANSCRIPT_LIFECYCLE = Lifecycle(
    table={REVOKE: Transition({TRANSCRIPT_LIVE}, TRANSCRIPT_REVOKED)},
    status_refused=gettext_lazy("A transcript that is “%(status)s” cannot %(action)s."),
    final_refused=gettext_lazy("The transcript has been revoked already."),
    unknown_refused=gettext_lazy("A transcript has no such move."),
    action_label=labeller(ACTION_LABELS),
    status_label=labeller(TRANSCRIPT_STATE_LABELS),
)


def transcript_state(revoked_at: dt.datetime | None) -> str:
    """``live`` until revoked, then ``revoked``."""
    return TRANSCRIPT_LIVE if revoked_at is None else TRANSCRIPT_REVOKED
