"""The one way numbers and money read on a page (``onething.core.numbers``), as filters
loaded in every template (settings: ``builtins``):

- ``{{ n|number }}`` a count with thousands separators: ``12,345``; ``{{ rate|number:1 }}``
  one decimal: ``87.5``; nothing: ``—``.
- ``{{ rate|percent }}`` a rate or share: ``87.5%``.
- ``{{ fen|yuan }}`` money, integer fen (or a Decimal of yuan): ``¥1,234.50``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from onething.core import numbers

register = template.Library()


@register.filter(name="number")
def number(value, decimals=None):
    return numbers.number(value, None if decimals in (None, "") else int(decimals))


@register.filter(name="percent")
def percent(value, decimals=None):
    return numbers.percent(value, None if decimals in (None, "") else int(decimals))


@register.filter(name="yuan")
def yuan(value):
    if isinstance(value, float | str) and value != "":  # never a 500 for a page's figure
        try:
            value = Decimal(str(value))
        except InvalidOperation:
            return str(value)
    return numbers.yuan(value)
