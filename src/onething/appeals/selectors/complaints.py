"""12345 complaints (投诉) about named places, for other apps' monthly figures: how many
complaints received in a period name each of a list of streets (city management's monthly
street scores). Counted, never listed: nothing personal leaves appeals.

A complaint names a street when the street's name appears in its address or its title and
it was filed in the street's district (its region lies in the district's subtree). The
period's complaints are read once, streamed (``iterator``) through the index of appeals by
when they were received, and matched in Python against every street at once: one pass for
the whole list, whatever its length, not one query a street."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable

from onething.core.models import Region
from onething.core.selectors.regions import region_ids_under

from ..models import Appeal, AppealType

CHUNK = 2000


def _pattern(names: Iterable[str]) -> re.Pattern:
    """One expression finding any of ``names``, the longest first at each place (a complaint
    about 春潮菜场支路 is not also about a street named 春潮菜场)."""
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    return re.compile("|".join(re.escape(n) for n in ordered))


def complaints_naming(
    *,
    start: dt.datetime,
    end: dt.datetime,
    streets: Iterable[tuple[Hashable, str, int]],
) -> dict[Hashable, int]:
    """How many complaints received in ``[start, end)`` name each street. ``streets``:
    ``(key, name, district id)``; the answer has a count (0 included) for every key. A
    complaint naming two streets of its district counts for both; one naming a street in
    its address and its title counts once."""
    counts: dict[Hashable, int] = {}
    by_district: dict[int, dict[str, list[Hashable]]] = defaultdict(lambda: defaultdict(list))
    for key, name, district_id in streets:
        counts[key] = 0
        name = (name or "").strip()
        if name:
            by_district[district_id][name].append(key)
    if not by_district:
        return counts
    patterns = {district: _pattern(names) for district, names in by_district.items()}
    districts_of: dict[int, list[int]] = defaultdict(list)  # region id → districts above it
    paths = Region.objects.filter(pk__in=list(by_district)).values_list("pk", "path")
    for district_id, path in paths:
        for region_id in region_ids_under(path):
            districts_of[region_id].append(district_id)
    complaints = (
        Appeal.objects.filter(
            type=AppealType.COMPLAINT, received_at__gte=start, received_at__lt=end
        )
        .order_by()
        .values_list("region_id", "address", "title")
    )
    for region_id, address, title in complaints.iterator(chunk_size=CHUNK):
        districts = districts_of.get(region_id)
        if not districts:
            continue
        text = f"{address or ''}\n{title or ''}"
        for district_id in districts:
            for name in set(patterns[district_id].findall(text)):
                for key in by_district[district_id][name]:
                    counts[key] += 1
    return counts
