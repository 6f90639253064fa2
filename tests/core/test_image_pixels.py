"""Images are capped by pixel count, read from the header before anything is decoded: a
20 KB PNG that claims 13000×13000 pixels is refused as a case material and as an appeal
photo (422 naming the field and ``too_many_pixels``, nothing stored) without the process
growing; a 12-megapixel photo passes."""

import contextlib
import io
import re
import struct
import tracemalloc
import warnings
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from PIL import Image

from onething.appeals.models import Appeal, AppealPhoto
from onething.cases.models import Material
from onething.core.errors import ValidationFailed
from onething.core.uploads import image_dimensions, inspect_image, inspect_upload, pixels_problem
from tests.appeals.api_support import STREETLIGHT
from tests.appeals.api_support import Api as AppealsApi
from tests.cases.conftest import Api as CasesApi

MB = 2**20


def bomb_png(width: int = 13000, height: int = 13000) -> bytes:
    """A valid 1-bit PNG of ``width × height`` black pixels, about 20 KB on disk (the rows
    are compressed one at a time, so making it allocates nothing large); decoding it would
    take width × height bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    packer = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # the filter byte, then the packed bits
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def photo_jpeg(size=(4000, 3000)) -> bytes:
    """A 12-megapixel phone-sized photo (a gradient, so it is a real JPEG of some size)."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _kb(key: str) -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{key}:\s+(\d+) kB", status, re.MULTILINE).group(1)) * 1024


@contextlib.contextmanager
def memory_peak(limit: int = 50 * MB):
    """Fail when the block grows Python's heap (tracemalloc) or, on Linux, the process's
    resident set (Pillow decodes with C malloc, which tracemalloc does not see) by more
    than ``limit`` at its peak."""
    rss = Path("/proc/self/clear_refs")
    measure_rss = rss.exists()
    if measure_rss:
        try:
            rss.write_text("5")  # resets the peak (VmHWM) to the current resident set
        except OSError:
            measure_rss = False
    baseline = _kb("VmRSS") if measure_rss else 0
    tracemalloc.start()
    try:
        yield
        _current, python_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert python_peak < limit, f"Python heap peaked {python_peak / MB:.0f} MB higher"
    if measure_rss:
        grown = _kb("VmHWM") - baseline
        assert grown < limit, f"resident set peaked {grown / MB:.0f} MB higher"


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _problem(answer) -> dict:
    assert answer.status_code == 422, answer.content
    body = answer.json()["error"]
    assert body["code"] == "validation_failed"
    [problem] = body["details"]["fields"]
    return problem


# -- through the API ---------------------------------------------------------------------


def test_a_pixel_bomb_is_refused_as_a_case_material(city, media):
    data = bomb_png()
    assert len(data) < 100_000
    zhang = CasesApi(city, "zhangwei", "zh-hans")
    before = Material.objects.count()
    with memory_peak():
        answer = zhang.upload("photo", name="scan.png", data=data)
    problem = _problem(answer)
    assert (problem["field"], problem["rule"]) == ("file", "too_many_pixels")
    assert problem["message"] == "图片过大：最多 4000 万像素（本图 16900 万像素）"
    assert Material.objects.count() == before
    assert _files(media) == []


def test_a_pixel_bomb_is_refused_as_an_appeal_photo(city, media):
    zhang = AppealsApi(city, "zhangwei")
    before = (Appeal.objects.count(), AppealPhoto.objects.count())
    with memory_peak():
        answer = zhang.multipart(
            "/api/appeals/upload",
            {
                **STREETLIGHT,
                "photos": [
                    SimpleUploadedFile("lamp.jpg", photo_jpeg((40, 30))),
                    SimpleUploadedFile("lamp.png", bomb_png()),
                ],
            },
        )
    problem = _problem(answer)
    assert (problem["field"], problem["rule"]) == ("photos.1", "too_many_pixels")
    assert problem["message"] == (
        "The image is too large: at most 40 million pixels (this one has 169 million)."
    )
    assert (Appeal.objects.count(), AppealPhoto.objects.count()) == before
    assert _files(media) == []


