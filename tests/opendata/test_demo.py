"""The demo city's catalogue (``demo_catalogue``): every figure dataset registered and the
department datasets of ``demo_data/datasets.json`` published through the real upload
path, their rows as the file has them; run twice, nothing new; every page of it reads in
Chinese."""

from __future__ import annotations

import json

from onething.dashboard.selectors.datasets import DATASETS
from onething.opendata.models import Dataset, Release, ReleaseRow, Source
from onething.opendata.services.demo import DATA, demo_catalogue
from tests.web.test_wording import latin_words

SPEC = json.loads(DATA.read_text(encoding="utf-8"))["datasets"]


def test_the_demo_catalogue_is_made_once(city):
    lines: list[str] = []
    demo_catalogue(lines.append)
    assert Dataset.objects.filter(source=Source.FIGURES).count() == len(DATASETS)
    for entry in SPEC:
        dataset = Dataset.objects.get(key=entry["key"])
        release = dataset.releases.get()
        assert release.number == 1 and release.row_count == len(entry["rows"])
        assert [f.key for f in dataset.fields.order_by("position")] == [
            f[0] for f in entry["fields"]
        ]
        first = ReleaseRow.objects.get(release=release, n=1).values
        assert first[entry["fields"][0][0]] == entry["rows"][0][0]
    assert any("public-toilets" in line for line in lines)
    datasets, releases = Dataset.objects.count(), Release.objects.count()
    demo_catalogue(lines.append)
    assert (Dataset.objects.count(), Release.objects.count()) == (datasets, releases)
    assert "figure datasets 0 new, 0 changed" in lines[-len(SPEC) - 1]


def test_the_demo_catalogues_pages_read_in_chinese(city):
    demo_catalogue(lambda _line: None)
    client = city.client()
    for url in ["/opendata/", *(f"/opendata/{e['key']}/" for e in SPEC)]:
        answer = client.get(url)
        assert answer.status_code == 200
        words, _links = latin_words(answer.content.decode())
        assert words == [], f"{url}: {words}"
    toilets = client.get("/opendata/public-toilets/").content.decode()
    assert "南长街公厕" in toilets and "无锡市城市管理局" in toilets
