"""The union staff's registry pages: the list (masked, filtered, exported), registering one
honoree, the import of a workbook (all rows or none) and its template, and the refusal of
every page to anyone but union staff."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from onething.cards.models import Honoree, HonourLevel
from onething.cards.services.cards import card_batch_create, card_issue
from onething.cards.services.importer import COLUMNS
from onething.core.identity import mask_name
from onething.core.models import AuditEntry, Person
from tests.cards.test_import import row, workbook
from tests.cards.test_registry import REGION, full_id, id_number, register

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def union(city):
    return city.client("union", "en")


@pytest.fixture
def honorees(city):
    """Three honorees of different levels, years and work units (each with 页测 in it, which
    no demo honoree has); the first with a card."""
    first = register(
        city, 1, name="司马页测", level="national", year=2010, work_unit="页测地铁集团"
    )
    second = register(
        city, 2, name="诸葛页测", level="municipal", year=2015, work_unit="页测鼋头渚景区"
    )
    third = register(city, 3, name="上官页测", level="treated", year=2015, work_unit="页测地铁集团")
    union_actor = city.actor("union")
    batch = card_batch_create(actor=union_actor, number=901, name="首批")
    card_issue(
        actor=union_actor,
        honoree_id=first.pk,
        batch_id=batch.pk,
        number="320200000001",
        transit_number="3102000000000001",
    )
    return first, second, third


def listed(answer) -> str:
    """The list's table body only (the filters echo what was typed)."""
    page = answer.content.decode()
    return page[page.index('data-testid="list"') :]


MASKED = ("司马**", "诸葛**", "上官**")


def names(answer) -> set[str]:
    body = listed(answer)
    return {n for n in MASKED if n in body}


