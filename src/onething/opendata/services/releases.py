"""Publishing a release (发布): a department's officer uploads the dataset's rows as an
.xlsx workbook or a CSV file (UTF-8 or GBK), read by core's one table reader
(``core/xlsx.py``: the upload's size and, for a workbook, its unpacked size and
compression checked before any cell is parsed).

The header row (the first, or one of the first five under a title line) names every
field, by its label (``经度``) or its key (``longitude``); a missing one is a 422 on
``file`` listing them. Then every row is read by its field's type and every problem is
listed at once, each named ``rows.<row>.<key>`` (the row as numbered in the file) with a
message naming the row and the column's label; nothing is stored unless there is none.
Every release is kept; the newest is served. A retry with the same ``Idempotency-Key``,
or the same file as the latest release again, publishes nothing new."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, ValidationFailed
from onething.core.permissions import Actor
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create
from onething.core.xlsx import check_upload, is_csv, open_tables
from onething.core.xlsx_rows import RowProblems

from ..models import Dataset, DatasetField, Release, ReleaseRow
from ..rules.cells import CellProblem, cell_value
from ..selectors.catalogue import dataset_fields, dataset_get, latest_release
from .catalogue import require_publisher

MAX_BYTES = 10 * 2**20
MAX_PART = 40 * 2**20  # a sheet of 50,000 rows of ten columns unpacks to about 30 MB
MAX_ROWS = 50_000
MAX_PROBLEMS = 200
HEADER_SEARCH = 5
NAME_MAX = 120
NOTE_MAX = 300
BATCH = 1000


def _file_problem(rule: str, message: str) -> ValidationFailed:
    return ValidationFailed.one("file", rule, message)


def release_columns(fields: list[DatasetField]) -> dict[str, str]:
    """The headers a file may use for each field: its label, or its key."""
    columns = {f.label: f.key for f in fields}
    columns.update({f.key: f.key for f in fields})
    return columns


def read_release(fields: list[DatasetField], name: str, data: bytes) -> list[dict[str, Any]]:
    """The rows of an uploaded file in the dataset's fields, or ValidationFailed listing
    every problem (the file's, or each row's)."""
    check_upload(data, max_bytes=MAX_BYTES)
    problems = RowProblems(limit=MAX_PROBLEMS)
    rows: list[dict[str, Any]] = []
    with open_tables(
        data,
        csv=is_csv(
            name, data, refusal=_("Upload the rows as an Excel workbook (.xlsx) or CSV file.")
        ),
        max_bytes=MAX_BYTES,
        max_part=MAX_PART,
        invalid_rule="format",
    ) as tables:
        table = tables.sheet(
            None,
            release_columns(fields),
            required={f.key for f in fields},
            max_rows=MAX_ROWS,
            search=HEADER_SEARCH,
        )
        for n, cells in table.rows():
            values: dict[str, Any] = {}
            for field in fields:
                value = cell_value(field.type, cells.get(field.key), required=field.required)
                if isinstance(value, CellProblem):
                    problems.add(
                        n,
                        field.key,
                        value.rule,
                        _("Row %(n)s, column %(c)s: %(m)s")
                        % {"n": n, "c": field.label, "m": value.message},
                    )
                else:
                    values[field.key] = value
            if problems.full:
                break
            if not problems:
                rows.append(values)
    problems.raise_any()
    if not rows:
        raise _file_problem("empty", _("The file has no rows under its header."))
    return rows


def _publish(
    actor: Actor, dataset_id: int, name: str, digest: str, data: bytes, note: str
) -> tuple[Release, bool]:
    dataset = Dataset.objects.select_for_update().get(pk=dataset_id)
    latest = latest_release(dataset)
    if latest is not None and latest.sha256 == digest:
        return latest, False  # the same file again: already published
    rows = read_release(dataset_fields(dataset), name, data)
    now = clock.now()
    release = Release.objects.create(
        dataset=dataset,
        number=latest.number + 1 if latest else 1,
        file_name=name,
        sha256=digest,
        row_count=len(rows),
        note=note,
        published_at=now,
        published_by_id=actor.user_id,
    )
    ReleaseRow.objects.bulk_create(
        (ReleaseRow(release=release, n=i, values=values) for i, values in enumerate(rows, 1)),
        batch_size=BATCH,
    )
    dataset.modified = now
    dataset.save(update_fields=["modified"])
    audit_record(
        actor=actor,
        action="open_dataset.release",
        subject=dataset,
        after={
            "release": release.number,
            "file": name,
            "sha256": digest,
            "rows": release.row_count,
        },
    )
    return release, True


@transaction.atomic
def release_publish(
    *,
    actor: Actor,
    key: str,
    name: str,
    data: bytes,
    note: str = "",
    idempotency_key: str | None = None,
) -> tuple[Release, bool]:
    """Publish the rows of ``data`` as the dataset's next release: (release, created).
    Its publisher's officers only (403 for another department's); a figure dataset takes
    no upload (409 ``built_live``)."""
    dataset = dataset_get(key)
    require_publisher(actor, dataset.publisher)
    if dataset.is_figures:
        raise Conflict(
            _("This dataset is built from the platform's figures: it takes no upload."),
            code="built_live",
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationFailed.one(
            "note", "max_length", _("At most %(n)s characters.") % {"n": NOTE_MAX}
        )
    name = (name or "").strip()[-NAME_MAX:] or "upload"
    digest = hashlib.sha256(data).hexdigest()
    outcome: dict[str, bool] = {"created": False}

    def create() -> Release:
        release, outcome["created"] = _publish(actor, dataset.pk, name, digest, data, note)
        return release

    release, _created = idempotent_create(
        actor=actor,
        operation="opendata.release.publish",
        key=idempotency_key,
        payload={"dataset": dataset.key, "sha256": digest, "note": note},
        model=Release,
        create=create,
    )
    return release, outcome["created"]
