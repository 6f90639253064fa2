"""What an uploaded material is, judged by its content, not its name: PDF, JPEG or PNG,
not empty, not too large, not too many pixels, parseable, and of the type its file name
claims. Every upload path (case materials, appeal photos) goes through :func:`inspect_upload`.

An image's size is read from its header before any pixel is decoded: a 481 KB PNG can claim
13000×13000 pixels and take 600 MB and seconds to decode, so it is refused first
(``ONETHING_MAX_IMAGE_PIXELS``). Pillow's own bomb limit is set to the same number at start
(see :func:`configure_pillow`), with its warning turned into an error, for any other path.

A stored upload is named by its content's digest and :func:`stored_extension`, read back
through :func:`open_stored` (a file gone: 404), answered by :func:`stored_response` (a
stored photo by :func:`photo_response`). An upload kept across a refused form: core.kept_uploads."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from PIL import Image, ImageFile, JpegImagePlugin, PngImagePlugin
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from onething.core.errors import FieldProblem, NotFound, ValidationFailed

EXTENSIONS = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
# The signatures Pillow itself recognises these formats by.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
# Header readers: the plugin classes read the header only (size, mode) and, unlike
# ``Image.open``, do not run Pillow's bomb check, so the size of a bomb can be told to its
# sender. Nothing is decoded until ``load()``.
HEADER_READERS: dict[str, type[ImageFile.ImageFile]] = {
    "image/png": PngImagePlugin.PngImageFile,
    "image/jpeg": JpegImagePlugin.JpegImageFile,
}
BOMB_ERRORS = (Image.DecompressionBombError, Image.DecompressionBombWarning)


@dataclass(frozen=True)
class Inspected:
    content_type: str
    size: int


def configure_pillow(max_pixels: int) -> None:
    """Pillow refuses to open an image of more than ``max_pixels`` anywhere in the process:
    its warning (above the limit; an error only above twice the limit) becomes an error."""
    Image.MAX_IMAGE_PIXELS = max_pixels
    warnings.simplefilter("error", Image.DecompressionBombWarning)


def _sniff(data: bytes) -> str | None:
    for signature, content_type in SIGNATURES.items():
        if data.startswith(signature):
            return content_type
    return None


def image_dimensions(data: bytes, content_type: str) -> tuple[int, int] | None:
    """Width and height from the header of a JPEG or PNG, decoding no pixel; None when the
    header cannot be read as that type."""
    reader = HEADER_READERS[content_type]
    try:
        with reader(io.BytesIO(data)) as image:
            width, height = image.size
    except (OSError, ValueError, SyntaxError, IndexError, TypeError, EOFError):
        return None
    if width <= 0 or height <= 0:
        return None
    return width, height


def _pixel_count(pixels: int) -> str:
    """A pixel count in the words of the reader's language: "40 million", "4000 万"."""
    unit = int(pgettext("pixel count unit", "1000000"))
    value = round(pixels / unit, 2)
    number = f"{value:.2f}".rstrip("0").rstrip(".")
    return pgettext("pixel count", "%(n)s million") % {"n": number}


def pixels_problem(width: int, height: int, *, field: str, max_pixels: int) -> FieldProblem | None:
    """The rule ``too_many_pixels``, or None when ``width × height`` is within the limit."""
    pixels = width * height
    if pixels <= max_pixels:
        return None
    return FieldProblem(
        field,
        "too_many_pixels",
        _("The image is too large: at most %(limit)s pixels (this one has %(pixels)s).")
        % {"limit": _pixel_count(max_pixels), "pixels": _pixel_count(pixels)},
    )


def _parses(data: bytes, content_type: str) -> bool:
    """Every page or pixel decodes. Only called once an image's size is known to be within
    the limit."""
    try:
        if content_type == "application/pdf":
            return len(PdfReader(io.BytesIO(data)).pages) > 0
        with Image.open(io.BytesIO(data)) as image:
            image.verify()  # structure and checksums
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # every pixel decodes (a truncated file does not)
        return True
    except (PdfReadError, OSError, ValueError, SyntaxError, *BOMB_ERRORS):
        return False


