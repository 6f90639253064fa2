"""A small open-data world on the demo city's base: the platform's figure datasets
registered (published by 无锡市数据局, WX-SJ) and one department dataset of 无锡市城市管理局
(WX-CG), "test-toilets", defined with a field of each type; files of its rows as CSV and
.xlsx, made on the spot. officer.wx-cg publishes for WX-CG; officer.binhu (滨湖区市场监管局)
is another department's officer."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from onething.core.permissions import SYSTEM
from onething.opendata.rules.definitions import FieldSpec
from onething.opendata.services.catalogue import dataset_define, figure_datasets_register

KEY = "test-toilets"
API = "/api/opendata"
OFFICER = "officer.wx-cg"
OTHER_OFFICER = "officer.binhu"
FIELDS = [
    FieldSpec("code", "编号", "text", "", "公厕编号", True),
    FieldSpec("name", "名称", "text", "", "", True),
    FieldSpec("longitude", "经度", "decimal", "度", "", True),
    FieldSpec("stalls", "厕位数", "integer", "个", "", False),
    FieldSpec("accessible", "无障碍设施", "boolean", "", "", False),
    FieldSpec("opened", "启用日期", "date", "", "", False),
]
HEADER = [f.label for f in FIELDS]
ROWS = [
    ["GC-001", "南长街公厕", "120.3079", "18", "是", "2020-05-01"],
    ["GC-002", "清名桥公厕", "120.3102", "14", "否", "2021-01-15"],
    ["GC-003", '=HYPERLINK("http://x")', "120.2279", "", "", ""],
]


def define(**changes):
    """(dataset, created) of the test dataset, as WX-CG's officer would define it."""
    args = dict(
        actor=SYSTEM,
        key=KEY,
        title="测试公厕",
        description="城管部门管理的公共厕所。",
        publisher="WX-CG",
        theme="urban",
        keywords=["公厕", "测试专用"],
        licence="wuxi-open",
        update_frequency="quarterly",
        fields=FIELDS,
    )
    args.update(changes)
    return dataset_define(**args)


def csv_bytes(rows=ROWS, header=HEADER, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows=ROWS, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload_file(data: bytes, name: str = "rows.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.fixture
def opendata(city):
    """The figure datasets registered and the test dataset defined (no release yet)."""
    figure_datasets_register(actor=SYSTEM, publisher="WX-SJ")
    dataset, _created = define()
    return dataset


@pytest.fixture
def publish(city, opendata):
    """``publish(data, name, username, key=None, note="")``: POST a release through the
    API as ``username`` (the WX-CG officer by default); the answer."""

    def send(data=None, name="rows.csv", username=OFFICER, key=None, note="", dataset=KEY):
        client = city.client(username, "zh-hans")
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        return client.post(
            f"{API}/datasets/{dataset}/releases",
            {"file": upload_file(csv_bytes() if data is None else data, name), "note": note},
            **headers,
        )

    return send
