"""How the catalogue's values read on a page. Pure: no database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from onething.core.numbers import yuan

from ..formschema import Field


def fee(fen: int) -> str:
    return _("Free") if fen == 0 else yuan(fen)


def channels(online: bool, at_window: bool) -> str:
    names = [_("Online")] * bool(online) + [_("At a window")] * bool(at_window)
    return " · ".join(names)


@dataclass(frozen=True)
class FieldPreview:
    """One field of an item's application form, as the preview shows it."""

    name: str
    title: str
    required: bool
    input: str  # text, number, date, email, tel, checkbox, select
    kind: str  # what is asked for, in words
    rules: list[str]
    choices: list[Any]


def field_preview(field: Field) -> FieldPreview:
    spec = field.spec
    kinds = {
        "string": _("Text"),
        "integer": _("Whole number"),
        "number": _("Number"),
        "boolean": _("Yes or no"),
    }
    formats = {
        "cn-ric": (_("Resident ID number"), "text"),
        "cn-uscc": (_("Unified social credit code"), "text"),
        "cn-phone": (_("Mobile phone number"), "tel"),
        "date": (_("Date"), "date"),
        "email": (_("E-mail address"), "email"),
    }
    kind, widget = kinds.get(field.type, field.type), "text"
    if field.type in ("integer", "number"):
        widget = "number"
    elif field.type == "boolean":
        widget = "checkbox"
    if field.format in formats:
        kind, widget = formats[field.format]
    if field.choices:
        widget = "select"
    rules = []
    if "maxLength" in spec:
        rules.append(_("at most %(n)s characters") % {"n": spec["maxLength"]})
    if "minLength" in spec and spec["minLength"] > 1:
        rules.append(_("at least %(n)s characters") % {"n": spec["minLength"]})
    if "minimum" in spec:
        rules.append(_("from %(n)s") % {"n": spec["minimum"]})
    if "maximum" in spec:
        rules.append(_("up to %(n)s") % {"n": spec["maximum"]})
    return FieldPreview(
        name=field.name,
        title=str(field.title),
        required=field.required,
        input=widget,
        kind=str(kind),
        rules=rules,
        choices=list(field.choices or []),
    )
