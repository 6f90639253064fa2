"""What the page tests of the operations centre share: a reported event, the page's text
checked for English words (tests/web/test_wording.py's scanner), and the problems shown
beside the inputs of a refused form."""

from __future__ import annotations

import re

from onething.cityops.models import Event
from onething.cityops.services.events import event_report
from tests.web.test_wording import latin_words

REPORT = {
    "title": "鸿翔路井盖缺失",
    "description": "鸿翔路与环山路路口东侧井盖缺失，已放置临时警示。",
    "region_code": "320211102",
    "latitude": "31.534512",
    "longitude": "120.143210",
}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def reported(city, **overrides) -> Event:
    return event_report(actor=city.actor("inspector"), **{**REPORT, **overrides})


def chinese(response) -> str:
    """The page's HTML, after checking that it is a page in Chinese: no English word, no
    internal code in its visible text, and no inline script (CSP)."""
    html = response.content.decode()
    words, _links = latin_words(html)
    assert not words, f"English on a Chinese page: {words}"
    assert not INLINE_SCRIPT.search(html), "an inline script (the CSP refuses it)"
    return html


def errors(response) -> dict[str, str]:
    """The problems shown beside the inputs: input name → message."""
    html = response.content.decode()
    found = re.findall(r'<small class="error"[^>]*data-field="([^"]+)"[^>]*>([^<]*)</small>', html)
    return dict(found)
