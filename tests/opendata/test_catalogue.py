"""The catalogue's metadata: a department's dataset defined (idempotently, by its own
officers only), the platform's figure datasets registered from dashboard's definitions
(no row copied, again and again without change), and both answered by the API as plain
JSON and as DCAT JSON-LD, anonymously, with the schema the OpenAPI document gives."""

from __future__ import annotations

from dataclasses import replace

import pytest

from onething.core.errors import Conflict, PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry
from onething.core.permissions import SYSTEM
from onething.dashboard.selectors.datasets import DATASETS
from onething.opendata.models import Dataset, DatasetField, ReleaseRow, Source
from onething.opendata.services.catalogue import figure_datasets_register, figure_fields

from .conftest import API, FIELDS, KEY, OFFICER, OTHER_OFFICER, define


def test_a_department_dataset_has_its_metadata(opendata):
    dataset = Dataset.objects.get(key=KEY)
    assert dataset.publisher.code == "WX-CG" and dataset.source == Source.RELEASE
    assert dataset.keyword_list == ["公厕", "测试专用"]
    assert dataset.theme == "urban" and dataset.licence == "wuxi-open"
    keys = list(dataset.fields.order_by("position").values_list("key", "type", "required"))
    assert keys == [(f.key, f.type, f.required) for f in FIELDS]


def test_defining_again_changes_nothing(opendata):
    entries = AuditEntry.objects.filter(action__startswith="open_dataset").count()
    dataset, created = define()
    assert not created and dataset.pk == opendata.pk
    assert AuditEntry.objects.filter(action__startswith="open_dataset").count() == entries
    changed, created = define(title="城市公共厕所")
    assert not created and changed.title == "城市公共厕所"
    entry = AuditEntry.objects.filter(action="open_dataset.change").latest("seq")
    assert entry.after == {"title": "城市公共厕所"}


def test_only_the_departments_own_officers_define_its_datasets(city, opendata):
    with pytest.raises(PermissionDenied) as refused:
        define(actor=city.actor(OTHER_OFFICER), key="another")
    assert refused.value.code == "not_the_publisher"
    dataset, created = define(actor=city.actor(OFFICER), key="wx-cg-own")
    assert created and dataset.publisher.code == "WX-CG"


def test_a_bad_definition_names_every_field(opendata):
    with pytest.raises(ValidationFailed) as refused:
        define(key="Bad Key", theme="weather", update_frequency="live", fields=[])
    assert {p.field for p in refused.value.problems} == {
        "key",
        "theme",
        "update_frequency",
        "fields",
    }


def test_the_fields_are_fixed_once_released(publish):
    assert publish().status_code == 201
    with pytest.raises(Conflict) as refused:
        define(fields=FIELDS[:-1])
    assert refused.value.code == "fields_fixed"
    relabelled = [replace(FIELDS[0], label="公厕编号"), *FIELDS[1:]]
    dataset, _created = define(description="新的说明", fields=relabelled)
    assert dataset.description == "新的说明"
    assert dataset.fields.get(key="code").label == "公厕编号"


def test_every_figure_dataset_is_registered_once_and_its_rows_are_not_copied(opendata):
    figures = Dataset.objects.filter(source=Source.FIGURES)
    assert sorted(figures.values_list("figure_key", flat=True)) == sorted(DATASETS)
    for dataset in figures:
        figure = DATASETS[dataset.figure_key]
        keys = list(dataset.fields.order_by("position").values_list("key", flat=True))
        assert keys == [c.key for c in figure.columns]
        assert dataset.publisher.code == "WX-SJ" and dataset.update_frequency == "live"
    assert not ReleaseRow.objects.filter(release__dataset__source=Source.FIGURES).exists()
    rates = DatasetField.objects.get(dataset__figure_key="case-rates", key="on_time_rate")
    assert rates.type == "decimal" and rates.unit == "%"
    again = figure_datasets_register(actor=SYSTEM, publisher="WX-SJ")
    assert (again.created, again.changed, again.unchanged) == (0, 0, len(DATASETS))


def test_only_an_administrator_registers_the_figures(city, opendata):
    with pytest.raises(PermissionDenied):
        figure_datasets_register(actor=city.actor(OFFICER), publisher="WX-SJ")


def test_the_api_lists_the_catalogue_anonymously(city, opendata):
    client = city.client(language="zh-hans")
    answer = client.get(f"{API}/datasets", {"q": "测试专用"})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["count"] == 1
    entry = body["items"][0]
    assert entry["key"] == KEY
    assert entry["publisher"] == {"code": "WX-CG", "name": "无锡市城市管理局"}
    assert entry["theme"] == {"code": "urban", "label": "城市建设"}
    assert entry["licence"]["label"] == "无锡市公共数据开放许可"
    assert entry["update_frequency"]["label"] == "每季度"
    assert [f["key"] for f in entry["fields"]] == [f.key for f in FIELDS]
    assert entry["downloads"] == {"total": 0, "by_format": {"csv": 0, "xlsx": 0, "json": 0}}
    assert entry["urls"]["download"]["csv"].endswith(f"/opendata/{KEY}/download.csv")
    assert entry["urls"]["page"].startswith("http://testserver/")
    themed = client.get(f"{API}/datasets", {"theme": "government", "page_size": 100}).json()
    assert themed["count"] == len(DATASETS)
    by_data_bureau = Dataset.objects.filter(publisher__code="WX-SJ").count()
    assert by_data_bureau >= len(DATASETS)
    assert client.get(f"{API}/datasets", {"publisher": "WX-SJ"}).json()["count"] == by_data_bureau


