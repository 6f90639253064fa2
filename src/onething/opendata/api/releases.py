"""A dataset's releases over the API: the list (public: number, date, rows, note — never
who uploaded), and a new release from a department's officer (multipart: ``file``, .xlsx
or CSV, and an optional ``note``), idempotent with ``Idempotency-Key``."""

from __future__ import annotations

from ninja import File, Form, Header, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from onething.core.apiutils import actor

from ..schemas import OpenReleaseOut
from ..selectors.catalogue import dataset_get, releases_list
from ..services.releases import MAX_BYTES, release_publish

router = Router(tags=["open data platform"])
IdempotencyKey = Header(None, alias="Idempotency-Key", description="A retry gets the first release")


@router.get("/datasets/{key}/releases", response=list[OpenReleaseOut], auth=None)
def list_releases(request, key: str):
    """Every release of the dataset, newest first (the first is served). Public."""
    return list(releases_list(dataset_get(key, actor(request))))


@router.post("/datasets/{key}/releases", response={200: OpenReleaseOut, 201: OpenReleaseOut})
def publish_release(
    request,
    key: str,
    file: File[UploadedFile],
    note: Form[str] = "",
    idempotency_key: str | None = IdempotencyKey,
):
    """Publish the dataset's next release (its department's officers; another
    department's: 403). The file's header row names every field by its label or key;
    every row is checked and every problem listed at once (422 naming
    ``rows.<row>.<key>``, the message naming the row and the column); nothing is stored
    then. 201 when published; 200 when the same file is the latest release already, or for
    a retry with the same ``Idempotency-Key``."""
    release, created = release_publish(
        actor=actor(request),
        key=key,
        name=file.name or "",
        data=file.read(MAX_BYTES + 1),
        note=note,
        idempotency_key=idempotency_key,
    )
    return Status(201 if created else 200, release)
