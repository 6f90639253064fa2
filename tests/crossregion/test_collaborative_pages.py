"""高效协同 on the pages: the clerk's intake offers it where the agreed list does, the case
page's "高效协同核验" section shows each check's state and the deciding officer's form to
ask one (a refusal beside its input, nothing written), the answering officer's queue and
check page (the masked number read in full on purpose, the answer confirmed before it is
sent), and the refusals of everyone else — in Chinese by default."""

import csv
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from onething.cases.models import Case
from onething.core.generate import resident_id
from onething.crossregion.models import CrossRegionCase, DataCheck
from tests import files

from .conftest import (
    CHECK,
    HUDAI,
    REGISTRATION,
    REGISTRATION_FORM,
    REGISTRATION_MATERIALS,
    XUEYAN,
    ask,
)

INTAKE = "/workbench/cross-region/"
QUEUE = "/workbench/data-checks/"


def act(client, number, data):
    return client.post(f"/cases/{number}/cross-region/ask/", data)


def test_the_clerk_chooses_the_fifth_mode_where_the_list_allows_it(city):
    clerk = city.client("clerk.hudai", "en")
    page = clerk.get(INTAKE, {"town": XUEYAN, "mode": "collaborative"}).content.decode()
    assert 'value="collaborative"' in page and REGISTRATION in page
    assert "320200-SB-002" not in page  # not agreed for 高效协同
    chosen = clerk.get(INTAKE, {"town": XUEYAN, "mode": "collaborative", "item": REGISTRATION})
    html = chosen.content.decode()
    assert chosen.status_code == 200 and f'name="partner_region_code" value="{XUEYAN}"' in html
    assert "Decided here in 胡埭镇, data checked in 雪堰镇" in html
    data = {
        "handling_region_code": "",
        "partner_region_code": XUEYAN,
        "mode": "collaborative",
        "item_code": REGISTRATION,
        "arrival_id": "",
        "idempotency_key": "cr-collab-page-1",
        "id_number": resident_id(random.Random(61)),
        "name": "钱红",
        "phone": "13912345678",
        "enterprise_credit_code": "",
        "delivery": "window",
    }
    data |= {f"form.{k}": v for k, v in REGISTRATION_FORM.items()}
    for code in REGISTRATION_MATERIALS:
        data[f"materials.{code}"] = SimpleUploadedFile(f"{code}.pdf", files.pdf())
    taken = clerk.post(INTAKE, data)
    assert taken.status_code == 302, taken.content.decode()[-2000:]
    record = CrossRegionCase.objects.get(case__number=taken["Location"].split("/")[2])
    assert record.mode == "collaborative" and record.partner_region.code == XUEYAN
    assert record.handling_region.code == HUDAI and record.case.department.code == "HD-SCJG"
    # the seed's term where the mode is shown, in Chinese by default
    zh = city.client("clerk.hudai").get(taken["Location"]).content.decode()
    assert 'data-mode="collaborative"' in zh and "高效协同" in zh and "高效协同核验" in zh
    assert "数据核验地" in zh and 'data-testid="check-ask"' not in zh  # the clerk asks nothing


def test_the_deciding_officer_asks_on_the_case_page(city, collaborative_case):
    number = collaborative_case["case_number"]
    officer = city.client("officer.hudai", "en")
    page = officer.get(f"/cases/{number}/").content.decode()
    assert 'data-testid="data-checks"' in page and 'data-testid="no-checks"' in page
    assert 'data-testid="check-ask"' in page and 'value="XY-SCJG"' in page
    assert 'value="WS-SCJG"' not in page  # only the partner town's departments
    # nothing to check, a department elsewhere: 422 beside the inputs, nothing written
    refused = act(officer, number, {"ask-answering_department_code": "WS-SCJG"})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'data-field="questions"' in html and 'data-field="answering_department_code"' in html
    assert not DataCheck.objects.exists()
    asked = act(
        officer,
        number,
        {
            "ask-answering_department_code": "XY-SCJG",
            "ask-questions": "\n".join(CHECK) + "\n\n",
            "ask-due_days": "2",
        },
    )
    assert asked.status_code == 302 and asked["Location"].endswith("#cross-region")
    check = DataCheck.objects.get(case__number=number)
    assert check.questions == CHECK and check.answering_department.code == "XY-SCJG"
    page = officer.get(f"/cases/{number}/").content.decode()
    assert f'data-check="{check.number}"' in page and 'data-status="requested"' in page
    assert 'data-testid="waiting-for-checks"' in page
    # a second one to the same department while it is open: 409 in the panel
    again = act(
        officer,
        number,
        {"ask-answering_department_code": "XY-SCJG", "ask-questions": "另一项"},
    )
    assert again.status_code == 409 and 'data-code="check_open"' in again.content.decode()
    # another town's officer may not post it at all
    assert act(city.client("officer.xueyan", "en"), number, {}).status_code == 404


