"""The demo city's video catalogue (seed 003: "22万多路视频资源"): each department's cameras,
generated and registered in bulk by cityops' video service. Each department's list is
drawn with its own seed, so a department already registered is skipped and the others
come out the same."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator

from onething.cityops.models import VideoResource
from onething.cityops.services.videos import VideoSpec, videos_register
from onething.core import clock
from onething.core.permissions import SYSTEM

from .data import VIDEO_SPOTS, VIDEOS, WENT_LIVE
from .devices import connected
from .geo import CENTRES, ROADS, TOWNS, district_of, place, regions_drawn

PREFIX = "V-"
POOL = 300  # points drawn per region, each camera standing near one of them
JITTER = 0.002  # degrees
KIND_CODES = {"public_security": "ZA", "traffic": "JT", "waterway": "HD", "other": "QT"}


def _prefix(department: str, kind: str) -> str:
    return f"{PREFIX}{department}-{KIND_CODES[kind]}-"


def _pools(rng: random.Random) -> dict[str, list[tuple[float, float]]]:
    regions = sorted({*CENTRES, *TOWNS})
    return {region: [place(rng, region) for _ in range(POOL)] for region in regions}


def _specs(
    department: str, kind: str, count: int, security: bool, pools: dict
) -> Iterator[VideoSpec]:
    rng = random.Random(f"demo-videos-{department}-{kind}")
    draw = rng.random  # indexes drawn by hand: random.choice is three times slower
    spots, prefix = VIDEO_SPOTS[kind], _prefix(department, kind)
    for n, region in enumerate(regions_drawn(rng, count), 1):
        district = district_of(region)
        name, _x, _y, _s = CENTRES[district]
        roads, pool = ROADS[district], pools[region]
        latitude, longitude = pool[int(draw() * len(pool))]
        yield VideoSpec(
            f"{prefix}{n:06d}",
            f"{name}{roads[int(draw() * len(roads))]}{spots[int(draw() * len(spots))]}"
            f"{1 + int(draw() * 24):02d}",
            department,
            region,
            kind,
            round(latitude + (draw() - 0.5) * 2 * JITTER, 6),
            round(longitude + (draw() - 0.5) * 2 * JITTER, 6),
            security,
        )


def load_videos(log: Callable[[str], None]) -> None:
    """Each department's cameras not yet registered."""
    pools = _pools(random.Random("demo-video-places"))
    made = 0
    for department, lists in VIDEOS.items():
        for kind, count, security in lists:
            mine = VideoResource.objects.filter(code__startswith=_prefix(department, kind))
            if mine.count() >= count:
                continue
            stored = set(mine.values_list("code", flat=True))
            with clock.frozen(connected(WENT_LIVE) + dt.timedelta(hours=3)):
                made += videos_register(
                    actor=SYSTEM,
                    videos=(
                        spec
                        for spec in _specs(department, kind, count, security, pools)
                        if spec.code not in stored
                    ),
                )
    log(f"video resources: {made} new, {VideoResource.objects.count()} in all")
