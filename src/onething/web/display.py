"""Small display helpers every app's pages share: a coloured mark, a code, a local time and
the lines of a record's timeline (web/_timeline.html). Numbers and money:
onething.core.numbers (filters |number, |percent, |yuan)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _


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


def account_name(user) -> str:
    """An account as a timeline names it: its role and where it works (网格员 胡埭镇); the
    platform itself for none."""
    return f"{user.get_role_display()} {user.display_name}" if user else _("The platform")


def timeline_lines(
    steps: Iterable[Any],
    label: Callable[[str], Any],
    extra: Callable[[Any], dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """A record's timeline (its steps, in order, each with ``action``, ``at``, ``actor`` and
    ``note``) as web/_timeline.html shows it: the action and its ``label``, when, who and
    the note, with what ``extra`` adds of the step (e.g. an amount)."""
    return [
        {
            "action": step.action,
            "label": label(step.action),
            "at": local(step.at),
            "who": account_name(step.actor),
            "note": step.note,
            **(extra(step) if extra is not None else {}),
        }
        for step in steps
    ]
