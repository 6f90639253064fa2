"""Small display helpers every app's pages share: a coloured mark, a code and a local time.
Numbers and money: onething.core.numbers (filters |number, |percent, |yuan)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.html import format_html


class Mark(str):
    """A label: a coloured mark on a page, plain text in an export."""

    kind: str

    def __new__(cls, text: Any, kind: str) -> Mark:
        mark = super().__new__(cls, str(text))
        mark.kind = kind
        return mark

    def __html__(self) -> str:
        return format_html(
            '<mark class="state {}" data-state="{}">{}</mark>', self.kind, self.kind, str(self)
        )


class Code(str):
    """A reference for machines and for matching with another system (a swipe's serial, a
    gate's number): ``<code>`` on a page, plain text in an export."""

    def __html__(self) -> str:
        return format_html("<code>{}</code>", str(self))


def local(value) -> str:
    """An aware datetime in the city's time, to the minute ('' for none)."""
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""
