"""What every PDF the platform writes shares (fpdf2): the CJK font embedded (Noto Sans SC,
subset by fpdf2, regular and bold) and a QR code (segno) as an image to place on a page.
Used by the licences (cases) and the credit transcripts (training)."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def font_files() -> tuple[Path, Path]:
    """The regular and bold font files, or ImproperlyConfigured naming the set-up step."""
    regular = settings.ONETHING_FONT_DIR / "NotoSansSC-Regular.ttf"
    bold = settings.ONETHING_FONT_DIR / "NotoSansSC-Bold.ttf"
    if not regular.exists() or not bold.exists():
        raise ImproperlyConfigured(
            f"The CJK font for PDFs is missing in {settings.ONETHING_FONT_DIR}: "
            "run `make setup` (npm ci + scripts/vendor_assets.py)."
        )
    return regular, bold


def add_fonts(pdf, family: str = "noto") -> str:
    """Add the CJK font (regular and bold) to an fpdf2 document as ``family``."""
    regular, bold = font_files()
    pdf.add_font(family, style="", fname=str(regular))
    pdf.add_font(family, style="B", fname=str(bold))
    return family


def qr_png(text: str, *, scale: int = 8, border: int = 2, error: str = "m") -> io.BytesIO:
    """``text`` as a QR code, a PNG ready for ``pdf.image``."""
    out = io.BytesIO()
    segno.make(text, error=error).save(out, kind="png", scale=scale, border=border)
    out.seek(0)
    return out
