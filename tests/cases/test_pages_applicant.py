"""The applicant's pages through Django's test client: the application generated from the
item's schema (files uploaded and the case submitted in one transaction, a double click
makes one case, bad input is 422 beside the field and leaves nothing behind), my cases."""

import csv
import io

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from onething.cases.models import Case, Material
from onething.cases.services.personal import form_personal
from onething.core.models import AuditEntry, IdempotencyRecord
from tests import files

from .conftest import FORM, ITEM

APPLY = f"/services/{ITEM}/apply/"
MATERIALS = ("id-card", "application-form", "premises-proof")


def application(form=FORM, materials=MATERIALS, key="page-key-1", **extra):
    """The POST of the application page, files included."""
    data = {f"form.{k}": v for k, v in form.items()}
    for code in materials:
        data[f"materials.{code}"] = SimpleUploadedFile(f"{code}.pdf", files.pdf())
    return data | {"delivery": "electronic", "idempotency_key": key} | extra


def stored_files(path=""):
    dirs, names = default_storage.listdir(path)
    found = {f"{path}/{n}" for n in names}
    for d in dirs:
        found |= stored_files(f"{path}/{d}" if path else d)
    return found


def written():
    """What a refused application must not change."""
    return (
        Case.objects.count(),
        Material.objects.count(),
        IdempotencyRecord.objects.count(),
        AuditEntry.objects.count(),
        len(stored_files()),
    )


def test_the_form_is_generated_from_the_items_schema(city):
    html = city.client("zhangwei", "en").get(APPLY).content.decode()
    for name in ("business_name", "operator_id", "capital", "phone"):
        assert f'name="form.{name}"' in html
    for code in MATERIALS:
        assert f'name="materials.{code}"' in html
    assert 'type="file"' in html and 'accept=".pdf' in html
    assert html.count('class="req"') == 5 + 3  # required answers and materials
    assert 'name="idempotency_key"' in html and 'type="number"' in html
    assert 'value="electronic"' in html and 'value="post"' in html


def test_applying_uploads_the_files_and_submits_the_case(city):
    client = city.client("zhangwei", "en")
    answer = client.post(APPLY, application())
    assert answer.status_code == 302
    case = Case.objects.get(number=answer["Location"].split("/")[2])
    assert case.status == "submitted" and case.channel == "online"
    assert case.department.code == "HD-SCJG" and case.delivery == "electronic"
    assert case.form_data == {**FORM, "operator_id": "1101**********002X"}  # sealed
    assert form_personal(case) == {"operator_id": FORM["operator_id"]}
    assert sorted(case.materials.values_list("material_type__code", flat=True)) == sorted(MATERIALS)
    page = client.get(answer["Location"]).content.decode()
    assert f"Application {case.number} submitted." in page


def test_a_double_click_makes_one_case(city):
    client = city.client("zhangwei", "en")
    cases, materials = Case.objects.count(), Material.objects.count()
    first = client.post(APPLY, application(key="double-click"))
    second = client.post(APPLY, application(key="double-click"))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == cases + 1
    assert Material.objects.count() == materials + 3


def test_bad_answers_are_422_beside_the_fields_and_no_case_is_written(city):
    client = city.client("zhangwei")  # Chinese
    cases = Case.objects.count()
    bad = {**FORM, "operator_id": "110105194912310021", "capital": "-5", "business_name": ""}
    answer = client.post(APPLY, application(form=bad, materials=MATERIALS[:2]))
    assert answer.status_code == 422
    html = answer.content.decode()
    assert 'data-field="form.operator_id"' in html and "校验码错误" in html
    assert 'data-field="form.capital"' in html
    assert 'data-field="form.business_name"' in html
    assert 'data-field="materials.premises-proof"' in html
    assert 'value="滨湖区胡埭镇鸿翔路8号"' in html  # the answers are kept
    assert Case.objects.count() == cases


def test_a_file_that_is_not_what_its_name_says_is_refused(city):
    client = city.client("zhangwei", "en")
    before = written()
    data = application()
    data["materials.premises-proof"] = SimpleUploadedFile("lease.pdf", files.png())
    data["materials.id-card"] = SimpleUploadedFile("id.png", b"GIF89a not an image")
    answer = client.post(APPLY, data)
    assert answer.status_code == 422
    html = answer.content.decode()
    assert 'data-field="materials.premises-proof"' in html and "its content is PNG" in html
    assert 'data-field="materials.id-card"' in html  # both files' problems at once
    cases, materials, *_rest = written()
    assert cases == before[0]
    refused = Material.objects.filter(material_type__code__in=["premises-proof", "id-card"])
    assert materials == before[1] + 1 and not refused.filter(case__isnull=True).exists()
    before = written()
    empty = client.post(
        APPLY, application() | {"materials.id-card": SimpleUploadedFile("a.pdf", b"")}
    )
    assert empty.status_code == 422 and 'data-field="materials.id-card"' in empty.content.decode()
    assert written()[0] == before[0]  # no case (the good files are kept for the next try)


