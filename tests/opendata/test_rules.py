"""The open-data platform's pure rules, without a database: cells read by type (and
personal data refused), a definition's problems all at once, the DCAT JSON-LD, a figure
dataset's chart."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from onething.opendata.rules.cells import CellProblem, cell_value
from onething.opendata.rules.charts import ChartSpec, chart_data
from onething.opendata.rules.dcat import catalogue_document, dataset_node
from onething.opendata.rules.definitions import FieldSpec, definition_problems


def rule(value):
    assert isinstance(value, CellProblem), value
    return value.rule


def test_cells_are_read_by_their_type():
    assert cell_value("text", "  南长街公厕 ") == "南长街公厕"
    assert cell_value("integer", "1,200") == 1200
    assert cell_value("integer", 18.0) == 18
    assert cell_value("decimal", "120.3079") == 120.3079
    assert cell_value("decimal", 3) == 3
    assert cell_value("date", dt.datetime(2020, 5, 1, 0, 0)) == "2020-05-01"
    assert cell_value("date", "2020/5/1") == "2020-05-01"
    assert cell_value("date", "2020年5月1日") == "2020-05-01"
    assert cell_value("boolean", "是") is True
    assert cell_value("boolean", "否") is False
    assert cell_value("integer", "") is None


def test_bad_cells_name_their_rule():
    assert rule(cell_value("integer", "12.5")) == "integer"
    assert rule(cell_value("integer", True)) == "integer"
    assert rule(cell_value("integer", "9" * 16)) == "range"
    assert rule(cell_value("decimal", "东经120")) == "number"
    assert rule(cell_value("decimal", "NaN")) == "number"
    assert rule(cell_value("date", "2020-02-30")) == "date"
    assert rule(cell_value("boolean", "也许")) == "boolean"
    assert rule(cell_value("text", "x" * 501)) == "max_length"
    assert rule(cell_value("text", "", required=True)) == "required"


def test_personal_data_is_refused_in_text():
    assert rule(cell_value("text", "联系人 13912345678")) == "personal_data"
    assert rule(cell_value("text", "11010519491231002X")) == "personal_data"
    assert cell_value("text", "0510-85012345") == "0510-85012345"  # an office line is public


def test_the_problems_are_chinese_in_chinese():
    with translation.override("zh-hans"):
        assert cell_value("integer", "abc").message == "此项应为整数。"


def test_a_definition_lists_every_problem_at_once():
    fields = [
        FieldSpec("Code", "编号"),
        FieldSpec("name", "名称", "colour"),
        FieldSpec("name", "名称"),
    ]
    found = definition_problems(key="X", title=" ", description="", keywords=["a,b"], fields=fields)
    assert {(p.field, p.rule) for p in found} == {
        ("key", "format"),
        ("title", "required"),
        ("keywords.0", "format"),
        ("fields.0.key", "format"),
        ("fields.1.type", "choice"),
        ("fields.2.key", "unique"),
        ("fields.2.label", "unique"),
    }
    reserved = definition_problems(
        key="figures-cases", title="t", description="", keywords=[], fields=[FieldSpec("a", "甲")]
    )
    assert [(p.field, p.rule) for p in reserved] == [("key", "reserved")]
    empty = definition_problems(key="ok-key", title="t", description="", keywords=[], fields=[])
    assert [(p.field, p.rule) for p in empty] == [("fields", "required")]


ENTRY = {
    "key": "public-toilets",
    "title": "城市公共厕所",
    "description": "公厕",
    "publisher": {"code": "WX-CG", "name": "无锡市城市管理局"},
    "theme": {"code": "urban", "label": "城市建设"},
    "keywords": ["公厕"],
    "licence": {"code": "cc-by-4.0", "label": "知识共享署名 4.0 国际许可协议"},
    "update_frequency": {"code": "quarterly", "label": "每季度"},
    "issued": dt.date(2021, 9, 2),
    "modified": dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
    "fields": [
        {"key": "code", "label": "编号", "type": "text", "unit": "", "description": ""},
        {"key": "lng", "label": "经度", "type": "decimal", "unit": "度", "description": ""},
    ],
    "urls": {
        "page": "http://x/opendata/public-toilets/",
        "download": {
            f: f"http://x/opendata/public-toilets/download.{f}" for f in ("csv", "xlsx", "json")
        },
    },
}


def test_a_dataset_in_dcat():
    node = dataset_node(ENTRY)
    assert node["@type"] == "dcat:Dataset" and node["dct:identifier"] == "public-toilets"
    assert node["dct:publisher"]["foaf:name"] == "无锡市城市管理局"
    assert node["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    assert node["dct:accrualPeriodicity"]["@id"] == "http://purl.org/cld/freq/quarterly"
    assert node["dct:issued"] == {"@value": "2021-09-02", "@type": "xsd:date"}
    columns = node["csvw:tableSchema"]["csvw:column"]
    assert [c["csvw:datatype"] for c in columns] == ["xsd:string", "xsd:decimal"]
    assert columns[1]["csvw:unit"] == "度"
    formats = {d["dct:format"]: d["dcat:mediaType"] for d in node["dcat:distribution"]}
    assert formats == {
        "CSV": "text/csv",
        "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "JSON": "application/json",
    }
    document = catalogue_document(title="t", description="d", url="u", entries=[ENTRY])
    assert document["@type"] == "dcat:Catalog" and document["@context"]["dcat"].endswith("dcat#")


def test_a_licence_without_a_url_is_named():
    node = dataset_node(ENTRY | {"licence": {"code": "wuxi-open", "label": "无锡许可"}})
    assert node["dct:license"] == {"@type": "dct:LicenseDocument", "dct:title": "无锡许可"}


def test_a_chart_in_the_figures_page_shape():
    rows = [{"month": "2026-01", "cases": 3, "online": 2}, {"month": "2026-02", "cases": 0}]
    labels = {"cases": "办件", "online": "网办"}
    data = chart_data(ChartSpec("line", "month", ("cases", "online")), labels, {}, rows)
    assert data == {
        "kind": "line",
        "labels": ["2026-01", "2026-02"],
        "series": [{"name": "办件", "data": [3, 0]}, {"name": "网办", "data": [2, None]}],
        "unit": "",
        "empty": False,
    }
    flipped = chart_data(
        ChartSpec("bar", "", ("cases", "online"), True, "比率"), labels, {"cases": "%"}, rows
    )
    assert flipped["labels"] == ["办件", "网办"] and flipped["series"][0]["data"] == [3, 2]
    assert flipped["unit"] == "%"
    assert chart_data(ChartSpec("bar", "month", ("online",)), labels, {}, [])["empty"]
