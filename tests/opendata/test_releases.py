"""Publishing a release: as CSV or .xlsx, all or nothing, every problem at once (422 naming
the row and the column in Chinese), size-capped before it is parsed, idempotent, by the
publisher's own officers only; the latest release is served, every one is kept, and its
rows are paged by row number."""

from __future__ import annotations

import io
import zipfile

import pytest

from onething.core.models import AuditEntry
from onething.opendata.models import Release, ReleaseRow
from onething.opendata.services import releases

from .conftest import (
    API,
    HEADER,
    KEY,
    OFFICER,
    OTHER_OFFICER,
    ROWS,
    csv_bytes,
    upload_file,
    xlsx_bytes,
)


def problems(answer) -> list[dict]:
    assert answer.status_code == 422, answer.content
    return answer.json()["error"]["details"]["fields"]


def test_a_csv_release_is_published_and_served(city, publish):
    answer = publish(note="首次发布")
    assert answer.status_code == 201, answer.content
    assert answer.json()["number"] == 1 and answer.json()["row_count"] == 3
    rows = city.client().get(f"{API}/datasets/{KEY}/rows").json()
    assert rows["release"] == 1 and rows["total"] == 3 and rows["next_after"] is None
    assert rows["fields"] == ["code", "name", "longitude", "stalls", "accessible", "opened"]
    assert rows["rows"][0] == {
        "code": "GC-001",
        "name": "南长街公厕",
        "longitude": 120.3079,
        "stalls": 18,
        "accessible": True,
        "opened": "2020-05-01",
    }
    assert rows["rows"][2]["stalls"] is None and rows["rows"][2]["accessible"] is None
    dataset = Release.objects.get(dataset__key=KEY).dataset
    entry = AuditEntry.objects.get(action="open_dataset.release", subject_id=str(dataset.pk))
    assert entry.after["rows"] == 3 and entry.after["release"] == 1


def test_an_xlsx_release_reads_the_same(city, publish):
    answer = publish(xlsx_bytes(rows=ROWS[:2]), name="rows.xlsx")
    assert answer.status_code == 201, answer.content
    rows = city.client().get(f"{API}/datasets/{KEY}/rows").json()["rows"]
    assert rows[0]["longitude"] == 120.3079 and rows[0]["stalls"] == 18


def test_a_header_of_keys_or_under_a_title_line_is_read(publish):
    keys = ["code", "name", "longitude", "stalls", "accessible", "opened"]
    data = csv_bytes(header=keys)
    assert publish(data).status_code == 201
    titled = b"\xef\xbb\xbf" + "测试公厕名录\n".encode() + csv_bytes(encoding="utf-8")
    assert publish(titled).json()["number"] == 2


def test_a_gbk_csv_is_read(publish):
    assert publish(csv_bytes(encoding="gbk")).status_code == 201


def test_publishing_is_idempotent(publish):
    first = publish(key="upload-1")
    assert first.status_code == 201
    retry = publish(key="upload-1")
    assert retry.status_code == 200 and retry.json()["number"] == 1
    same_file = publish(key="upload-2")
    assert same_file.status_code == 200 and same_file.json()["number"] == 1
    assert Release.objects.filter(dataset__key=KEY).count() == 1
    reused = publish(csv_bytes(rows=ROWS[:1]), key="upload-1")
    assert reused.status_code == 409


def test_a_new_file_is_the_next_release_and_every_one_is_kept(city, publish):
    assert publish().status_code == 201
    second = publish(csv_bytes(rows=ROWS[:2]))
    assert second.status_code == 201 and second.json()["number"] == 2
    served = city.client().get(f"{API}/datasets/{KEY}/rows").json()
    assert served["release"] == 2 and served["total"] == 2
    listed = city.client().get(f"{API}/datasets/{KEY}/releases").json()
    assert [r["number"] for r in listed] == [2, 1]
    assert ReleaseRow.objects.filter(release__dataset__key=KEY).count() == 5
    assert "published_by" not in listed[0]


def test_a_wrong_header_is_refused_naming_the_missing_columns(publish):
    header = ["编号", "名称", "longitude_x", "厕位数", "无障碍设施", "启用日期"]
    found = problems(publish(csv_bytes(header=header)))
    assert [(p["field"], p["rule"]) for p in found] == [("file", "missing_column")]
    assert "经度" in found[0]["message"]
    assert not Release.objects.filter(dataset__key=KEY).exists()