class TestRegistryList:
    def test_the_list_masks_names_and_id_numbers(self, city, union, honorees):
        first, _second, _third = honorees
        answer = union.get("/honour/registry/", {"q": "页测"})
        assert answer.status_code == 200
        body = listed(answer)
        assert mask_name("司马页测") == "司马**" and names(answer) == set(MASKED)
        assert "司马页测" not in body and "诸葛页测" not in body
        assert first.person.id_number_masked in body
        assert full_id(first.person) not in answer.content.decode()
        assert "320200000001" in body  # the active card's number
        assert f'href="/honour/registry/{first.pk}/"' in body
        page = answer.content.decode()
        assert 'href="/honour/registry/new/"' in page
        assert 'href="/honour/registry/import/"' in page

    def test_filters_level_status_year_and_text(self, union, honorees):
        def found(**params):
            return names(union.get("/honour/registry/", {"q": "页测", **params}))

        assert found(level="national") == {"司马**"}
        assert found(year=2015) == {"诸葛**", "上官**"}
        assert found(status="suspended") == set()
        assert found(q="页测地铁") == {"司马**", "上官**"}  # by work unit
        assert found(q="诸葛页") == {"诸葛**"}  # by name
        assert found(q="320200000001") == {"司马**"}  # by card number

    def test_a_full_id_number_finds_its_holder_by_keyed_hash_and_is_audited(self, union, honorees):
        _first, second, _third = honorees
        before = AuditEntry.objects.filter(action="person.lookup").count()
        answer = union.post("/honour/registry/find/", {"id_number": full_id(second.person)})
        assert answer.status_code == 302
        assert answer["Location"] == f"/honour/registry/{second.pk}/"
        assert AuditEntry.objects.filter(action="person.lookup").count() == before + 1

    def test_an_unknown_or_invalid_id_number_is_said_without_repeating_it(self, union, honorees):
        unknown = id_number(999)
        answer = union.post("/honour/registry/find/", {"id_number": unknown}, follow=True)
        page = answer.content.decode()
        assert "No honoree in the registry holds that ID number." in page
        assert unknown not in page
        answer = union.post("/honour/registry/find/", {"id_number": "3202"}, follow=True)
        assert "Enter a whole, valid 18-character ID number." in answer.content.decode()
        assert union.get("/honour/registry/find/").status_code == 405

    def test_a_full_id_number_is_refused_in_the_address(self, union, honorees):
        _first, second, _third = honorees
        before = AuditEntry.objects.filter(action="person.lookup").count()
        answer = union.get("/honour/registry/", {"q": full_id(second.person)})
        assert answer.status_code == 422
        assert 'data-field="q"' in answer.content.decode()
        assert AuditEntry.objects.filter(action="person.lookup").count() == before

    def test_a_bad_filter_is_a_422_naming_the_field(self, union, honorees):
        answer = union.get("/honour/registry/", {"level": "county"})
        assert answer.status_code == 422
        assert 'data-field="level"' in answer.content.decode()
        assert union.get("/honour/registry/", {"year": "soon"}).status_code == 422

    def test_the_list_is_paginated(self, city, union):
        for n in range(25):
            register(city, 200 + n, work_unit="分页测试单位")
        linked = re.compile(r'href="/honour/registry/\d+/"')
        first = union.get("/honour/registry/", {"q": "分页测试"})
        assert len(linked.findall(first.content.decode())) == 20
        assert "25 records" in first.content.decode()
        second = union.get("/honour/registry/", {"q": "分页测试", "page": 2})
        assert second.status_code == 200 and "Page 2 of 2" in second.content.decode()
        assert len(linked.findall(second.content.decode())) == 5

    def test_the_xlsx_export_is_masked_and_filtered(self, union, honorees):
        first, _second, _third = honorees
        answer = union.get("/honour/registry/", {"q": "页测地铁", "export": "xlsx"})
        assert answer.status_code == 200 and answer["Content-Type"] == XLSX
        sheet = load_workbook(io.BytesIO(answer.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:3] == ("Name", "ID number", "Honour level")
        assert {r[0] for r in rows[1:]} == {"司马**", "上官**"}
        mine = next(r for r in rows[1:] if r[0] == "司马**")
        assert mine[1] == first.person.id_number_masked
        assert mine[2] == str(HonourLevel.NATIONAL.label)
        assert mine[-1] == "320200000001"
        everything = " ".join(str(v) for r in rows for v in r)
        assert full_id(first.person) not in everything and "司马页测" not in everything

    def test_the_csv_export(self, union, honorees):
        params = {"q": "页测", "level": "municipal", "export": "csv"}
        answer = union.get("/honour/registry/", params)
        assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        assert rows[0][0] == "Name" and [r[0] for r in rows[1:]] == ["诸葛**"]


def form_values(n: int, **changes) -> dict:
    values = {
        "name": f"页面{n}",
        "id_number": id_number(n),
        "phone": "13912345678",
        "region_code": REGION,
        "level": "municipal",
        "title": "无锡市劳动模范",
        "year": "2019",
        "work_unit": "无锡威孚高科技集团股份有限公司",
    }
    return {**values, **changes}


class TestRegisterOne:
    def test_the_form_registers_and_opens_the_honoree(self, union):
        form = union.get("/honour/registry/new/")
        assert form.status_code == 200
        assert f'value="{REGION}"' in form.content.decode()
        answer = union.post("/honour/registry/new/", form_values(300))
        honoree = Honoree.objects.get(person__name="页面300")
        assert answer.status_code == 302
        assert answer["Location"] == f"/honour/registry/{honoree.pk}/"
        assert (honoree.level, honoree.year) == ("municipal", 2019)
        assert full_id(honoree.person) == id_number(300)

    def test_a_bad_id_number_is_a_422_beside_the_field_and_nothing_is_written(self, union):
        number = id_number(301)
        wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
        people, honorees = Person.objects.count(), Honoree.objects.count()
        answer = union.post("/honour/registry/new/", form_values(301, id_number=wrong))
        assert answer.status_code == 422
        page = answer.content.decode()
        assert 'data-field="id_number"' in page and "check character is wrong" in page
        assert 'value="页面301"' in page  # what was typed is kept
        assert (Person.objects.count(), Honoree.objects.count()) == (people, honorees)

    def test_missing_and_out_of_range_fields_are_named(self, union):
        answer = union.post("/honour/registry/new/", form_values(302, year="1900", title=""))
        assert answer.status_code == 422
        assert 'data-field="title"' in answer.content.decode()
        answer = union.post("/honour/registry/new/", form_values(302, year="1900"))
        assert answer.status_code == 422
        page = answer.content.decode()
        assert 'data-field="year"' in page and "1950" in page
        assert not Honoree.objects.filter(person__name="页面302").exists()

    def test_every_problem_is_named_at_once(self, union):
        answer = union.post(
            "/honour/registry/new/",
            form_values(304, year="1900", title="", id_number="3202", phone="12", name=""),
        )
        assert answer.status_code == 422
        page = answer.content.decode()
        for name in ("year", "title", "id_number", "phone", "name"):
            assert f'data-field="{name}"' in page, name
        assert 'data-testid="error-summary"' in page
        assert "e.g. 320211199001011234" in page and "e.g. 13812345678" in page

    def test_a_holder_already_registered_is_a_409_with_a_link(self, city, union):
        existing = register(city, 303)
        values = form_values(303, name=existing.person.name)
        answer = union.post("/honour/registry/new/", values)
        assert answer.status_code == 409
        page = answer.content.decode()
        assert 'data-field="id_number"' in page and "already in the registry" in page
        assert f'href="/honour/registry/{existing.pk}/"' in page
        assert Honoree.objects.filter(person=existing.person).count() == 1


def post_file(client, data: bytes, name: str = "劳模名册.xlsx"):
    return client.post("/honour/registry/import/", {"file": SimpleUploadedFile(name, data)})


class TestImportPage:
    def test_a_good_file_shows_the_counts(self, city, union):
        existing = register(city, 400)
        before = Honoree.objects.count()
        data = workbook(row(401), row(402, 荣誉级别="全国"), row(400, 姓名=existing.person.name))
        answer = post_file(union, data)
        assert answer.status_code == 200, answer.content.decode()[-3000:]
        page = answer.content.decode()
        assert 'data-testid="created">2<' in page
        assert 'data-testid="rows">3<' in page
        assert 'data-testid="skipped">1 — rows 4<' in page
        assert Honoree.objects.count() == before + 2
        assert Honoree.objects.get(person__name="导入402").level == "national"

    def test_a_bad_row_imports_nothing_and_names_its_row(self, union):
        number = id_number(411)
        wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
        before = Honoree.objects.count()
        answer = post_file(union, workbook(row(410), row(411, 身份证号=wrong), row(412)))
        assert answer.status_code == 422
        page = answer.content.decode()
        assert "Nothing was imported" in page
        problem = page[page.index('data-row="3"') :].split("</tr>")[0]
        assert "身份证号" in problem and "check character is wrong" in problem
        assert 'data-row="2"' not in page and 'data-row="4"' not in page
        assert Honoree.objects.count() == before
        assert not Honoree.objects.filter(person__name="导入410").exists()

    def test_a_file_that_is_not_a_workbook_is_named(self, union):
        answer = post_file(union, b"name,id\n", "list.csv")
        assert answer.status_code == 422
        assert "not an Excel workbook" in answer.content.decode()
        assert union.post("/honour/registry/import/", {}).status_code == 422

    def test_the_template_has_the_import_headers_and_imports_once_filled(self, union):
        answer = union.get("/honour/registry/import/template.xlsx")
        assert answer.status_code == 200 and answer["Content-Type"] == XLSX
        assert answer["Content-Disposition"] == 'attachment; filename="honorees-template.xlsx"'
        sheet = load_workbook(io.BytesIO(answer.content)).active
        header = next(sheet.iter_rows(values_only=True))
        assert list(header) == list(COLUMNS)
        assert sheet.max_row == 1  # empty under the header
        sheet.append(row(420))
        out = io.BytesIO()
        sheet.parent.save(out)
        done = post_file(union, out.getvalue())
        assert done.status_code == 200
        assert Honoree.objects.filter(person__name="导入420").exists()


PAGES = [
    "/honour/registry/",
    "/honour/registry/?export=xlsx",
    "/honour/registry/new/",
    "/honour/registry/import/",
    "/honour/registry/import/template.xlsx",
    "/honour/registry/{pk}/",
    "/honour/cards/",
    "/honour/cards/?export=csv",
    "/honour/cards/batches/",
]
ACTIONS = [
    ("/honour/registry/new/", form_values(500)),
    ("/honour/registry/{pk}/status/", {"status": "suspended", "reason": "test"}),
    ("/honour/registry/{pk}/reveal/", {"purpose": "test"}),
    ("/honour/registry/{pk}/cards/", {"number": "320200000009", "transit_number": "1" * 16}),
    ("/honour/registry/{pk}/cards/320200000001/lost/", {}),
    ("/honour/registry/{pk}/cards/320200000001/transit/", {"transit_number": "2" * 16}),
    ("/honour/cards/batches/", {"number": "77", "name": "x"}),
]


class TestRefusals:
    @pytest.mark.parametrize(
        "username", ["zhangwei", "officer.hudai", "clerk.hudai", "gate.metro01"]
    )
    def test_other_roles_are_refused_with_403(self, city, honorees, username):
        pk = honorees[0].pk
        client = city.client(username, "en")
        for url in PAGES:
            assert client.get(url.format(pk=pk)).status_code == 403, url
        for url, data in ACTIONS:
            assert client.post(url.format(pk=pk), data).status_code == 403, url
        assert Honoree.objects.get(pk=pk).status == "active"
        assert not Honoree.objects.filter(person__name="页面500").exists()

    def test_the_honoree_themself_is_refused(self, city, honorees):
        from onething.core.models import Role, User

        first = honorees[0]
        User.objects.create(username="honoree.own", role=Role.APPLICANT, person=first.person)
        client = city.client("honoree.own", "en")
        assert client.get(f"/honour/registry/{first.pk}/").status_code == 403
        lost = client.post(f"/honour/registry/{first.pk}/cards/320200000001/lost/", {})
        assert lost.status_code == 403
        assert first.cards.get().status == "active"

    def test_anonymous_is_sent_to_sign_in(self, city, honorees):
        pk = honorees[0].pk
        client = city.client()
        for url in PAGES:
            answer = client.get(url.format(pk=pk))
            assert answer.status_code == 302 and "/login" in answer["Location"], url
        for url, data in ACTIONS:
            answer = client.post(url.format(pk=pk), data)
            assert answer.status_code == 302 and "/login" in answer["Location"], url
        assert Honoree.objects.get(pk=pk).status == "active"

    def test_the_union_home_links_to_the_pages(self, union):
        page = union.get("/").content.decode()
        for url in ("/honour/registry/", "/honour/registry/import/", "/honour/cards/"):
            assert f'href="{url}"' in page