def test_bad_catalogue_filters_are_named(city, opendata):
    client = city.client(language="zh-hans")
    answer = client.get(f"{API}/datasets", {"theme": "weather"})
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["fields"][0]["field"] == "theme"
    answer = client.get(f"{API}/datasets", {"colour": "red"})
    assert answer.status_code == 422 and "colour" in answer.content.decode()


def test_one_dataset_and_its_dcat(city, opendata):
    client = city.client(language="zh-hans")
    answer = client.get(f"{API}/datasets/{KEY}")
    assert answer.status_code == 200 and answer.json()["title"] == "测试公厕"
    assert client.get(f"{API}/datasets/no-such-thing").status_code == 404
    ld = client.get(f"{API}/datasets/{KEY}/jsonld")
    assert ld["Content-Type"].startswith("application/ld+json")
    assert ld.json()["dct:publisher"]["foaf:name"] == "无锡市城市管理局"
    catalogue = client.get(f"{API}/catalog.jsonld").json()
    assert catalogue["@type"] == "dcat:Catalog"
    assert len(catalogue["dcat:dataset"]) == Dataset.objects.count()
    identifiers = {d["dct:identifier"] for d in catalogue["dcat:dataset"]}
    assert KEY in identifiers and "figures-cases-by-month" in identifiers


def test_the_api_defines_a_dataset(city, opendata):
    body = {
        "title": "公共停车场",
        "publisher": "WX-CG",
        "theme": "transport",
        "keywords": ["停车"],
        "licence": "cc-by-4.0",
        "update_frequency": "weekly",
        "fields": [{"key": "name", "label": "名称", "required": True}],
    }
    officer = city.client(OFFICER, "zh-hans")
    url = f"{API}/datasets/car-parks"
    first = officer.put(url, body, content_type="application/json")
    assert first.status_code == 201, first.content
    again = officer.put(url, body, content_type="application/json")
    assert again.status_code == 200 and again.json()["modified"] == first.json()["modified"]
    other = city.client(OTHER_OFFICER, "zh-hans").put(url, body, content_type="application/json")
    assert other.status_code == 403
    assert "无锡市城市管理局" in other.json()["error"]["message"]
    anonymous = city.client().put(url, body, content_type="application/json")
    assert anonymous.status_code == 401
    bad = officer.put(url, body | {"theme": "weather"}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["error"]["details"]["fields"][0]["field"] == "theme"


def test_the_openapi_document_describes_the_platform(city, opendata):
    spec = city.client().get("/api/openapi.json").json()
    paths = spec["paths"]
    for path in (
        f"{API}/datasets",
        f"{API}/datasets/{{key}}",
        f"{API}/datasets/{{key}}/rows",
        f"{API}/datasets/{{key}}/releases",
        f"{API}/datasets/{{key}}/downloads",
        f"{API}/catalog.jsonld",
    ):
        assert path in paths, path
    listing = paths[f"{API}/datasets"]["get"]
    assert "security" not in listing or listing["security"] in ([], [{}])
    schema = listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = spec["components"]["schemas"][schema.rsplit("/", 1)[-1]]
    assert page["properties"]["items"]["items"]["$ref"].endswith("/OpenDatasetOut")
    out = spec["components"]["schemas"]["OpenDatasetOut"]["properties"]
    assert {"publisher", "theme", "licence", "update_frequency", "fields", "downloads"} <= set(out)
    upload = paths[f"{API}/datasets/{{key}}/releases"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert any(p["name"] == "Idempotency-Key" for p in upload["parameters"])
    dcat = paths[f"{API}/catalog.jsonld"]["get"]["responses"]["200"]["content"]
    assert "application/ld+json" in dcat


def test_a_figure_columns_type_comes_from_its_values_or_its_definition():
    figure = DATASETS["cases-by-category"]
    empty = {f.key: f.type for f in figure_fields(figure, [])}
    assert empty["category_code"] == "text" and empty["category"] == "text"
    assert empty["cases"] == "integer" and empty["on_time_rate"] == "decimal"
    row = {"category_code": "A", "category": "商事登记", "cases": 3, "concluded": 2}
    found = {f.key: f.type for f in figure_fields(figure, [row])}
    assert found["cases"] == "integer" and found["concluded"] == "integer"