def inspect_upload(name: str, data: bytes, field: str = "file") -> Inspected:
    """The file's real type, or ValidationFailed (rules: empty, too_large, type, mismatch,
    too_many_pixels, corrupt)."""
    limit = settings.ONETHING_UPLOAD_MAX_BYTES

    def fail(rule: str, message: str) -> ValidationFailed:
        return ValidationFailed([FieldProblem(field, rule, message)])

    if not data:
        raise fail("empty", _("The file is empty."))
    if len(data) > limit:
        raise fail(
            "too_large",
            _("The file is %(size)s MB; at most %(limit)s MB is accepted.")
            % {"size": round(len(data) / 1048576, 1), "limit": round(limit / 1048576, 1)},
        )
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = EXTENSIONS.get(extension)
    if claimed is None:
        raise fail("type", _("Upload a PDF, JPEG or PNG file."))
    actual = _sniff(data)
    if actual is not None and actual != claimed:
        raise fail(
            "mismatch",
            _("The file is named %(name)s but its content is %(actual)s.")
            % {"name": name, "actual": actual.split("/")[-1].upper()},
        )
    dimensions = image_dimensions(data, actual) if actual in HEADER_READERS else None
    if actual is None or (actual in HEADER_READERS and dimensions is None):
        raise fail("type", _("The file's content is not a PDF, JPEG or PNG."))
    if dimensions is not None:
        problem = pixels_problem(
            *dimensions, field=field, max_pixels=settings.ONETHING_MAX_IMAGE_PIXELS
        )
        if problem is not None:
            raise ValidationFailed([problem])
    if not _parses(data, actual):
        raise fail("corrupt", _("The file is damaged and cannot be opened."))
    return Inspected(actual, len(data))


def inspect_image(name: str, data: bytes, field: str = "photo") -> Inspected:
    """Like :func:`inspect_upload`, but only a JPEG or PNG photo passes."""
    inspected = inspect_upload(name, data, field)
    if not inspected.content_type.startswith("image/"):
        raise ValidationFailed.one(field, "type", _("Upload a JPEG or PNG photo."))
    return inspected


def stored_extension(name: str, default: str = "") -> str:
    """The extension to store an upload under: its name's own, in lower case (``.png``),
    or ``default`` when it has none or not a short alphanumeric one (a stored file is named
    by its content's digest, never by what the sender called it)."""
    extension = name[name.rfind(".") :].lower() if "." in (name or "") else ""
    return extension if 1 < len(extension) <= 5 and extension[1:].isalnum() else default


def open_stored(file) -> Any:
    """A stored upload opened for reading; a record whose file the storage no longer holds
    answers 404 (never a 500)."""
    try:
        return file.open("rb")
    except (FileNotFoundError, OSError):
        raise NotFound(_("The file of this material is no longer stored.")) from None


def file_doc(description: str, content_type: str) -> dict[str, Any]:
    """The ``openapi_extra`` of an API route that streams a stored file (or one it makes,
    a PDF) of ``content_type``: its 200 answer, described, as binary."""
    content = {content_type: {"schema": {"type": "string", "format": "binary"}}}
    return {"responses": {200: {"description": description, "content": content}}}


# The answer of an API route that streams a photo, for the OpenAPI document.
PHOTO_OPENAPI = file_doc("The photo", "image/*")


def photo_response(photos: Iterable, photo_id: int, missing: str, *, public: bool = False):
    """One of a record's stored photos by its id (``photos``: the record's photos, each with
    ``pk``, ``file`` and ``content_type``; the record is one the caller may see), streamed
    with its type and never sniffed by the browser; cached privately for an hour, or by
    anyone for a day when ``public``. An id the record has not: NotFound saying ``missing``."""
    photo = next((p for p in photos if p.pk == photo_id), None)
    if photo is None:
        raise NotFound(missing)
    return stored_response(
        photo.file,
        content_type=photo.content_type,
        cache="public, max-age=86400" if public else "private, max-age=3600",
    )


def stored_response(
    file, *, content_type: str, filename: str | None = None, cache: str = "private, no-store"
) -> FileResponse:
    """A stored upload streamed with its type (judged at upload, never sniffed by the
    browser), under ``filename`` when given, cached as ``cache`` says (by default not at
    all: a person's file). A file the storage no longer holds: 404."""
    response = FileResponse(open_stored(file), filename=filename or "", content_type=content_type)
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    return response
