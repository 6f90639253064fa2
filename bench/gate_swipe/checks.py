"""After a measure: every 2xx answer's swipe is stored once and is in the ledger exactly
once, the retries were answered the same and counted once, no non-2xx answer."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from gate_swipe import CONNECTIONS, PRICE_FEN


def read_answers(out: Path) -> list[tuple[str, bool]]:
    """The (swipe id, allowed) of every 2xx answer, from the files swipe.lua wrote."""
    answers = []
    for path in sorted(out.parent.glob(f"{out.name}.*")):
        for line in path.read_text().splitlines():
            swipe_id, allowed = line.rsplit(" ", 1)
            answers.append((swipe_id, allowed == "1"))
    return answers


def _settled(rows) -> int:
    """The number of ``rows``, once requests cut off when wrk stopped have finished."""
    seen = -1
    for _ in range(30):
        if (count := rows.count()) == seen:
            break
        seen = count
        time.sleep(0.5)
    return seen


def check(result: dict, label: str, out: Path) -> list[str]:
    """Problems as sentences (none: all is well); adds ``created`` (the swipes stored),
    ``in_flight``, ``distinct`` and ``retried`` to ``result``."""
    from django.db.models import Count, Sum

    from onething.cards.models import LedgerEntry, Swipe

    problems = []
    answers = read_answers(out)
    by_id = Counter(swipe_id for swipe_id, _allowed in answers)
    verdicts = {(swipe_id, allowed) for swipe_id, allowed in answers}
    swipes = Swipe.objects.filter(swipe_id__startswith=f"{label}-", gate__code__startswith="bench-")
    result["created"] = stored = _settled(swipes)
    result["distinct"] = len(by_id)
    result["retried"] = sum(n - 1 for n in by_id.values())
    result["in_flight"] = stored - len(by_id)
    if len(answers) != result["ok"]:
        problems.append(f"wrk counted {result['ok']} 2xx answers but recorded {len(answers)}")
    if not 0 <= result["in_flight"] <= CONNECTIONS:
        problems.append(
            f"{len(by_id)} swipe ids were answered 2xx but {stored} swipes were stored "
            f"(at most {CONNECTIONS} may still have been in flight when wrk stopped)"
        )
    if len(verdicts) != len(by_id):
        problems.append("a retried swipe was answered differently from its first answer")
    if denied := sum(1 for _id, allowed in answers if not allowed):
        problems.append(f"{denied} swipes were denied (every card here should ride free)")
    twice = swipes.values("swipe_id").annotate(n=Count("id")).filter(n__gt=1).count()
    if twice:
        problems.append(f"{twice} swipe ids were stored more than once")
    ledger = LedgerEntry.objects.filter(swipe__in=swipes)
    in_ledger = Counter(dict(ledger.values_list("swipe__swipe_id").annotate(n=Count("id"))))
    missing = [i for i in by_id if in_ledger.get(i, 0) != 1]
    if missing:
        problems.append(
            f"{len(missing)} answered swipes are not in the ledger exactly once "
            f"(e.g. {missing[0]}: {in_ledger.get(missing[0], 0)} rows)"
        )
    allowed_rows = swipes.filter(allowed=True).count()
    totals = ledger.aggregate(rows=Count("id"), fen=Sum("amount_fen"))
    if totals["rows"] != allowed_rows or (totals["fen"] or 0) != PRICE_FEN * allowed_rows:
        problems.append(
            f"the ledger has {totals['rows']} rows ({totals['fen']} fen) for "
            f"{allowed_rows} allowed swipes at {PRICE_FEN} fen"
        )
    result["ledger_rows"] = totals["rows"]
    if result["retries"] and not result["retried"]:
        problems.append(f"{result['retries']} retries were sent but none was answered 2xx")
    if result["bad"]:
        problems.append(
            f"{result['bad']} non-2xx answers or socket errors: status {result['status']}, "
            f"errors {result['errors']}; first body: {result['sample'][:300]}"
        )
    return problems