def test_the_appeal_page_shows_the_refusal_beside_the_photos(city, media):
    from tests.appeals.test_pages_requester import CHENGFENG, file, photo

    before = Appeal.objects.count()
    response = file(city.client(CHENGFENG), photos=[photo("big.png", bomb_png())])
    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-field="photos"' in html
    assert "图片过大：最多 4000 万像素（本图 16900 万像素）" in html
    assert Appeal.objects.count() == before
    assert _files(media) == []


def test_a_phone_photo_passes_as_a_case_material_and_an_appeal_photo(city, media):
    data = photo_jpeg()
    answer = CasesApi(city, "zhangwei").upload("photo", name="IMG_0001.jpg", data=data)
    assert answer.status_code == 201, answer.content
    assert Material.objects.get(pk=answer.json()["id"]).file.read() == data

    zhang = AppealsApi(city, "zhangwei")
    filed = zhang.multipart(
        "/api/appeals/upload",
        {**STREETLIGHT, "photos": [SimpleUploadedFile("lamp.jpg", data)]},
    )
    assert filed.status_code == 201, filed.content
    assert [p["content_type"] for p in zhang.get(filed["Location"]).json()["photos"]] == [
        "image/jpeg"
    ]


# -- the check itself, without a database ------------------------------------------------


def test_the_size_is_read_from_the_header_without_decoding():
    with memory_peak(20 * MB):
        assert image_dimensions(bomb_png(), "image/png") == (13000, 13000)
    assert image_dimensions(photo_jpeg((400, 300)), "image/jpeg") == (400, 300)
    assert image_dimensions(b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "image/png") is None
    assert image_dimensions(photo_jpeg((40, 30)), "image/png") is None


@pytest.mark.parametrize(
    ("width", "height", "refused"),
    [
        (6000, 4000, False),  # a 24-megapixel phone photo
        (8000, 5000, False),  # exactly the limit
        (8000, 5001, True),
        (13000, 13000, True),
        (1, 40_000_001, True),  # a strip counts as much as a square
    ],
)
def test_the_limit_counts_pixels(width, height, refused):
    problem = pixels_problem(width, height, field="file", max_pixels=40_000_000)
    assert (problem is not None) is refused
    if refused:
        assert (problem.field, problem.rule) == ("file", "too_many_pixels")


def test_the_message_says_the_limit_in_the_readers_words():
    with translation.override("en"):
        en = pixels_problem(6001, 6667, field="f", max_pixels=40_000_000).message
    with translation.override("zh-hans"):
        zh = pixels_problem(13000, 13000, field="f", max_pixels=40_000_000).message
    assert en == "The image is too large: at most 40 million pixels (this one has 40.01 million)."
    assert zh == "图片过大：最多 4000 万像素（本图 16900 万像素）"


def test_inspect_refuses_before_decoding_and_follows_the_setting():
    assert settings.ONETHING_MAX_IMAGE_PIXELS == 40_000_000
    for inspect in (inspect_upload, inspect_image):
        with memory_peak(20 * MB), pytest.raises(ValidationFailed) as refused:
            inspect("bomb.png", bomb_png(), "upload")
        assert [(p.field, p.rule) for p in refused.value.problems] == [
            ("upload", "too_many_pixels")
        ]
    small = photo_jpeg((400, 300))
    assert inspect_upload("a.jpg", small).content_type == "image/jpeg"
    with override_settings(ONETHING_MAX_IMAGE_PIXELS=100_000):
        with pytest.raises(ValidationFailed) as refused:
            inspect_image("a.jpg", small)
        assert refused.value.problems[0].rule == "too_many_pixels"


@pytest.mark.parametrize(
    ("name", "data", "rule"),
    [
        ("lamp.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "type"),  # a signature, no header
        ("lamp.jpg", b"\xff\xd8\xff" + b"\0" * 40, "type"),
        ("lamp.jpg", bomb_png(20, 20), "mismatch"),
    ],
)
def test_a_header_that_cannot_be_read_as_the_declared_type_is_refused(name, data, rule):
    with pytest.raises(ValidationFailed) as refused:
        inspect_upload(name, data)
    assert refused.value.problems[0].rule == rule


def test_pillow_refuses_more_than_the_setting_on_any_other_path():
    assert Image.MAX_IMAGE_PIXELS == settings.ONETHING_MAX_IMAGE_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with pytest.raises(Image.DecompressionBombWarning):
            Image.open(io.BytesIO(bomb_png(7000, 7000)))