def test_bad_values_are_all_refused_naming_row_and_column_in_chinese(publish):
    rows = [
        ["GC-001", "南长街公厕", "东经120度", "18", "是", "2020-05-01"],
        ["GC-002", "", "120.31", "十四", "也许", "2021-02-30"],
        ["GC-003", "联系人 13912345678", "120.2", "", "", ""],
    ]
    found = problems(publish(csv_bytes(rows=rows)))
    assert [(p["field"], p["rule"]) for p in found] == [
        ("rows.2.longitude", "number"),
        ("rows.3.name", "required"),
        ("rows.3.stalls", "integer"),
        ("rows.3.accessible", "boolean"),
        ("rows.3.opened", "date"),
        ("rows.4.name", "personal_data"),
    ]
    assert found[0]["message"] == "第 2 行“经度”列：此项应为数字。"
    assert found[2]["message"].startswith("第 3 行“厕位数”列：")
    assert not Release.objects.filter(dataset__key=KEY).exists()
    assert not ReleaseRow.objects.filter(release__dataset__key=KEY).exists()


def test_an_empty_or_foreign_file_is_refused(publish):
    assert problems(publish(b""))[0]["rule"] == "required"
    assert problems(publish(csv_bytes(rows=[])))[0]["rule"] == "empty"
    assert problems(publish(b"%PDF-1.4", name="rows.pdf"))[0]["rule"] == "format"
    assert problems(publish(b"PK\x03\x04 not a zip", name="rows.xlsx"))[0]["rule"] == "format"


def test_a_file_too_large_is_refused_before_it_is_read(publish, monkeypatch):
    monkeypatch.setattr(releases, "MAX_BYTES", 2000)
    found = problems(publish(csv_bytes(rows=ROWS * 40)))
    assert (found[0]["field"], found[0]["rule"]) == ("file", "too_large")


def test_a_workbook_that_unpacks_too_large_is_refused(publish, monkeypatch):
    monkeypatch.setattr(releases, "MAX_PART", 4096)
    # a valid workbook whose sheet unpacks past the limit
    data = xlsx_bytes(rows=[[f"GC-{i:04d}", "公厕", "120.3", "", "", ""] for i in range(300)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert max(p.file_size for p in archive.infolist()) > 4096
    found = problems(publish(data, name="rows.xlsx"))
    assert (found[0]["field"], found[0]["rule"]) == ("file", "too_large_unzipped")


def test_another_departments_officer_is_refused(city, publish):
    answer = publish(username=OTHER_OFFICER)
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "not_the_publisher"
    assert "无锡市城市管理局" in answer.json()["error"]["message"]
    client = city.client()
    anonymous = client.post(f"{API}/datasets/{KEY}/releases", {"note": ""})
    assert anonymous.status_code == 401
    assert not Release.objects.filter(dataset__key=KEY).exists()


def test_a_figure_dataset_takes_no_upload(city, publish):
    client = city.client("admin", "zh-hans")
    answer = client.post(
        f"{API}/datasets/figures-cases-by-month/releases", {"file": upload_file(csv_bytes())}
    )
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "built_live"


def test_rows_are_paged_by_row_number(city, publish):
    rows = [[f"GC-{i:03d}", f"公厕{i}", "120.3", str(i), "", ""] for i in range(1, 26)]
    assert publish(csv_bytes(rows=rows)).status_code == 201
    client = city.client()
    seen, after = [], 0
    while after is not None:
        page = client.get(f"{API}/datasets/{KEY}/rows", {"after": after, "limit": 10}).json()
        seen += [r["code"] for r in page["rows"]]
        after = page["next_after"]
    assert seen == [r[0] for r in rows]
    bad = client.get(f"{API}/datasets/{KEY}/rows", {"limit": 5000})
    assert bad.status_code == 422 and "limit" in bad.content.decode()


def test_a_figure_datasets_rows_are_built_when_read(city, opendata):
    answer = city.client().get(f"{API}/datasets/figures-catalogue/rows").json()
    assert answer["release"] is None
    assert answer["fields"][0] == "category_code"
    assert answer["total"] == len(answer["rows"]) > 0


@pytest.mark.parametrize("username", [OFFICER, "admin"])
def test_the_officer_and_an_administrator_may_publish(username, publish):
    assert publish(username=username).status_code == 201
    assert HEADER[0] == "编号"
