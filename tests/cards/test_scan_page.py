"""The certificate's pages: the honoree's own certificate with its QR code, and the public
scan page (扫码可识), which names the holder only masked and never shows the ID number, the
phone or the work unit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from onething.cards.models import HonoreeStatus, HonourLevel
from onething.cards.services.certificates import certificate_issue, certificate_revoke
from onething.core import clock
from onething.core.identity import mask_id_number

from .world import make_citizen, make_honoree, set_status, tamper

NAME, PHONE, WORK_UNIT = "欧阳明辉", "13951510123", "无锡威孚高科技集团股份有限公司"


@pytest.fixture
def holder(city):
    """An honoree with an account, and a code issued by union staff."""
    honoree, number = make_honoree(
        name=NAME, phone=PHONE, work_unit=WORK_UNIT, username="honoree.scan"
    )
    certificate, code = certificate_issue(actor=city.actor("union"), honoree_id=honoree.pk)
    return honoree, number, certificate, code


def scan(city, code: str | None, language: str = "zh-hans"):
    params = {} if code is None else {"code": code}
    return city.client(None, language).get("/honour/verify/", params)


def level_label(language: str) -> str:
    with translation.override(language):
        return str(HonourLevel.MUNICIPAL.label)


def assert_discreet(page: str, number: str) -> None:
    """Nothing that identifies the holder beyond the masked name."""
    for secret in (NAME, number, mask_id_number(number), PHONE, "139****0123", WORK_UNIT):
        assert secret not in page


class TestScanPage:
    def test_a_valid_code_shows_the_masked_name_and_level_only(self, city, holder):
        _honoree, number, _certificate, code = holder
        answer = scan(city, code)
        assert answer.status_code == 200
        page = answer.content.decode()
        assert 'data-testid="verdict" data-valid="true" data-reason="ok"' in page
        assert 'data-testid="holder">欧阳**<' in page
        assert f'data-testid="holder-level">{level_label("zh-hans")}<' in page
        assert_discreet(page, number)

    def test_in_english(self, city, holder):
        answer = scan(city, holder[3], language="en")
        page = answer.content.decode()
        assert "Valid: a genuine honour certificate, in force." in page
        assert "Municipal" in page

    def test_the_photo_is_shown_when_there_is_one(self, city, holder):
        honoree = holder[0]
        honoree.photo.save("ouyang.png", ContentFile(b"\x89PNG\r\n\x1a\nfake"), save=True)
        page = scan(city, holder[3]).content.decode()
        assert 'data-testid="holder-photo"' in page and honoree.photo.url in page

    def test_a_tampered_code_is_not_valid_and_names_nobody(self, city, holder):
        _honoree, number, _certificate, code = holder
        answer = scan(city, tamper(code, 7), language="en")
        assert answer.status_code == 200
        page = answer.content.decode()
        assert 'data-valid="false" data-reason="bad_signature"' in page
        assert "has been altered" in page
        assert 'data-testid="holder"' not in page and "欧阳**" not in page
        assert_discreet(page, number)

    def test_a_malformed_code_is_a_400(self, city):
        answer = scan(city, "not-a-code", language="en")
        assert answer.status_code == 400
        assert 'data-reason="malformed"' in answer.content.decode()
        assert scan(city, "LM1." + "é" * 500).status_code == 400

    def test_an_expired_code(self, city, holder):
        code = holder[3]
        with clock.frozen(clock.now() + dt.timedelta(days=400)):
            answer = scan(city, code, language="en")
        assert answer.status_code == 200
        page = answer.content.decode()
        assert 'data-valid="false" data-reason="expired"' in page and "has expired" in page

    def test_a_revoked_code(self, city, holder):
        certificate, code = holder[2], holder[3]
        certificate_revoke(actor=city.actor("union"), serial=certificate.serial, reason="lost")
        page = scan(city, code, language="en").content.decode()
        assert 'data-valid="false" data-reason="revoked"' in page

    def test_a_deceased_holder(self, city, holder):
        honoree, number, _certificate, code = holder
        set_status(honoree, HonoreeStatus.DECEASED)
        answer = scan(city, code, language="en")
        assert answer.status_code == 200
        page = answer.content.decode()
        assert 'data-valid="false" data-reason="honoree_deceased"' in page
        assert_discreet(page, number)

    def test_without_a_code_the_page_asks_for_one(self, city):
        answer = scan(city, None)
        assert answer.status_code == 200
        assert 'data-testid="code-input"' in answer.content.decode()
        assert 'data-testid="verdict"' not in answer.content.decode()


class TestCertificatePage:
    def test_the_honoree_sees_their_certificate_and_qr(self, city, holder):
        _honoree, number, _certificate, _code = holder
        answer = city.client("honoree.scan").get("/honour/certificate/")
        assert answer.status_code == 200
        page = answer.content.decode()
        qr = page.split('data-testid="certificate-qr"', 1)[1]
        assert qr.split(">", 1)[1].lstrip().startswith("<svg")
        assert NAME in page and mask_id_number(number) in page
        assert number not in page  # even their own page shows the ID masked
        assert level_label("zh-hans") in page and "无锡市劳动模范" in page and "2015" in page
        assert 'data-testid="verify-link"' in page and "/honour/verify/?code=LM1." in page
        assert "no-store" in answer["Cache-Control"]
        # the page reuses the current certificate
        again = city.client("honoree.scan").get("/honour/certificate/").content.decode()
        serial = page.split('data-testid="certificate-serial">', 1)[1].split("<", 1)[0]
        assert f'data-testid="certificate-serial">{serial}<' in again

    def test_the_page_issues_a_certificate_when_none_is_valid(self, city):
        honoree, _number = make_honoree(name="李娟", username="honoree.li")
        assert not honoree.certificates.exists()
        answer = city.client("honoree.li").get("/honour/certificate/")
        assert answer.status_code == 200 and "<svg" in answer.content.decode()
        assert honoree.certificates.count() == 1

    def test_someone_not_in_the_registry(self, city):
        answer = city.client(make_citizen(), "en").get("/honour/certificate/")
        assert answer.status_code == 404
        page = answer.content.decode()
        assert 'data-testid="not-an-honoree"' in page and "<svg" not in page

    def test_an_honoree_no_longer_active_sees_why_and_no_qr(self, city):
        honoree, _ = make_honoree(
            name="王强", status=HonoreeStatus.SUSPENDED, username="honoree.wang"
        )
        answer = city.client("honoree.wang", "en").get("/honour/certificate/")
        assert answer.status_code == 200
        page = answer.content.decode()
        assert 'data-testid="honoree-inactive"' in page and "<svg" not in page
        assert not honoree.certificates.exists()

    def test_signing_in_is_required(self, city):
        answer = city.client().get("/honour/certificate/")
        assert answer.status_code == 302 and "login" in answer["Location"]

    def test_the_qr_png(self, city, holder):
        answer = city.client("honoree.scan").get("/api/certificates/mine/qr.png")
        assert answer.status_code == 200 and answer["Content-Type"] == "image/png"
        assert answer.content[:8] == b"\x89PNG\r\n\x1a\n"
