"""Template helpers of the appeal pages."""

from django import template

register = template.Library()


@register.filter
def labelled(row, columns):
    """A list_page row with each cell's column label: [(label, value, link)], so that a
    table can stack on a phone (``<td data-label>``)."""
    return [
        (column.label, value, link) for column, (value, link) in zip(columns, row, strict=False)
    ]
