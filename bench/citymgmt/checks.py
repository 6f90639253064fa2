"""After a measure: every 2xx answer's score or gate event is stored exactly once, the
retries were answered the same and stored once, the exits closed their stays, no non-2xx
answer."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from citymgmt import CONNECTIONS, LOT

LOOKUP = 900  # hashes looked up in one query


def read_answers(out: Path) -> list[str]:
    """The score id or event id of every 2xx answer, from the files load.lua wrote."""
    answers = []
    for path in sorted(out.parent.glob(f"{out.name}.*")):
        answers += path.read_text().splitlines()
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


def _common(result: dict, answers: list[str], stored: int, what: str) -> list[str]:
    problems = []
    by_id = Counter(answers)
    result["created"] = stored
    result["distinct"] = len(by_id)
    result["retried"] = sum(n - 1 for n in by_id.values())
    result["in_flight"] = stored - len(by_id)
    if len(answers) != result["ok"]:
        problems.append(f"wrk counted {result['ok']} 2xx answers but recorded {len(answers)}")
    if "?" in by_id:
        problems.append(f"{by_id['?']} 2xx answers named no {what}")
    if not 0 <= result["in_flight"] <= CONNECTIONS:
        problems.append(
            f"{len(by_id)} {what}s were answered 2xx but {stored} were stored (at most "
            f"{CONNECTIONS} may still have been in flight when wrk stopped)"
        )
    if result["retries"] and not result["retried"]:
        problems.append(f"{result['retries']} retries were sent but none was answered 2xx")
    if result["bad"]:
        problems.append(
            f"{result['bad']} non-2xx answers or socket errors: status {result['status']}, "
            f"errors {result['errors']}; first body: {result['sample'][:300]}"
        )
    return problems


def _voters(label: str, upto: int) -> list[str]:
    """The keyed hashes of the voters load.lua numbers ``<label>-0-1`` … (one wrk thread),
    as the scoring service keys a resident a device read."""
    from onething.citymgmt.services.scoring.scores import VOTER_LABEL
    from onething.core.crypto import keyring

    ring = keyring()
    return [ring.digest(f"resident:{label.upper()}-0-{n}", VOTER_LABEL) for n in range(1, upto)]


def check_scores(result: dict, label: str, out: Path) -> list[str]:
    """Scores: the measure's scores are those of its voters (each request a distinct one):
    each answered id is one of them, and each voter is stored at most once (the database's
    unique key per street and day holds it); stored minus answered are those in flight."""
    from django.db.models import Count

    from onething.citymgmt.models import StreetScore

    answers = read_answers(out)
    digests = _voters(label, result["requests"] + CONNECTIONS + 2)
    bench = StreetScore.objects.filter(street__code__startswith="bench-")
    _settled(bench)
    ids: list[int] = []
    for start in range(0, len(digests), LOOKUP):
        ids += bench.filter(voter_digest__in=digests[start : start + LOOKUP]).values_list(
            "pk", flat=True
        )
    scores = StreetScore.objects.filter(pk__in=ids)
    problems = _common(result, answers, len(ids), "score")
    answered = {int(a) for a in answers if a.isdigit()}
    if missing := answered - set(ids):
        problems.append(
            f"{len(missing)} answered scores are not the measure's stored ones (e.g. "
            f"{min(missing)})"
        )
    twice = (
        StreetScore.objects.filter(pk__in=ids)
        .values("voter_digest")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    if twice:
        problems.append(f"{twice} voters were stored more than once")
    result["counted"] = scores.filter(status="counted").count()
    return problems


def check_events(result: dict, label: str, out: Path) -> list[str]:
    """Gate events: each answered event id stored once; every exit that found its stay
    closed it; the cars in match the stays open."""
    from django.db.models import Count

    from onething.citymgmt.models import ParkingEvent, ParkingStay, SharedParking

    answers = read_answers(out)
    events = ParkingEvent.objects.filter(event_id__startswith=f"{label}-", parking__lot__code=LOT)
    problems = _common(result, answers, _settled(events), "event")
    twice = events.values("event_id").annotate(n=Count("id")).filter(n__gt=1).count()
    if twice:
        problems.append(f"{twice} event ids were stored more than once")
    stored = set(events.filter(event_id__in=set(answers)).values_list("event_id", flat=True))
    if missing := set(answers) - stored - {"?"}:
        problems.append(f"{len(missing)} answered events are not stored (e.g. {min(missing)})")
    exits = events.filter(kind="exit")
    closed = ParkingStay.objects.filter(exit__in=exits).count()
    result["entries"] = events.filter(kind="entry").count()
    result["exits"], result["closed"] = exits.count(), closed
    if closed != exits.count():
        problems.append(f"{exits.count() - closed} exits closed no stay")
    parking = SharedParking.objects.get(lot__code=LOT)
    still_in = ParkingStay.objects.filter(parking=parking, exited_at__isnull=True).count()
    if parking.occupied != still_in:
        problems.append(f"{parking.occupied} cars counted in, but {still_in} stays are open")
    return problems
