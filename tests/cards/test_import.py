"""Importing honorees from .xlsx (all or nothing, every problem with its row) and the
export (identity numbers masked)."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from onething.cards.models import Honoree, HonourLevel
from onething.core.models import AuditEntry, Person

from .world import REGION, full_id, id_number, register

HEADER = [
    "姓名",
    "身份证号",
    "手机号",
    "所在区划代码",
    "荣誉级别",
    "荣誉称号",
    "授予年份",
    "工作单位",
]


def row(n: int, **changes) -> list:
    values = {
        "姓名": f"导入{n}",
        "身份证号": id_number(n),
        "手机号": "",
        "所在区划代码": REGION,
        "荣誉级别": "市级",
        "荣誉称号": "无锡市劳动模范",
        "授予年份": 2018,
        "工作单位": "无锡市政集团",
    }
    values.update(changes)
    return [values[h] for h in HEADER]


def workbook(*rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for line in rows:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(city, data: bytes, name="劳模名册.xlsx", username="union"):
    client = city.client(username, "en")
    return client.post("/api/honorees/import", {"file": SimpleUploadedFile(name, data)})


def problems(answer) -> dict[str, str]:
    assert answer.status_code == 422, answer.content
    return {f["field"]: f["rule"] for f in answer.json()["error"]["details"]["fields"]}


class TestImport:
    def test_every_row_is_registered_and_existing_holders_are_skipped(self, city):
        existing = register(city, 100)
        before = Honoree.objects.count()
        data = workbook(
            row(101, 荣誉级别="全国", 荣誉称号="全国劳动模范", 手机号="13912345678"),
            row(102, 荣誉级别="省部级", 授予年份="2012"),
            [None] * len(HEADER),  # a blank line is ignored
            row(103, 荣誉级别="享受待遇人员", 工作单位=None),
            row(100, 姓名=existing.person.name),
        )
        answer = upload(city, data)
        assert answer.status_code == 201, answer.content
        assert answer.json() == {
            "file": "劳模名册.xlsx",
            "rows": 4,
            "created": 3,
            "skipped_existing": [6],
        }
        assert Honoree.objects.count() == before + 3
        levels = dict(
            Honoree.objects.filter(person__name__in=["导入101", "导入102", "导入103"]).values_list(
                "person__name", "level"
            )
        )
        assert levels == {
            "导入101": HonourLevel.NATIONAL,
            "导入102": HonourLevel.PROVINCIAL,
            "导入103": HonourLevel.TREATED,
        }
        assert Honoree.objects.get(person__name="导入102").year == 2012
        assert AuditEntry.objects.filter(action="honorees.import").exists()

    def test_one_bad_row_refuses_the_whole_file(self, city):
        number = id_number(111)
        wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
        before, people = Honoree.objects.count(), Person.objects.count()
        data = workbook(
            row(110), row(111, 身份证号=wrong), row(112, 授予年份=1900, 荣誉级别="县级")
        )
        answer = upload(city, data)
        assert problems(answer) == {
            "rows.3.id_number": "checksum",
            "rows.4.level": "choice",
            "rows.4.year": "range",
        }
        assert Honoree.objects.count() == before and Person.objects.count() == people

    def test_the_same_number_twice_in_a_file_names_both_rows(self, city):
        before = Honoree.objects.count()
        data = workbook(row(120), row(121), row(120, 姓名="导入120"))
        answer = upload(city, data)
        assert problems(answer) == {
            "rows.2.id_number": "duplicate_in_file",
            "rows.4.id_number": "duplicate_in_file",
        }
        messages = {f["field"]: f["message"] for f in answer.json()["error"]["details"]["fields"]}
        assert "4" in messages["rows.2.id_number"] and "2" in messages["rows.4.id_number"]
        assert Honoree.objects.count() == before

    def test_a_number_held_by_someone_of_another_name_is_an_error(self, city):
        register(city, 130)
        person = city.user("zhangwei").person
        data = workbook(row(131, 身份证号=full_id(person), 姓名="冒名"))
        assert problems(upload(city, data)) == {"rows.2.name": "name_mismatch"}

    def test_a_file_that_is_not_a_workbook_names_the_file(self, city):
        assert problems(upload(city, b"name,id\n", "list.csv")) == {"file": "not_xlsx"}
        assert problems(upload(city, b"", "empty.xlsx")) == {"file": "required"}
        assert problems(upload(city, workbook())) == {"file": "empty"}
        no_header = workbook(row(140), header=["name", "id"])
        answer = upload(city, no_header)
        assert problems(answer) == {"file": "missing_column"}
        assert "身份证号" in answer.json()["error"]["message"]
        missing = city.client("union", "en").post("/api/honorees/import", {})
        assert missing.status_code == 422

    def test_only_union_staff_import(self, city):
        answer = upload(city, workbook(row(150)), username="zhangwei")
        assert answer.status_code == 403
        assert not Honoree.objects.filter(person__name="导入150").exists()


class TestExport:
    def test_csv_and_xlsx_mask_identity_numbers(self, city):
        honoree = register(city, 160, name="出口甲", phone="13700001111")
        number = id_number(160)
        client = city.client("union", "en")
        answer = client.get("/api/honorees/export", {"format": "csv", "q": "出口甲"})
        assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
        text = answer.content.decode("utf-8-sig")
        lines = list(csv.reader(io.StringIO(text)))
        assert lines[0][:3] == ["Name", "ID number", "Phone"]
        assert lines[1][:3] == ["出口甲", honoree.person.id_number_masked, "137****1111"]
        assert number not in text and "13700001111" not in text
        book = client.get("/api/honorees/export", {"format": "xlsx"})
        assert book.status_code == 200
        cells = [
            str(c)
            for line in load_workbook(io.BytesIO(book.content)).active.iter_rows(values_only=True)
            for c in line
        ]
        assert honoree.person.id_number_masked in cells and number not in cells
        assert client.get("/api/honorees/export", {"format": "pdf"}).status_code == 422
