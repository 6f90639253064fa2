"""The platform's pages, in Chinese with no English left on them: the catalogue (search,
theme and publisher filters, cards on a phone), a dataset's page (metadata, fields, first
rows, downloads with their counts, a figure dataset's chart), the officer's upload page
(every problem beside the file, idempotent, another department refused), and the links
from the portal and the footer."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onething.dashboard.selectors.datasets import DATASETS
from onething.opendata.models import Dataset, Release
from tests.web.test_wording import latin_words

from .conftest import KEY, OFFICER, OTHER_OFFICER, ROWS, csv_bytes


def chinese_page(client, url, status=200) -> str:
    answer = client.get(url)
    assert answer.status_code == status, answer.content[:500]
    html = answer.content.decode()
    words, _links = latin_words(html)
    assert words == [], f"{url}: {words}"
    return html


def test_the_catalogue_lists_searches_and_filters(city, opendata):
    client = city.client()
    html = chinese_page(client, "/opendata/")
    assert "公共数据开放平台" in html and "测试公厕" in html
    assert f"共 {Dataset.objects.count()} 个数据集" in html
    assert 'class="striped cards-on-phone opendata-list"' in html  # a card a dataset on a phone
    assert "城市建设" in html and "政务服务" in html  # the theme chips
    found = chinese_page(client, "/opendata/?q=测试专用")
    assert "测试公厕" in found and "共 1 个数据集" in found
    themed = chinese_page(client, "/opendata/?theme=government")
    government = Dataset.objects.filter(theme="government").count()
    assert "测试公厕" not in themed and f"共 {government} 个数据集" in themed
    by_publisher = chinese_page(client, "/opendata/?publisher=WX-CG")
    wx_cg = Dataset.objects.filter(publisher__code="WX-CG").count()
    assert "测试公厕" in by_publisher and f"共 {wx_cg} 个数据集" in by_publisher


def test_bad_catalogue_filters_say_why(city, opendata):
    html = chinese_page(city.client(), "/opendata/?publisher=无此部门", status=422)
    assert 'data-field="publisher"' in html and 'data-testid="filters-invalid"' in html
    assert city.client().get("/opendata/?page=99").status_code == 422


def test_an_officer_finds_their_departments_datasets(city, opendata):
    html = chinese_page(city.client(OFFICER), "/opendata/")
    assert 'href="?publisher=WX-CG"' in html


def test_a_release_datasets_page(city, publish):
    assert publish(csv_bytes(ROWS[:2])).status_code == 201
    client = city.client()
    client.get(f"/opendata/{KEY}/download.csv")
    html = chinese_page(client, f"/opendata/{KEY}/")
    assert 'data-testid="publisher">无锡市城市管理局<' in html
    assert "无锡市公共数据开放许可" in html and "每季度" in html
    assert "第 1 版" in html and "2 行" in html
    preview = html.split('data-testid="preview"', 1)[1].split("</table>", 1)[0]
    assert "南长街公厕" in preview and "120.3079" in preview and "<td>是</td>" in preview
    assert "<code>longitude</code>" in html  # the column keys, as code
    assert "已下载 1 次" in html
    assert 'data-testid="upload-link"' not in html  # anonymous: no upload
    officer = city.client(OFFICER).get(f"/opendata/{KEY}/").content.decode()
    assert 'data-testid="upload-link"' in officer
    other = city.client(OTHER_OFFICER).get(f"/opendata/{KEY}/").content.decode()
    assert 'data-testid="upload-link"' not in other


@pytest.mark.parametrize("figure", list(DATASETS))
def test_every_figure_datasets_page_reads_in_chinese(city, opendata, figure):
    html = chinese_page(city.client(), f"/opendata/figures-{figure}/")
    assert "实时生成" in html and "无锡市数据局" in html
    if DATASETS[figure].chart is not None:
        assert 'data-testid="chart-section"' in html
        assert 'src="/static/dashboard/charts.js"' in html
        assert re.search(r'data-chart="opendata-chart-data"|data-testid="chart-empty"', html)


def test_a_figure_dataset_with_rows_draws_its_chart(city, opendata):
    html = chinese_page(city.client(), "/opendata/figures-catalogue/")
    assert 'id="opendata-chart-data"' in html and 'data-chart="opendata-chart-data"' in html
    data = html.split('id="opendata-chart-data" type="application/json">', 1)[1].split("<", 1)[0]
    assert '"kind": "bar"' in data


def test_the_upload_page_publishes_a_release(city, opendata):
    client = city.client(OFFICER)
    html = chinese_page(client, f"/opendata/{KEY}/upload/")
    assert 'enctype="multipart/form-data"' in html and "经度" in html
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', html).group(1)
    form = {"file": SimpleUploadedFile("rows.csv", csv_bytes(ROWS[:2])), "idempotency_key": key}
    answer = client.post(f"/opendata/{KEY}/upload/", form)
    assert answer.status_code == 302 and answer["Location"] == f"/opendata/{KEY}/"
    page = chinese_page(client, f"/opendata/{KEY}/")
    assert "第 1 版已发布，共 2 行。" in page
    resent = {"file": SimpleUploadedFile("rows.csv", csv_bytes(ROWS[:2])), "idempotency_key": key}
    assert client.post(f"/opendata/{KEY}/upload/", resent).status_code == 302  # posted twice
    other = {"file": SimpleUploadedFile("rows.csv", csv_bytes(ROWS[:1])), "idempotency_key": key}
    assert client.post(f"/opendata/{KEY}/upload/", other).status_code == 409  # the key is used
    assert Release.objects.filter(dataset__key=KEY).count() == 1


def test_a_bad_upload_lists_every_problem_in_chinese(city, opendata):
    client = city.client(OFFICER)
    rows = [["GC-001", "", "东经120度", "", "", ""], ["GC-002", "公厕", "120.3", "一", "", ""]]
    form = {"file": SimpleUploadedFile("rows.csv", csv_bytes(rows))}
    answer = client.post(f"/opendata/{KEY}/upload/", form)
    assert answer.status_code == 422
    html = answer.content.decode()
    listed = html.split('data-testid="problems-file"', 1)[1].split("</ul>", 1)[0]
    assert "第 2 行“名称”列" in listed
    assert "第 2 行“经度”列" in listed and "第 3 行“厕位数”列" in listed
    assert "未发布：共 3 处问题" in html
    assert latin_words(html)[0] == []
    assert not Release.objects.filter(dataset__key=KEY).exists()


def test_the_upload_page_refuses_others(city, opendata):
    assert city.client(OTHER_OFFICER).get(f"/opendata/{KEY}/upload/").status_code == 403
    assert city.client("clerk.hudai").get(f"/opendata/{KEY}/upload/").status_code == 403
    anonymous = city.client().get(f"/opendata/{KEY}/upload/")
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert city.client("admin").get("/opendata/figures-catalogue/upload/").status_code == 409
    assert city.client().get("/opendata/no-such-thing/").status_code == 404


def test_the_portal_and_the_footer_link_to_the_platform(city, opendata):
    home = city.client().get("/").content.decode()
    assert 'data-testid="link-opendata"' in home and 'href="/opendata/"' in home
    other = city.client(OFFICER).get("/figures/").content.decode()
    assert 'data-testid="footer-opendata"' in other
