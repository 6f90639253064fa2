"""The video catalogue (视频资源目录) registered in bulk: a department's list of cameras
(hundreds of thousands in a city) taken in a chunk at a time inside one transaction, so a
bad row anywhere leaves nothing registered. Rows are written the fast way
(``core.bulk.write_rows``: COPY on PostgreSQL, bulk inserts elsewhere); one audit entry
for the batch. The centre's figures are cached reference data: the batch bumps them."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, transaction
from django.utils.translation import gettext as _

from onething.core import refdata
from onething.core.bulk import write_rows
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Department, Region, Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record

from ..models import VideoKind, VideoResource

CHUNK = 5000  # rows validated and written at a time
LOOKUP = 900  # codes looked up in one query (within SQLite's bound parameters)
PROBLEMS_SHOWN = 100  # problems answered for a refused batch (the first ones)
COLUMNS = (
    "code",
    "name",
    "department_id",
    "region_id",
    "latitude",
    "longitude",
    "is_security",
    "kind",
)


class VideoSpec(NamedTuple):
    """A camera as the catalogue lists it: who owns it (department), where (region and
    optionally its coordinates) and what it watches (kind)."""

    code: str
    name: str
    department_code: str
    region_code: str
    kind: str
    latitude: float | None = None
    longitude: float | None = None
    is_security: bool = False


def _chunks(items: Iterable[VideoSpec], size: int) -> Iterator[list[VideoSpec]]:
    batch: list[VideoSpec] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _stored_codes(codes: list[str]) -> set[str]:
    """Which of ``codes`` are registered: one statement with the codes as one parameter
    (a JSON array on SQLite, an array on PostgreSQL), through the unique index."""
    table = connection.ops.quote_name(VideoResource._meta.db_table)
    if connection.vendor == "postgresql":
        sql, param = f"SELECT code FROM {table} WHERE code = ANY(%s)", list(codes)
    elif connection.vendor == "sqlite":
        sql = f"SELECT code FROM {table} WHERE code IN (SELECT value FROM json_each(%s))"
        param = json.dumps(codes)
    else:
        found: set[str] = set()
        for start in range(0, len(codes), LOOKUP):
            chunk = codes[start : start + LOOKUP]
            found |= set(
                VideoResource.objects.filter(code__in=chunk).values_list("code", flat=True)
            )
        return found
    with connection.cursor() as cursor:
        cursor.execute(sql, [param])
        return {row[0] for row in cursor.fetchall()}


def _degrees(value: float | None, limit: int) -> Decimal | bool | None:
    """The coordinate to store (None: not given), or False when out of range."""
    if value is None:
        return None
    if isinstance(value, bool) or not -limit <= float(value) <= limit:
        return False
    return Decimal(f"{float(value):.6f}")


def video_problems(
    index: int, spec: VideoSpec, *, taken: set[str], departments: dict, regions: dict
) -> list[FieldProblem]:
    """Every problem of the batch's ``index``-th row (``videos.<index>.<field>``)."""
    at = f"videos.{index}."
    problems = []
    if not spec.code or len(spec.code) > 40:
        problems.append(FieldProblem(f"{at}code", "length", _("A code of 1 to 40 characters.")))
    elif spec.code in taken:
        problems.append(
            FieldProblem(f"{at}code", "unique", _("The code %(c)s is taken.") % {"c": spec.code})
        )
    if not spec.name or len(spec.name) > 100:
        problems.append(FieldProblem(f"{at}name", "length", _("A name of 1 to 100 characters.")))
    if spec.department_code not in departments:
        problems.append(
            FieldProblem(
                f"{at}department",
                "unknown",
                _("Unknown department %(c)s.") % {"c": spec.department_code},
            )
        )
    if spec.region_code not in regions:
        problems.append(
            FieldProblem(
                f"{at}region",
                "unknown",
                _("There is no region with code %(code)s.") % {"code": spec.region_code},
            )
        )
    if spec.kind not in VideoKind.values:
        problems.append(
            FieldProblem(
                f"{at}kind",
                "choice",
                _("Choose one of: %(c)s.") % {"c": ", ".join(VideoKind.values)},
            )
        )
    for field, value, limit in (
        ("latitude", spec.latitude, 90),
        ("longitude", spec.longitude, 180),
    ):
        if _degrees(value, limit) is False:
            problems.append(
                FieldProblem(
                    f"{at}{field}", "range", _("Between -%(n)s and %(n)s degrees.") % {"n": limit}
                )
            )
    return problems


