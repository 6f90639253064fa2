"""The catalogue's pages: browse, search and filter the services (bad filters: 422), export
the list, one service with its materials, fee and form, in Chinese and in English; the
workbook pages for staff and administrators."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from onething.catalog.models import ServiceItem
from onething.core.models import AuditEntry

from .books import cell, demo_rows, edited, row_of


def _names(html: str) -> int:
    return html.count('data-testid="item-card"')


def test_the_list_is_public_and_paginated(city):
    client = city.client(None, "en")
    first = client.get("/services/")
    assert first.status_code == 200
    html = first.content.decode()
    n = len(demo_rows())  # the towns' items and those of the one-things
    pages = -(-n // 20)
    assert f"{n} records" in html and _names(html) == 20
    assert f"Page 1 of {pages}" in html
    last = client.get(f"/services/?page={pages}").content.decode()
    assert _names(last) == n - 20 * (pages - 1)
    # Browse links: every category and life event.
    assert "?category=business" in html and "?life_event=start-business" in html
    assert "Download the catalogue" not in html  # staff only


@pytest.mark.parametrize(
    ("query", "count", "present", "absent"),
    [
        ("category=tax", 16, "发票领用", "异地就医备案"),
        ("life_event=birth", 9, "社会保障卡申领", "发票领用"),
        ("q=医保", 6, "医保待遇资格认证", "发票领用"),
        ("q=320200-SW-002", 1, "发票领用", "异地就医备案"),
        ("channel=online", 178, "发票领用", "居民户口簿补领"),
        ("audience=enterprise", 98, "食品经营许可", "异地就医备案"),
        ("category=social-security&audience=person", 27, "失业登记", "发票领用"),
        ("region_code=320281", 3, "公司变更登记", "发票领用"),
    ],
)
def test_filters(city, query, count, present, absent):
    client = city.client(None, "en")
    answer = client.get(f"/services/?{query}")
    assert answer.status_code == 200
    assert f"{count} record" in answer.content.decode(), query
    exported = client.get(f"/services/?{query}&export=csv").content.decode("utf-8-sig")
    names = [row[0] for row in csv.reader(io.StringIO(exported))][1:]
    assert len(names) == count
    assert present in names and absent not in names


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("category=no-such", "category"),
        ("channel=pigeon", "channel"),
        ("audience=aliens", "audience"),
        ("region_code=999999", "region_code"),
        ("q=" + "x" * 101, "q"),
    ],
)
def test_a_bad_filter_is_a_422_with_its_message(city, query, field):
    answer = city.client(None, "en").get(f"/services/?{query}")
    assert answer.status_code == 422
    assert f'data-field="{field}"' in answer.content.decode()


def test_the_list_exports_the_filtered_rows(city):
    client = city.client(None, "en")
    answer = client.get("/services/?category=tax&export=csv")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Service", "Item code", "Category"]
    assert len(rows) == 17
    excel = client.get("/services/?q=社会保障卡&export=xlsx")
    assert excel.status_code == 200
    sheet = load_workbook(io.BytesIO(excel.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 3
    fee = values[0].index("Fee")
    assert sorted(r[fee] for r in values[1:]) == ["Free", "¥20.00"]


def test_the_list_in_chinese(city):
    html = city.client().get("/services/").content.decode()
    assert 'lang="zh-hans"' in html
    for text in ("商事登记", "开办企业", "个体工商户设立登记", "导出 CSV", "筛选"):
        assert text in html


def test_staff_see_the_download_and_administrators_the_import(city):
    clerk = city.client("clerk.hudai", "en").get("/services/").content.decode()
    assert 'data-testid="catalogue-download"' in clerk
    assert 'data-testid="catalogue-import"' not in clerk
    admin = city.client("admin", "en").get("/services/").content.decode()
    assert 'data-testid="catalogue-import"' in admin


def test_an_item_page(city):
    answer = city.client(None, "en").get("/services/320200-SB-005/")
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'data-testid="item-name">社会保障卡挂失补办<' in html
    assert 'data-testid="fee">¥20.00<' in html
    item = ServiceItem.objects.get(code="320200-SB-005")
    assert item.department.name in html
    assert "10 working days" in html and "5 working days" in html
    for region in item.regions.all():
        assert region.name in html
    for material in item.materials.all():
        assert material.material_type.name in html
    assert 'data-testid="materials"' in html
    assert 'data-testid="form-preview"' in html
    for prop in item.form_schema["properties"].values():
        assert prop["title"] in html
    assert "Online · At a window" in html


def test_an_item_page_with_materials_needing_paper_and_a_large_fee(city):
    html = city.client(None, "en").get("/services/320200-BDC-101/").content.decode()
    assert 'data-testid="fee">¥550.00<' in html
    free = city.client(None, "en").get("/services/320200-SB-001/").content.decode()
    assert 'data-testid="fee">Free<' in free
    assert "Concluded on the spot" in free


def test_an_item_page_in_chinese(city):
    html = city.client().get("/services/320200-SSDJ-001/").content.decode()
    assert 'lang="zh-hans"' in html
    for text in (
        "个体工商户设立登记",
        "居民身份证",
        "经营者身份证号",
        "《个体工商户条例》第八条",
        "胡埭镇",
    ):
        assert text in html


def test_the_apply_button_links_to_the_apply_page_when_there_is_one(city):
    html = city.client(None, "en").get("/services/320200-SSDJ-001/").content.decode()
    try:
        url = reverse("case-apply", args=["320200-SSDJ-001"])
    except NoReverseMatch:
        assert 'data-testid="apply"' not in html
    else:
        assert f'href="{url}"' in html
    offline = city.client(None, "en").get("/services/320200-MS-004/").content.decode()
    assert 'data-testid="apply"' not in offline  # applied for at a window only


def test_an_unknown_item_is_a_404(city):
    assert city.client(None, "en").get("/services/NO-SUCH-ITEM/").status_code == 404


def test_the_catalogue_download_page(city):
    assert city.client().get("/catalogue/export/").status_code == 302  # sign in first
    assert city.client("zhangwei").get("/catalogue/export/").status_code == 403
    answer = city.client("officer.binhu").get("/catalogue/export/")
    assert answer.status_code == 200
    assert load_workbook(io.BytesIO(answer.content)).sheetnames[:2] == ["items", "materials"]


def _upload(body, name="catalogue.xlsx"):
    return {"workbook": SimpleUploadedFile(name, body)}


def test_the_import_page(city):
    assert city.client().get("/catalogue/import/").status_code == 302
    assert city.client("clerk.hudai").get("/catalogue/import/").status_code == 403
    client = city.client("admin", "en")
    page = client.get("/catalogue/import/")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()
    body = client.get("/catalogue/export/").content
    at = row_of(body, "320200-SB-005")

    def bad(wb):
        cell(wb, "items", at, "promised_days").value = 50
        cell(wb, "items", at, "department_code").value = "NOWHERE"

    refused = client.post("/catalogue/import/", _upload(edited(body, bad)))
    assert refused.status_code == 422
    html = refused.content.decode()
    assert f"row {at}.promised_days" in html and f"row {at}.department_code" in html
    assert "Nothing was imported: 2 problems" in html
    assert ServiceItem.objects.get(code="320200-SB-005").promised_days == 5

    junk = client.post("/catalogue/import/", _upload(b"not a workbook", "x.xlsx"))
    assert junk.status_code == 422 and "not an Excel workbook" in junk.content.decode()
    empty = client.post("/catalogue/import/", {})
    assert empty.status_code == 422 and 'data-field="workbook"' in empty.content.decode()

    def good(wb):
        cell(wb, "items", at, "promised_days").value = 4

    done = client.post("/catalogue/import/", _upload(edited(body, good)), follow=True)
    assert done.status_code == 200
    n = len(demo_rows())
    assert f"0 new, {n} updated; {n} items in all" in done.content.decode()
    item = ServiceItem.objects.get(code="320200-SB-005")
    assert item.promised_days == 4
    assert AuditEntry.objects.filter(action="item.import", subject_id=str(item.pk)).exists()