def test_the_partner_answers_from_its_queue(city, api, collaborative_case):
    number = collaborative_case["case_number"]
    check = ask(api, number).json()["number"]
    xueyan = city.client("officer.xueyan")  # Chinese
    home = xueyan.get("/").content.decode()  # the officer's home counts the checks to answer
    assert 'data-testid="count-checks">1<' in home and f'href="{QUEUE}"' in home
    queue = xueyan.get(QUEUE)
    html = queue.content.decode()
    assert queue.status_code == 200 and "高效协同核验" in html and check in html
    assert f'href="/workbench/data-checks/{check}/"' in html
    exported = xueyan.get(QUEUE, {"side": "answer", "status": "requested", "export": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][0] == "核验单号" and rows[1][0] == check
    url = f"{QUEUE}{check}/"
    page = xueyan.get(url).content.decode()
    assert 'data-testid="answer-form"' in page and 'data-testid="reveal-form"' in page
    assert "**********" in page and 'data-testid="check-case-link"' not in page  # no case
    assert xueyan.get(f"/cases/{number}/").status_code == 404
    # the full number, on purpose, shown once
    full = Case.objects.get(number=number).applicant
    shown = xueyan.post(f"{url}reveal/", {"purpose": "核对经营者登记记录"}).content.decode()
    revealed = shown.split('data-testid="id-number">')[1][:18]
    assert revealed.endswith(full.id_number_masked[-4:]) and "*" not in revealed
    assert xueyan.post(f"{url}reveal/", {"purpose": ""}).status_code == 422
    # the answer: every problem at once, confirmed before it is sent
    refused = xueyan.post(f"{url}answer/", {"result": "mismatch"})
    assert refused.status_code == 422
    body = refused.content.decode()
    assert 'data-field="confirm"' in body
    assert DataCheck.objects.get(number=check).status == "requested"
    unsaid = xueyan.post(f"{url}answer/", {"result": "mismatch", "confirm": "on"})
    assert unsaid.status_code == 422 and 'data-field="note"' in unsaid.content.decode()
    done = xueyan.post(
        f"{url}answer/", {"result": "mismatch", "note": "住所不一致", "confirm": "on"}
    )
    assert done.status_code == 302 and done["Location"] == url
    page = xueyan.get(url).content.decode()
    assert 'data-result="mismatch"' in page and "住所不一致" in page
    assert 'data-testid="answer-form"' not in page
    # the deciding officer reads it on the case page
    case_page = city.client("officer.hudai", "en").get(f"/cases/{number}/").content.decode()
    assert 'data-result="mismatch"' in case_page and "住所不一致" in case_page
    assert f'<option value="{check}">' in case_page  # it may be asked again


def test_others_get_nothing(city, api, collaborative_case, officer):
    number = collaborative_case["case_number"]
    check = ask(api, number).json()["number"]
    url = f"{QUEUE}{check}/"
    officer("WS-SCJG")  # an account for 万石's market regulator
    for outsider in ("officer.ws-scjg", "officer.binhu"):
        client = city.client(outsider, "en")
        assert client.get(url).status_code == 404, outsider
        confirmed = {"result": "confirmed", "confirm": "on"}
        assert client.post(f"{url}answer/", confirmed).status_code == 404
        assert client.post(f"{url}reveal/", {"purpose": "核对户籍信息"}).status_code == 404
        assert check not in client.get(QUEUE).content.decode()
    # the deciding officer sees the check, but has no form to answer it
    mine = city.client("officer.hudai", "en").get(url).content.decode()
    assert 'data-testid="answer-form"' not in mine and 'data-testid="check-case-link"' in mine
    confirmed = {"result": "confirmed", "confirm": "on"}
    posted = city.client("officer.hudai", "en").post(f"{url}answer/", confirmed)
    assert posted.status_code == 403
    assert city.client("zhangwei", "en").get(QUEUE).status_code == 403
    assert city.client().get(QUEUE).status_code == 302  # sign in first
    assert DataCheck.objects.get(number=check).status == "requested"


def test_where_to_apply_shows_the_fifth_mode(city):
    html = city.client(None).get(f"/services/{REGISTRATION}/where/").content.decode()
    assert 'data-mode="collaborative"' in html and "高效协同" in html


def test_the_pages_read_in_chinese(city, api, collaborative_case):
    """No English word, username or code on the pages of 高效协同 (tests/web's scanner)."""
    from tests.web.test_wording import latin_words

    number = collaborative_case["case_number"]
    check = ask(api, number).json()["number"]
    pages = {
        "officer.hudai": [f"/cases/{number}/", f"{QUEUE}?side=ask", f"{QUEUE}{check}/"],
        "officer.xueyan": [QUEUE, f"{QUEUE}{check}/"],
        "clerk.hudai": [
            f"/cases/{number}/",
            f"{INTAKE}?town={XUEYAN}&mode=collaborative&item={REGISTRATION}",
        ],
        None: [f"/services/{REGISTRATION}/where/", "/cross-region/figures/"],
    }
    for username, urls in pages.items():
        client = city.client(username)
        for url in urls:
            answer = client.get(url)
            assert answer.status_code == 200, (username, url)
            words, _links = latin_words(answer.content.decode())
            assert words == [], (username, url, words)
