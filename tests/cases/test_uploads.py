"""Uploads are checked by content: empty, too large, not PDF/JPEG/PNG, or not what the name
says → 422 naming the rule; nothing stored."""

import pytest
from django.test import override_settings

from onething.cases.models import Material
from tests import files


@pytest.mark.parametrize(
    ("name", "data", "rule"),
    [
        ("scan.pdf", b"", "empty"),
        ("scan.pdf", b"hello, not a pdf", "type"),
        ("scan.docx", b"PK\x03\x04 something", "type"),
        ("photo.jpg", files.png(), "mismatch"),
        ("scan.pdf", files.png(), "mismatch"),
        ("photo.png", files.png((64, 64), noise=True)[:4000], "corrupt"),
    ],
)
def test_bad_files_are_refused(api, name, data, rule):
    before = Material.objects.count()
    answer = api("zhangwei").upload("id-card", name=name, data=data)
    assert answer.status_code == 422, answer.content
    assert answer.json()["error"]["details"]["fields"][0]["rule"] == rule
    assert Material.objects.count() == before


@override_settings(ONETHING_UPLOAD_MAX_BYTES=1000)
def test_too_large(api):
    answer = api("zhangwei").upload(
        "id-card", name="photo.png", data=files.png((200, 200), noise=True)
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["fields"][0]["rule"] == "too_large"


def test_good_files_are_stored_with_their_hash(api):
    import hashlib

    data = files.jpeg()
    answer = api("zhangwei").upload("photo", name="me.JPG", data=data)
    assert answer.status_code == 201
    body = answer.json()
    assert body["content_type"] == "image/jpeg"
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    stored = Material.objects.get(pk=body["id"])
    assert stored.file.read() == data


def test_unknown_material_type_and_roles(api):
    assert api("zhangwei").upload("no-such-type").status_code == 422
    assert api("supervisor").upload("id-card").status_code == 403
