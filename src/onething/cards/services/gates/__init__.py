"""Gates (terminals) and their swipes (刷卡): registering a gate, authorising one swipe, and
the batch a gate that was offline uploads.

What a gate presents: ``card_number``, the number it read from the card, either the
16-digit 太湖交通卡 number the card is bound to (what the gates' readers give) or the 12-digit
honour-card number printed on it (told apart by their length), or ``code``, a scanned
personal code (一人一码), checked by ``selectors.certificates.code_verify`` as of the swipe.

Every swipe is stored, allowed or denied (a deny is an answer, not an error); every allowed
swipe writes exactly one ledger row, booked on the day it is recorded. ``(gate, swipe_id)``
is unique: a retry gets the stored answer unchanged, counted once, even when retries race
(the row is inserted with ``ON CONFLICT DO NOTHING`` and the stored one read back); the same
swipe id with another card or holder is refused (409 ``swipe_id_reused``). The honoree's row
is locked before the caps are counted, so swipes of one person at two gates queue up and a
cap of one lets exactly one through; at a venue with no capped benefit nothing is counted
and nothing locked.

Time: ``at`` is when the card was presented (ISO 8601; without an offset it is taken as
Beijing time). More than 5 minutes ahead of the server → denied ``future_time``. Older than
7 days on the online endpoint, or 90 days in an offline batch → 422 ``too_old`` (a gate's
clock gone wrong, or a swipe for the batch endpoint). Caps, benefits and the tariff are
those of the swipe's local day.

Reasons of a deny: unknown_card, card_blocked, card_revoked, honoree_<status>, no_benefit,
daily_cap, monthly_cap, no_tariff, bill_required (a dining offer's till sent no bill),
future_time, and for a code its verdict (malformed,
unknown_key, bad_signature, not_yet_valid, expired, revoked, unknown_honoree, honoree_*).
A retry is recognised by what the card or code resolves to (the same card; for a code, the
same holder), as the swipe row keeps no copy of the number read: two unknown cards under
one swipe id are taken for the same (the answer is the same deny anyway).

The gate endpoints find their caller with ``gate_caller`` (a gate's token cached 5 s, else one
statement). At a venue without a cap a swipe is then two statements without a transaction (the
card; the swipe with its ledger row, one atomic statement on PostgreSQL); at a venue with a
cap the honoree is locked and the caps counted in a transaction (``statements``;
docs/performance.md, "Gate authorisation over HTTP", has why).

A visit (``services.desk``): at the hospital's green channel (a benefit of kind
``priority``) the swipe is recorded with the service given and owes nothing; at a dining
offer (``bill_discount``) with the bill and its discount, owed to the merchant (a ledger
row) only when the union's pool pays it. Such a use writes no ledger row but is counted in
the rides' roll-up like any allowed swipe.

Swipes are not written to the audit log one by one: the swipe row (who presented what, at
which gate, the answer) is itself the record, and its ledger row is append-only in the
database (see ``onething.cards.dbtriggers``)."""

from .batch import MAX_BATCH, swipes_upload
from .caller import gate_caller
from .register import gate_register
from .swipe import OFFLINE_MAX_AGE, ONLINE_MAX_AGE, swipe_authorize, swipe_clean

__all__ = [
    "MAX_BATCH",
    "OFFLINE_MAX_AGE",
    "ONLINE_MAX_AGE",
    "gate_caller",
    "gate_register",
    "swipe_authorize",
    "swipe_clean",
    "swipes_upload",
]
