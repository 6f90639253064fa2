"""A credit transcript as a PDF (fpdf2): the CJK font embedded and the QR code (segno) from
core (``onething.core.pdf``); the QR leads to the public verification page
``/training/verify/<token>/``, and the signed token is printed in full under it (and kept
as the document's subject) so that it can be checked offline without scanning."""

from __future__ import annotations

from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import WrapMode

from onething.core.pdf import add_fonts, qr_png

from .models import Transcript
from .rules.statuses import GRADE_SCHEME_LABELS, label

COLUMNS = (  # label, width (mm)
    ("课程代码 Code", 28),
    ("课程名称 Course", 50),
    ("认定为 Counted as", 42),
    ("成绩 Score", 18),
    ("转换成绩 Grade", 22),
    ("学分 Credits", 20),
)


def transcript_pdf(transcript: Transcript, lines: list, verify_url: str) -> bytes:
    """The PDF of ``transcript`` (its ``lines`` read by the caller) with a QR code of
    ``verify_url``."""
    enrolment = transcript.enrolment
    institute = enrolment.cohort.programme.institute
    pdf = FPDF(orientation="portrait", format="A4")
    pdf.set_title(f"学分证明 {transcript.number}")
    pdf.set_author(institute.name)
    pdf.set_subject(transcript.token)
    family = add_fonts(pdf)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_draw_color(30, 60, 140)
    pdf.set_line_width(0.8)
    pdf.rect(8, 8, 194, 281)

    pdf.set_font(family, "B", 22)
    pdf.set_xy(10, 18)
    pdf.cell(190, 12, "学分证明 Credit Transcript", align="C")
    pdf.set_font(family, "", 10)
    pdf.set_xy(10, 31)
    pdf.cell(190, 6, institute.name, align="C")
    pdf.set_xy(10, 37)
    pdf.cell(190, 6, f"编号 No. {transcript.number}", align="C")
    if transcript.revoked_at is not None:
        pdf.set_text_color(200, 0, 0)
        pdf.set_font(family, "B", 14)
        pdf.set_xy(10, 44)
        revoked = timezone.localtime(transcript.revoked_at)
        pdf.cell(190, 8, f"已撤销 REVOKED {revoked:%Y-%m-%d}", align="C")
        pdf.set_text_color(0, 0, 0)

    agreement = transcript.agreement
    facts = [
        ("学生 Student", enrolment.person.name),
        ("学号 Student number", enrolment.number),
        ("实训班 Cohort", f"{enrolment.cohort.name} · {enrolment.track.name}"),
        ("接收高校 University", transcript.university.name),
        (
            "学分互认协议 Agreement",
            f"{agreement.number}（{label(GRADE_SCHEME_LABELS, agreement.grade_scheme)}）",
        ),
        ("签发日期 Issued", f"{timezone.localtime(transcript.issued_at):%Y-%m-%d}"),
    ]
    y = 56
    for name, value in facts:
        pdf.set_xy(18, y)
        pdf.set_font(family, "B", 10)
        pdf.cell(48, 7, name)
        pdf.set_font(family, "", 10)
        pdf.cell(126, 7, value)
        y += 7

    y += 4
    pdf.set_xy(10, y)
    pdf.set_font(family, "B", 9)
    pdf.set_fill_color(230, 236, 248)
    for name, width in COLUMNS:
        pdf.cell(width, 8, name, border=1, align="C", fill=True)
    pdf.ln(8)
    pdf.set_font(family, "", 9)
    for line in lines:
        pdf.set_x(10)
        values = (
            line.course.code,
            line.course.name,
            line.counted_as,
            str(line.score),
            line.grade,
            str(line.credits),
        )
        for (_name, width), value in zip(COLUMNS, values, strict=True):
            pdf.cell(width, 7, value, border=1, align="C")
        pdf.ln(7)
    pdf.set_x(10)
    pdf.set_font(family, "B", 10)
    total_width = sum(w for _n, w in COLUMNS[:-1])
    pdf.cell(total_width, 8, "合计学分 Total credits", border=1, align="R")
    pdf.cell(COLUMNS[-1][1], 8, str(transcript.total_credits), border=1, align="C")
    pdf.ln(12)

    top = max(pdf.get_y(), 150)
    if top + 100 > 282:  # the QR code and the signed text go together, on a page of their own
        pdf.add_page()
        top = 20
    pdf.image(qr_png(verify_url, scale=4), x=14, y=top, w=60, h=60)
    pdf.set_xy(80, top)
    pdf.set_font(family, "", 9)
    pdf.multi_cell(
        116,
        5,
        "扫码或访问核验页面核验本证明；高校也可用学院公布的公钥离线核验下方签名文本"
        "（Ed25519，公钥见 /api/training/transcript-keys）。\n"
        "Scan to verify, or check the signed text below offline with the institute's public key.",
    )
    pdf.set_xy(80, pdf.get_y() + 2)
    pdf.set_font(family, "", 6)
    pdf.multi_cell(116, 2.6, transcript.token, wrapmode=WrapMode.CHAR)
    return bytes(pdf.output())
