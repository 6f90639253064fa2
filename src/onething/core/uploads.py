"""What an uploaded material is, judged by its content, not its name: PDF, JPEG or PNG,
not empty, not too large, parseable, and of the type its file name claims."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from onething.core.errors import FieldProblem, ValidationFailed

EXTENSIONS = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


@dataclass(frozen=True)
class Inspected:
    content_type: str
    size: int


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    try:
        with Image.open(io.BytesIO(data)) as image:
            return IMAGE_FORMATS.get(image.format or "")
    except (UnidentifiedImageError, OSError):
        return None


def _parses(data: bytes, content_type: str) -> bool:
    try:
        if content_type == "application/pdf":
            return len(PdfReader(io.BytesIO(data)).pages) > 0
        with Image.open(io.BytesIO(data)) as image:
            image.verify()  # structure and checksums
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # every pixel decodes (a truncated file does not)
        return True
    except (PdfReadError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False


def inspect_upload(name: str, data: bytes, field: str = "file") -> Inspected:
    """The file's real type, or ValidationFailed (rules: empty, too_large, type, mismatch,
    corrupt)."""
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
    if actual is None:
        raise fail("type", _("The file's content is not a PDF, JPEG or PNG."))
    if actual != claimed:
        raise fail(
            "mismatch",
            _("The file is named %(name)s but its content is %(actual)s.")
            % {"name": name, "actual": actual.split("/")[-1].upper()},
        )
    if not _parses(data, actual):
        raise fail("corrupt", _("The file is damaged and cannot be opened."))
    return Inspected(actual, len(data))


def inspect_image(name: str, data: bytes, field: str = "photo") -> Inspected:
    """Like :func:`inspect_upload`, but only a JPEG or PNG photo passes."""
    inspected = inspect_upload(name, data, field)
    if not inspected.content_type.startswith("image/"):
        raise ValidationFailed.one(field, "type", _("Upload a JPEG or PNG photo."))
    return inspected
