"""How GeoReport v2 answers are written: the same rows as JSON (a list of objects) or as
XML (a root element with one child per row), dates in the w3 format, and the spec's error
list (``[{"code", "description"}]`` / ``<errors><error>…``) with its HTTP status."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

FORMATS = ("json", "xml")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
# Characters XML 1.0 cannot carry at all (a user's text may hold them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Open311Error(Exception):
    """An answer in the spec's error format: HTTP ``status`` and one or more
    (code, description) pairs."""

    def __init__(self, status: int, *descriptions: str, code: int | None = None) -> None:
        super().__init__("; ".join(descriptions))
        self.status = status
        self.errors = [(code or status, str(d)) for d in descriptions]


def w3_datetime(value: dt.datetime | None) -> str | None:
    """``2026-03-01T09:30:00+08:00``: local time (Asia/Shanghai) with its offset."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def end_of_day(day: dt.date | None) -> dt.datetime | None:
    """The last second of ``day`` in local time (when a reply falls due)."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def _plain(value):
    """A value as JSON carries it (decimals as numbers, datetimes in the w3 format)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return w3_datetime(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _xml_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return w3_datetime(value) or ""
    return _NOT_XML.sub("", str(value))


def _xml_fill(element: ET.Element, value) -> None:
    """Write ``value`` under ``element``: a mapping as child elements, a list of mappings
    as repeated ``item_tag`` children (given as ``(tag, rows)``), anything else as text."""
    if isinstance(value, Mapping):
        for key, child in value.items():
            _xml_fill(ET.SubElement(element, key), child)
    elif isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list):
        tag, rows = value
        for row in rows:
            _xml_fill(ET.SubElement(element, tag), row)
    elif isinstance(value, list):
        # a list with no declared item tag (only empty lists occur: ``attributes``)
        for row in value:
            _xml_fill(ET.SubElement(element, "item"), row)
    else:
        element.text = _xml_text(value)


def xml_bytes(root_tag: str, value) -> bytes:
    root = ET.Element(root_tag)
    _xml_fill(root, value)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode").encode()


def render_list(
    fmt: str, rows: Iterable[Mapping], *, root: str, item: str, status: int = 200
) -> HttpResponse:
    """Rows as a JSON list, or as ``<root><item>…</item>…</root>``."""
    rows = list(rows)
    if fmt == "xml":
        body = xml_bytes(root, (item, rows))
    else:
        body = json.dumps([_plain(r) for r in rows], ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def render_object(fmt: str, value: Mapping, *, root: str, status: int = 200) -> HttpResponse:
    """One object as JSON, or as ``<root>…</root>`` (the service definition)."""
    if fmt == "xml":
        body = xml_bytes(root, value)
    else:
        body = json.dumps(_plain(value), ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def render_error(fmt: str, error: Open311Error) -> HttpResponse:
    rows = [{"code": code, "description": description} for code, description in error.errors]
    return render_list(fmt, rows, root="errors", item="error", status=error.status)