def _looks_right(spec: VideoSpec, taken: set[str], departments, regions, kinds) -> bool:
    """The quick check of a row (the exact problems are found only for a row failing it)."""
    lat, lng = spec.latitude, spec.longitude
    return (
        0 < len(spec.code or "") <= 40
        and spec.code not in taken
        and 0 < len(spec.name or "") <= 100
        and spec.department_code in departments
        and spec.region_code in regions
        and spec.kind in kinds
        and (lat is None or (type(lat) in (float, int) and -90 <= lat <= 90))
        and (lng is None or (type(lng) in (float, int) and -180 <= lng <= 180))
    )


def _fixed(value: float | None) -> str | None:
    """A checked coordinate as the decimal text stored (six places)."""
    return None if value is None else f"{float(value):.6f}"


def _written(rows: list[tuple]) -> None:
    """The rows inserted: COPY on PostgreSQL (core.bulk), one prepared statement run for
    every row on SQLite (the ORM's bulk insert builds each row's SQL: five times slower)."""
    if connection.vendor != "sqlite":
        write_rows(
            VideoResource,
            COLUMNS,
            [(*r[:4], _decimal(r[4]), _decimal(r[5]), *r[6:]) for r in rows],
        )
        return
    meta = VideoResource._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(c.removesuffix("_id")).column) for c in COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})",
            rows,
        )


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@transaction.atomic
def videos_register(*, actor: Actor, videos: Iterable[VideoSpec]) -> int:
    """Register the cameras ``videos`` yields (any number, taken ``CHUNK`` at a time): a
    row with a problem refuses the whole batch (422, the first problems named by
    ``videos.<index>.<field>``); how many were registered."""
    require_role(actor, Role.ADMIN)
    departments = dict(Department.objects.values_list("code", "id"))
    regions = dict(Region.objects.values_list("code", "id"))
    kinds = set(VideoKind.values)
    seen: set[str] = set()
    by_department: Counter[str] = Counter()
    first = 0
    for batch in _chunks(videos, CHUNK):
        codes = [v.code for v in batch]
        taken = _stored_codes(codes) | {c for c in codes if c in seen}
        problems: list[FieldProblem] = []
        for offset, spec in enumerate(batch):
            if not _looks_right(spec, taken, departments, regions, kinds):
                problems += video_problems(
                    first + offset, spec, taken=taken, departments=departments, regions=regions
                )
            taken.add(spec.code)
            if len(problems) >= PROBLEMS_SHOWN:
                break
        if problems:
            raise ValidationFailed(problems[:PROBLEMS_SHOWN])
        _written(
            [
                (
                    v.code,
                    v.name,
                    departments[v.department_code],
                    regions[v.region_code],
                    _fixed(v.latitude),
                    _fixed(v.longitude),
                    bool(v.is_security),
                    v.kind,
                )
                for v in batch
            ],
        )
        seen |= {v.code for v in batch}
        by_department.update(v.department_code for v in batch)
        first += len(batch)
    if first:
        refdata.bump()
        audit_record(
            actor=actor,
            action="video.register",
            subject=("cityops.videoresource", "batch"),
            after={"count": first, "by_department": dict(sorted(by_department.items()))},
            note=_("Video resources registered: %(n)s.") % {"n": first},
        )
    return first
