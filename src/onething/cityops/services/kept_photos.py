"""The photos of an inspector's report that was refused (a missing title, a wrong appeal
number), kept so that the next submission need not choose them again — on a phone, out on
a round, taking the photo again is the hard part. A photo that passes core's checks
(``inspect_image``: type, size, pixels) is stored under ``cityops/kept/<user>/`` and named
by a signed token (the user, the stored file, its name and SHA-256) that the page sends
back; only the same user can use it, for as long as core keeps an upload's token
(``ONETHING_PENDING_UPLOAD_HOURS``). Older kept photos are deleted whenever one is kept."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem
from onething.core.forms import kept_max_age
from onething.core.permissions import Actor
from onething.core.uploads import inspect_image

KEPT_DIR = "cityops/kept"
SALT = "onething.cityops.kept-photo"


@dataclass(frozen=True)
class KeptPhoto:
    token: str
    name: str
    data: bytes


def photo_keep(*, actor: Actor, name: str, data: bytes, field: str = "photos") -> KeptPhoto:
    """Store a photo of a refused report for the same user's next submission (its problems
    as core's upload checks name them: ValidationFailed on ``field``)."""
    inspect_image(name, data, field)
    digest = hashlib.sha256(data).hexdigest()
    extension = name[name.rfind(".") :].lower() if "." in name else ""
    if len(extension) > 5 or not extension[1:].isalnum():
        extension = ""
    path = f"{KEPT_DIR}/{int(actor.user_id or 0)}/{digest}{extension}"
    if default_storage.exists(path):  # kept before: stored again, its age starts anew
        default_storage.delete(path)
    path = default_storage.save(path, ContentFile(data))
    kept_photos_purge()
    name = name[:120]
    token = signing.dumps([int(actor.user_id or 0), path, name, digest], salt=SALT)
    return KeptPhoto(token, name, data)


def photo_kept(*, actor: Actor, token: str) -> KeptPhoto | FieldProblem:
    """The photo a token names, if it is this user's and still kept; else the problem to
    show beside the photos' input."""
    expired = FieldProblem(
        "photos", "expired", _("The file uploaded earlier has expired: choose it again.")
    )
    try:
        user_id, path, name, digest = signing.loads(
            str(token)[:1000], salt=SALT, max_age=kept_max_age()
        )
    except (signing.BadSignature, TypeError, ValueError):
        return expired
    if int(user_id) != int(actor.user_id or 0) or not str(path).startswith(f"{KEPT_DIR}/"):
        return expired
    try:
        with default_storage.open(path, "rb") as stored:
            data = stored.read()
    except (FileNotFoundError, OSError):
        return expired
    if hashlib.sha256(data).hexdigest() != digest:
        return expired
    return KeptPhoto(str(token), str(name), data)


def kept_photos_purge(*, older_than: dt.timedelta | None = None) -> int:
    """Delete the kept photos older than their tokens live; how many were deleted."""
    cutoff = timezone.now() - (older_than or dt.timedelta(seconds=kept_max_age()))
    deleted = 0
    try:
        folders, _files = default_storage.listdir(KEPT_DIR)
    except (FileNotFoundError, OSError):
        return 0
    for folder in folders:
        _sub, files = default_storage.listdir(f"{KEPT_DIR}/{folder}")
        for file in files:
            path = f"{KEPT_DIR}/{folder}/{file}"
            try:
                if default_storage.get_modified_time(path) < cutoff:
                    default_storage.delete(path)
                    deleted += 1
            except (FileNotFoundError, OSError):
                continue
    return deleted
