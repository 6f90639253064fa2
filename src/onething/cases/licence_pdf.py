"""A licence as a PDF: fpdf2 with Noto Sans SC embedded (subset), and the verification QR
code (segno) leading to the public verification page. The font and the QR code are core's
(``onething.core.pdf``), shared with the institute's transcripts."""

from __future__ import annotations

from django.utils import timezone
from fpdf import FPDF

from onething.core.pdf import font_files, qr_png

from .models import Licence

__all__ = ["font_files", "licence_pdf", "verify_url"]


def verify_url(licence: Licence, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/licences/verify/{licence.verify_code}/"


def licence_pdf(licence: Licence, base_url: str) -> bytes:
    regular, bold = font_files()
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"{licence.title} {licence.number}")
    pdf.set_author("onething")
    pdf.add_font("noto", style="", fname=str(regular))
    pdf.add_font("noto", style="B", fname=str(bold))
    pdf.add_page()
    pdf.set_draw_color(160, 30, 30)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_font("noto", "B", 30)
    pdf.set_xy(10, 28)
    pdf.cell(277, 16, licence.title, align="C")
    pdf.set_font("noto", "", 11)
    pdf.set_xy(10, 46)
    pdf.cell(277, 8, f"编号 No. {licence.number}", align="C")

    rows = [
        ("持证人 Holder", licence.holder_name),
        ("事项 Service", f"{licence.item.name}（{licence.item.code}）"),
        ("办件 Case", licence.case.number),
        ("发证机关 Issued by", licence.case.department.name),
        ("发证日期 Issued", f"{timezone.localtime(licence.issued_at):%Y-%m-%d}"),
        (
            "有效期 Valid",
            f"{licence.valid_from:%Y-%m-%d} 至 "
            + (f"{licence.valid_until:%Y-%m-%d}" if licence.valid_until else "长期 long-term"),
        ),
    ]
    y = 70
    for label, value in rows:
        pdf.set_xy(30, y)
        pdf.set_font("noto", "B", 13)
        pdf.cell(60, 10, label)
        pdf.set_font("noto", "", 13)
        pdf.cell(130, 10, value)
        y += 14

    url = verify_url(licence, base_url)
    pdf.image(qr_png(url), x=222, y=120, w=50, h=50)
    pdf.set_font("noto", "", 9)
    pdf.set_xy(205, 172)
    pdf.cell(84, 6, "扫码核验 Scan to verify", align="C")
    pdf.set_xy(30, 178)
    pdf.set_font("noto", "", 8)
    pdf.cell(170, 6, f"电子证照，核验地址 {url}")
    return bytes(pdf.output())
