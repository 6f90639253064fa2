"""An uploaded file kept across a refused form, once for every app. A photo or a proof sent
with a form that was refused for another reason (a missing title, a criterion left without
a mark) is kept, so that the next submission need not choose it again — on a phone, out on
a round, finding or taking the photo again is the hard part.

Each use names one :class:`KeptUploads`: the folder its files are kept in, the salt its
tokens are signed with, the input they belong to, and whether only a photo passes. A file
that passes core's checks (``inspect_image``, or ``inspect_upload`` for a PDF too) is
stored under ``<folder>/<owner's folder>/<sha256><extension>`` and named by a signed token
(the owner's folder, the stored file, its name and SHA-256) that the page sends back with
the next submission. Only the same owner can use it, for as long as core keeps an upload's
token (``ONETHING_PENDING_UPLOAD_HOURS``, ``kept_max_age``); older kept files are deleted
whenever one is kept. An owner is a signed-in user (:func:`user_owner`) or whatever else the
app knows the sender by (a phone's anonymous voter id); the keyring hashes it into the
owner's folder, so no file path names a person.

(A case's materials are kept otherwise: as pending uploads in the database, named by
``core.forms.kept_token``.)"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .crypto import keyring
from .errors import FieldProblem, ValidationFailed
from .forms import ROW_FIELD, kept_max_age
from .permissions import Actor
from .uploads import inspect_image, inspect_upload, stored_extension

OWNER_LABEL = "kept-upload.owner"
EXPIRED = _("The file uploaded earlier has expired: choose it again.")


@dataclass(frozen=True)
class KeptUpload:
    """A file kept for its owner's next submission (``token`` is '' for a file chosen now
    and not kept yet)."""

    token: str
    name: str
    data: bytes


def user_owner(actor: Actor) -> str:
    """The owner of a signed-in user's kept files."""
    return f"user:{int(actor.user_id or 0)}"


@dataclass(frozen=True)
class KeptUploads:
    """Where one form keeps its uploads (see the module's docstring)."""

    folder: str  # e.g. "cityops/kept"
    salt: str  # e.g. "onething.cityops.kept-photo"
    field: str = "photo"  # the input the files belong to: its problems are said on it
    images_only: bool = True  # a JPEG or PNG photo; else a PDF passes too
    expired: Any = EXPIRED  # what to say when a token no longer names a kept file

    def _owner_folder(self, owner: str) -> str:
        return keyring().digest(str(owner), OWNER_LABEL)[:32]

    def keep(self, *, owner: str, name: str, data: bytes) -> KeptUpload:
        """Keep a file for ``owner``'s next submission (ValidationFailed on the input, as
        core's upload checks say, when the file itself is refused)."""
        (inspect_image if self.images_only else inspect_upload)(name, data, self.field)
        digest = hashlib.sha256(data).hexdigest()
        folder = self._owner_folder(owner)
        path = f"{self.folder}/{folder}/{digest}{stored_extension(name)}"
        if default_storage.exists(path):  # kept before: stored again, its age starts anew
            default_storage.delete(path)
        path = default_storage.save(path, ContentFile(data))
        self.purge()
        name = name[:120]
        token = signing.dumps([folder, path, name, digest], salt=self.salt)
        return KeptUpload(token, name, data)

    def kept(self, *, owner: str, token: str) -> KeptUpload | FieldProblem:
        """The file a token names, if it is ``owner``'s and still kept; else the problem to
        show beside the input."""
        expired = FieldProblem(self.field, "expired", str(self.expired))
        try:
            folder, path, name, digest = signing.loads(
                str(token)[:1000], salt=self.salt, max_age=kept_max_age()
            )
        except (signing.BadSignature, TypeError, ValueError):
            return expired
        if folder != self._owner_folder(owner) or not str(path).startswith(
            f"{self.folder}/{folder}/"
        ):
            return expired
        try:
            with default_storage.open(path, "rb") as stored:
                data = stored.read()
        except (FileNotFoundError, OSError):
            return expired
        if hashlib.sha256(data).hexdigest() != digest:
            return expired
        return KeptUpload(str(token), str(name), data)

    def kept_one(
        self, *, owner: str, token: str, removed: bool = False
    ) -> tuple[KeptUpload | None, list[FieldProblem]]:
        """The one file kept from a refused submission (None: none was, or the user removed
        it), with the problem to show when it is no longer kept."""
        if not token or removed:
            return None, []
        found = self.kept(owner=owner, token=token)
        return (None, [found]) if isinstance(found, FieldProblem) else (found, [])

    def kept_all(
        self, *, owner: str, tokens: Iterable[str], removed: Collection[str] = (), most: int
    ) -> tuple[list[KeptUpload], list[FieldProblem]]:
        """The files kept from a refused submission of several (at most ``most`` tokens
        read), less those the user removed; with the first problem (one "expired" says it
        for all)."""
        kept: list[KeptUpload] = []
        problems: list[FieldProblem] = []
        for token in list(tokens)[:most]:
            if token in removed:
                continue
            found = self.kept(owner=owner, token=token)
            (problems if isinstance(found, FieldProblem) else kept).append(found)
        return kept, problems[:1]

    def kept_after(
        self,
        *,
        owner: str,
        kept: Sequence[KeptUpload],
        chosen: Sequence[tuple[str, bytes]],
        refused: Collection[int] = (),
    ) -> tuple[list[KeptUpload], list[FieldProblem]]:
        """After a refused submission of the files ``kept`` then ``chosen`` (name,
        content), ``refused`` the places of those the service refused: the kept ones not
        refused and the chosen ones that pass their checks, kept for the next submission;
        with the problems of the chosen ones that do not, each saying the file's name."""
        carried = [upload for n, upload in enumerate(kept) if n not in refused]
        problems: list[FieldProblem] = []
        for n, (name, data) in enumerate(chosen):
            if n + len(kept) in refused:
                continue
            try:
                carried.append(self.keep(owner=owner, name=name, data=data))
            except ValidationFailed as error:
                problems += [
                    FieldProblem(self.field, p.rule, f"{name}：{p.message}") for p in error.problems
                ]
        return carried, problems

    def purge(self, *, older_than: dt.timedelta | None = None) -> int:
        """Delete the files kept longer than their tokens live; how many were deleted."""
        cutoff = timezone.now() - (older_than or dt.timedelta(seconds=kept_max_age()))
        deleted = 0
        try:
            folders, _files = default_storage.listdir(self.folder)
        except (FileNotFoundError, OSError):
            return 0
        for folder in folders:
            _sub, files = default_storage.listdir(f"{self.folder}/{folder}")
            for file in files:
                path = f"{self.folder}/{folder}/{file}"
                try:
                    if default_storage.get_modified_time(path) < cutoff:
                        default_storage.delete(path)
                        deleted += 1
                except (FileNotFoundError, OSError):
                    continue
        return deleted


def by_file_name(
    problems: Iterable[FieldProblem], files: Sequence[tuple[str, Any]], field: str
) -> tuple[list[FieldProblem], set[int]]:
    """A service's problems of single files of a list (``photos.2``) said on the list's
    input with the file's name ("well.png：…"), and the places of the files refused; the
    other problems as they are."""
    said: list[FieldProblem] = []
    refused: set[int] = set()
    for problem in problems:
        row = ROW_FIELD.match(problem.field)
        if row is not None and row["head"] == field and int(row["dot"] or 0) < len(files):
            index = int(row["dot"] or 0)
            refused.add(index)
            said.append(FieldProblem(field, problem.rule, f"{files[index][0]}：{problem.message}"))
        else:
            said.append(problem)
    return said, refused
