"""Small real files for upload tests: a PNG, a JPEG and a one-page PDF, made on the spot."""

import datetime as dt
import io
import os

from fpdf import FPDF
from PIL import Image


def png(size=(20, 20), noise: bool = False) -> bytes:
    """A PNG; with noise it does not compress (for size limits and truncation)."""
    out = io.BytesIO()
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (200, 30, 30))
    image.save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (30, 30, 200)).save(out, "JPEG")
    return out.getvalue()


def pdf() -> bytes:
    """The same bytes every time (a fixed creation date), as a re-sent file would be."""
    doc = FPDF()
    doc.set_creation_date(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.cell(text="material")
    return bytes(doc.output())
