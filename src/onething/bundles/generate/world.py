"""What the generated runs are made of, read from the database: each one-thing with its
promised working days in parallel and the regions where every one of its items is
offered, and a pool of applicants living in the city's districts and towns (people
registered in bulk and their applicant accounts, as the case generator registers them:
``cases.generate.world.applicants_ensure``, numbers sealed, audited)."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import accumulate

from onething.cases.generate.world import Applicant, NoDemoBase, applicants_ensure
from onething.catalog.selectors import offered_in
from onething.core.models import Region

from ..models import Bundle
from .plan import parallel_days

CITY = "320200"  # the applicants live in the city's districts and towns
REGION_WEIGHT = {"county": 5.0, "town": 1.0}  # districts are more populous than towns


@dataclass
class Target:
    """One one-thing to generate runs of."""

    bundle_id: int
    code: str
    promised_days: int
    regions: list[str]  # the region codes where all its items are offered


class Places:
    """The city's districts and towns (what ``applicants_ensure`` calls a world), or
    ``regions`` among them."""

    def __init__(self, regions: list[Region] | None = None):
        if regions is None:
            city = Region.objects.filter(code=CITY).values_list("path", flat=True).first()
            if city is None:
                raise NoDemoBase("the city's region")
            regions = list(
                Region.objects.filter(level__in=list(REGION_WEIGHT), path__startswith=city)
                .exclude(code=CITY)
                .order_by("code")
            )
        if not regions:
            raise NoDemoBase("the city's districts and towns")
        self.by_code = {r.code: r for r in regions}
        self.regions = self.by_code  # applicants_ensure reads the codes
        self.region_codes = [r.code for r in regions]
        self.weight = {r.code: REGION_WEIGHT[r.level] for r in regions}
        self._cum = list(accumulate(self.weight[c] for c in self.region_codes))

    def draw_region(self, rng: random.Random) -> str:
        return self.region_codes[bisect_right(self._cum, rng.random() * self._cum[-1])]

    def subset(self, codes: list[str]) -> Places:
        return Places([self.by_code[c] for c in codes])


def targets(codes: Mapping[str, int], places: Places) -> dict[str, Target]:
    """The one-things named in ``codes``, each with its promised days and the regions of
    ``places`` where it can be applied for. Unknown codes, or one offered nowhere in the
    city: ValueError."""
    bundles = {
        b.code: b
        for b in Bundle.objects.filter(code__in=list(codes)).prefetch_related(
            "steps__item__regions", "steps__item__department__region"
        )
    }
    unknown = sorted(set(codes) - set(bundles))
    if unknown:
        raise ValueError(f"unknown one-things: {', '.join(unknown)}")
    out = {}
    for code, bundle in bundles.items():
        steps = list(bundle.steps.all())
        days = parallel_days(
            {s.key: (s.item.promised_days, s.after, s.concludes_after) for s in steps}
        )
        regions = [
            c for c, r in places.by_code.items() if all(offered_in(s.item, r) for s in steps)
        ]
        if not regions and codes[code]:
            raise ValueError(f"{code} is offered in none of the city's districts and towns")
        out[code] = Target(bundle.pk, code, days, regions)
    return out


class Pool:
    """The applicants, by the region they live in."""

    def __init__(self, applicants: list[Applicant], places: Places):
        self.by_region: dict[str, list[Applicant]] = {}
        for a in applicants:
            self.by_region.setdefault(a.region_code, []).append(a)
        self.places = places

    def drawer(self, regions: list[str]) -> Callable[[random.Random], Applicant]:
        """Draws an applicant living in one of ``regions`` (by the regions' weights)."""
        lived = [c for c in regions if self.by_region.get(c)]
        if not lived:
            raise ValueError(f"no applicant lives in {', '.join(regions)}")
        cum = list(accumulate(self.places.weight[c] for c in lived))
        people = [self.by_region[c] for c in lived]
        total = cum[-1]

        def draw(rng: random.Random) -> Applicant:
            living = people[bisect_right(cum, rng.random() * total)]
            return living[int(rng.random() * len(living))]

        return draw


def pool_ensure(
    rng: random.Random, places: Places, size: int, targets: list[Target]
) -> tuple[Pool, int]:
    """``size`` applicants living in the city (found or registered now), and a few more
    where a one-thing offered in some towns only would otherwise find nobody; how many
    people were new."""
    applicants, new = applicants_ensure(rng, places, size)  # type: ignore[arg-type]
    lived = {a.region_code for a in applicants}
    for target in targets:
        if target.regions and not lived & set(target.regions):
            more, added = applicants_ensure(  # type: ignore[arg-type]
                rng, places.subset(target.regions), max(5, size // 100)
            )
            applicants += more
            new += added
            lived |= {a.region_code for a in more}
    if not applicants:
        raise NoDemoBase("no applicant lives in the city")
    return Pool(applicants, places), new