def test_a_refused_submission_keeps_the_files_it_stored(city):
    """The files are stored with a refused submission (here: post without an address) and
    shown as uploaded; the corrected submission reuses them without choosing them again."""
    client = city.client("zhangwei", "en")
    cases = Case.objects.count()
    answer = client.post(APPLY, application(delivery="post"))
    assert answer.status_code == 422
    html = answer.content.decode()
    assert 'data-field="delivery_address"' in html and Case.objects.count() == cases
    tokens = kept_tokens(html)
    assert set(tokens) == {f"materials.{code}.kept" for code in MATERIALS}
    assert 'data-testid="kept-materials.id-card"' in html and "id-card.pdf" in html
    fixed = application(materials=(), delivery="post", delivery_address="无锡市滨湖区1号")
    done = client.post(APPLY, fixed | tokens)
    assert done.status_code == 302, done.content.decode()[:3000]
    case = Case.objects.get(number=done["Location"].split("/")[2])
    assert sorted(case.materials.values_list("material_type__code", flat=True)) == sorted(MATERIALS)


def kept_tokens(html: str) -> dict[str, str]:
    """The hidden inputs that keep the files uploaded with a refused submission."""
    import re

    return dict(re.findall(r'name="(materials\.[\w-]+\.kept)" value="([^"]+)"', html))


def test_every_problem_is_shown_at_once_with_a_summary(city):
    """Answers, materials and delivery are all checked in one pass; each problem sits
    beside its input and in the summary above the form, which links to the input."""
    client = city.client("zhangwei")
    bad = {**FORM, "operator_id": "1101", "phone": "12345", "business_name": ""}
    answer = client.post(APPLY, application(form=bad, materials=MATERIALS[:1], delivery="post"))
    assert answer.status_code == 422
    html = answer.content.decode()
    summary = html[html.index('data-testid="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    for name in (
        "form.operator_id",
        "form.phone",
        "form.business_name",
        "materials.application-form",
        "materials.premises-proof",
        "delivery_address",
    ):
        assert f'data-field="{name}"' in html, name  # beside the input
        assert f'data-summary-field="{name}"' in summary, name  # and in the summary
    assert 'href="#id_form.operator_id"' in summary
    assert 'class="error-summary" role="alert"' in html
    # each format error states the expected format
    assert "例如 320211199001011234" in html and "例如 13812345678" in html
    # the file chosen is kept although the form was refused before the service was asked
    assert set(kept_tokens(html)) == {"materials.id-card.kept"}


def test_a_kept_upload_of_another_user_is_refused(city):
    client = city.client("zhangwei", "en")
    refused = client.post(APPLY, application(delivery="post"))
    tokens = kept_tokens(refused.content.decode())
    assert len(tokens) == 3
    cases = Case.objects.count()
    thief = city.client("qiye.chengfeng", "en")
    answer = thief.post(APPLY, application(materials=(), key="thief") | tokens)
    assert answer.status_code == 422 and Case.objects.count() == cases
    html = answer.content.decode()
    assert html.count("This upload is not yours") == 3 * 2  # beside each input, in the summary
    assert "kept-materials" not in html


def test_the_format_of_numbers_is_shown_as_help_text(city):
    html = city.client("zhangwei").get(APPLY).content.decode()
    assert 'aria-describedby="id_form.operator_id_helptext"' in html
    assert 'id="id_form.operator_id_helptext"' in html and "例如 320211199001011234" in html
    assert 'id="id_form.phone_helptext"' in html


def test_a_window_only_item_is_not_offered_online(city):
    html = city.client("zhangwei", "en").get("/services/320200-MS-004/apply/").content.decode()
    assert 'data-testid="window-only"' in html and 'data-testid="apply-form"' not in html


def test_only_applicants_apply(city):
    assert city.client("clerk.hudai", "en").get(APPLY).status_code == 403
    assert city.client().get(APPLY).status_code == 302  # to the sign-in page
    assert city.client("zhangwei").get("/services/NO-SUCH/apply/").status_code == 404


def test_my_cases_are_mine_only_and_export(city, licensed):
    client = city.client("zhangwei", "en")
    mine = set(
        Case.objects.filter(applicant=city.user("zhangwei").person).values_list("number", flat=True)
    )
    assert mine
    html = client.get("/my/cases/").content.decode()
    assert all(n in html for n in mine)
    others = city.client("qiye.chengfeng", "en").get("/my/cases/").content.decode()
    assert not any(n in others for n in mine)
    export = client.get("/my/cases/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Case number" and {r[0] for r in rows[1:]} == mine
    assert client.get("/my/cases/", {"status": "nonsense"}).status_code == 422
    assert city.client("clerk.hudai").get("/my/cases/").status_code == 403
