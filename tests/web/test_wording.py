"""The pages read in Chinese: no English word, username or internal code on a Chinese page.

Each demo role signs in (zh-hans), opens its home, every page its home and menu link to,
and the pages those link to (one level deeper: a few of each kind), and the visible text of
each page (tags, scripts and styles stripped; <code>, URLs and attribute values ignored) is
scanned for Latin words of two or more letters that are not on the short allowlist of
names legitimately written in Latin letters (PDF, QR, Excel, Open311 …)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

# every demo account a person signs in with (README's table; the gates are API only)
ROLES = [
    "admin",
    "zhangwei",
    "qiye.chengfeng",
    "qiye.delijia",
    "agent.chengxin",
    "clerk.hudai",
    "clerk.xueyan",
    "clerk.wanshi",
    "officer.hudai",
    "officer.xueyan",
    "officer.binhu",
    "officer.jy-sw",
    "officer.jy-scjg",
    "officer.xs-zrzy",
    "officer.xs-zj",
    "officer.wx-cg",
    "officer.wx-sj",
    "officer.qmq",
    "supervisor",
    "dispatcher",
    "union",
    "laomo.chen",
    "laomo.qian",
    "institute",  # the training institute's staff
    "registrar.lzu",  # a partner university's registrar
    "adviser.zwax",  # a company's 企业家班主任
    "student.wei",  # a student in the summer class
    "leader.shengang",  # 申港街道's party secretary on night duty (带班值班)
]

# Latin words a Chinese government page may carry: file formats, brands, standards
ALLOWED = {
    "pdf",
    "qr",
    "api",
    "openapi",
    "excel",
    "xlsx",
    "csv",
    "id",
    "open311",
    "gbk",
    "utf",
    "json",
    "gb",
    "gb/t",
    "ems",
    "sms",
    "jpeg",
    "jpg",
    "png",
    "english",  # the language switch names the other language in its own words
    "ai",  # the institute's track AI芯片, as the seed names it
    "fpga",  # the digital-circuit track's course FPGA开发与验证, as the trade writes it
    # the units of the operations centre's monitored values (SI and the trades' symbols)
    *("mm", "cm", "m/s", "km/h", "mpa", "kpa", "kn", "mg/l", "g/m", "ppm", "lel", "obs/m"),
    # the pollutants as the national air-quality standard (GB 3095) and its Chinese name them
    *("pm2.5", "pm10", "aqi"),
}

# links not crawled: sign-out, language switch, exports and downloads (a case's material
# too: the demo's files are not copied with its database), the admin site
SKIP = re.compile(
    r"^/(logout|i18n|admin|api|static|media|open311)/|/materials/|[?&](export|format)="
    r"|\.(xlsx|csv|pdf|png|svg|json)$"
)
WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[._\-/][A-Za-z0-9]+)*")
FILE_NAME = re.compile(r"\.(pdf|jpe?g|png|xlsx|csv|docx?)$", re.IGNORECASE)  # an upload's name
URL_TEXT = re.compile(r"(https?://\S+|(?<![\w])/[\w\-./?=&%]+)")


class _Text(HTMLParser):
    """The visible text of a page, and its links."""

    SILENT = {"script", "style", "code", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._silent = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SILENT:
            self._silent += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in self.SILENT and self._silent:
            self._silent -= 1

    def handle_data(self, data):
        if not self._silent:
            self.parts.append(data)


def latin_words(html: str) -> tuple[list[str], list[str]]:
    """The words not allowed on a Chinese page, and the page's links."""
    parser = _Text()
    parser.feed(html)
    text = URL_TEXT.sub(" ", " ".join(parser.parts))
    words = []
    for word in WORD.findall(text):
        letters = sum(ch.isalpha() for ch in word)
        if letters < 2 or word.lower() in ALLOWED or FILE_NAME.search(word):
            continue
        if re.fullmatch(r"[A-Z0-9\-]+", word) and any(ch.isdigit() for ch in word):
            continue  # a plate, a gate or a case number (B12345, WX-2026-…)
        words.append(word)
    return words, parser.links


def _local(href: str) -> str | None:
    href, _fragment = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if SKIP.search(href):
        return None
    return href


def _kind(url: str) -> str:
    """Pages of one kind (a case, an appeal …): numbers and codes folded."""
    path = urlsplit(url).path
    return re.sub(r"/[^/]*\d[^/]*", "/N", path)


def crawl(client, start: str = "/", per_kind: int = 2) -> tuple[dict[str, list[str]], int]:
    """Home → every page it links to → a few of each kind of page those link to: the words
    found per page, and the number of pages read."""
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    read = 0
    kinds: dict[str, int] = {}
    level = [start]
    for depth in range(3):
        following = []
        for url in level:
            if url in seen:
                continue
            seen.add(url)
            answer = client.get(url)
            if answer.status_code != 200 or "text/html" not in answer.get("Content-Type", ""):
                continue
            read += 1
            words, links = latin_words(answer.content.decode())
            if words:
                found[url] = sorted(set(words))
            if depth == 2:
                continue
            for link in links:
                local = _local(link)
                if local is None or local in seen:
                    continue
                kind = _kind(local)
                if kinds.get(kind, 0) >= per_kind and local != urlsplit(local).path:
                    continue
                if kinds.get(kind, 0) >= per_kind * 2:
                    continue
                kinds[kind] = kinds.get(kind, 0) + 1
                following.append(local)
        level = following
    return found, read


# --- the scanner itself (pure) ------------------------------------------------------------


def test_the_scanner_finds_english_words_and_codes_in_visible_text_only():
    html = """<html><head><title>办件</title><style>.x{color:red}</style>
    <script>var instant = 1;</script></head><body>
    <p>受理人 clerk.wanshi (clerk)，办理方式 instant</p>
    <p>结果 electronic；申报 declare</p>
    <a href="/cases/12/?state=accepted" title="promised">查看</a>
    <code>ot_demo0001</code> 下载 PDF、Excel、.xlsx 与 CSV，扫 QR，Open311 与 OpenAPI，
    编号 WX-2026-000123，车牌 B12345，地址 /cases/1/</body></html>"""
    words, links = latin_words(html)
    assert words == ["clerk.wanshi", "clerk", "instant", "electronic", "declare"]
    assert links == ["/cases/12/?state=accepted"]


def test_a_chinese_page_passes():
    words, _links = latin_words(
        "<p>即办件 · 承诺件 · 电子证照 · 窗口领取 · 12,345 件 · ¥1,234.50</p>"
    )
    assert words == []


# --- the crawl on the demo city -------------------------------------------------------------


@pytest.mark.demo_city
@pytest.mark.parametrize("username", ROLES)
def test_every_page_a_role_reaches_reads_in_chinese(city, username):
    found, read = crawl(city.client(username))
    assert read >= 8  # the home, its menu and what they lead to
    assert not found, "\n".join(f"{url}: {', '.join(words)}" for url, words in found.items())


@pytest.mark.demo_city
def test_the_public_pages_read_in_chinese(city):
    found, read = crawl(city.client())
    assert read >= 8
    assert not found, "\n".join(f"{url}: {', '.join(words)}" for url, words in found.items())
