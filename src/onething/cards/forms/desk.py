"""Forms of a venue's desk (服务台): what the staff type or scan (a card's number or the
personal code), the visit's details (the green channel's service, or the bill in yuan,
stored in whole fen), and the hidden visit id that makes a double submit record once."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import PriorityService
from ..rules.numbers import compact
from .finance import YuanField

CODE_PREFIX = "LM1."  # a personal code (rules.codes.PREFIX)


def credential(text: str) -> dict[str, str]:
    """What was typed or scanned, as the desk service takes it: a personal code (it starts
    with ``LM1.``) or a card's number."""
    text = (text or "").strip()
    if text.startswith(CODE_PREFIX):
        return {"code": text}
    return {"card_number": compact(text)}


class IdentifyForm(forms.Form):
    card = forms.CharField(
        label=_("Card number or honour certificate code"),
        max_length=1000,
        help_text=_("Scan the QR code of the honour certificate, or type the card's number."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class VisitForm(forms.Form):
    """The visit's details; ``card`` and ``visit_id`` travel hidden from step to step."""

    card = forms.CharField(widget=forms.HiddenInput, max_length=1000)
    visit_id = forms.CharField(widget=forms.HiddenInput, max_length=64)
    service = forms.ChoiceField(
        label=_("Priority service given"),
        choices=PriorityService.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    bill = YuanField(label=_("Bill (yuan)"), minimum_fen=1, required=False)

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit_id"].initial = uuid.uuid4().hex
        if kind != "priority":
            del self.fields["service"]
        else:
            self.fields["service"].required = True
        if kind != "bill_discount":
            del self.fields["bill"]
        else:
            self.fields["bill"].required = True
