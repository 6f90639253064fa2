"""Forms of the union finance pages (subsidy pool, ledger, settlements, reconciliation) and
of the honoree's rides. Money is typed in yuan and becomes whole fen exactly (no float on
the way); a month is typed ``YYYY-MM``."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core.forms import confirm_field

from ..models import SettlementStatus

YUAN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
MONTH = re.compile(r"\d{4}-\d{2}")
FIRST_YEAR, LAST_YEAR = 1900, 9998


def yuan_to_fen(text: str) -> int:
    """``"1200.5"`` → 120050. Refuses (forms.ValidationError) what is not a plain decimal
    number and more than two decimals; the sign is kept (the field decides the range)."""
    text = (text or "").strip().replace(",", "").replace("，", "")
    if not YUAN.fullmatch(text):
        raise forms.ValidationError(
            _("Enter an amount in yuan, such as 1200 or 1200.50."), code="format"
        )
    try:
        amount = Decimal(text)
    except InvalidOperation:  # the pattern lets through nothing Decimal refuses
        raise forms.ValidationError(_("Enter an amount in yuan."), code="format") from None
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise forms.ValidationError(
            _("At most two decimals: the smallest amount is one fen (0.01 yuan)."),
            code="decimals",
        )
    return int(fen)


def parse_month(text: str) -> dt.date:
    """``"2026-02"`` → 1 February 2026 (forms.ValidationError otherwise)."""
    text = (text or "").strip()
    try:
        if not MONTH.fullmatch(text):
            raise ValueError(text)
        month = dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise forms.ValidationError(_("A month is written YYYY-MM."), code="format") from None
    if not FIRST_YEAR <= month.year <= LAST_YEAR:
        raise forms.ValidationError(_("This month is out of range."), code="range")
    return month


def _typed(value, max_length: int) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > max_length:
        raise forms.ValidationError(
            _("At most %(n)s characters.") % {"n": max_length}, code="max_length"
        )
    return text


class YuanField(forms.Field):
    """An amount typed in yuan; cleans to whole fen. ``minimum_fen``: the smallest allowed
    (1 for a positive amount, 0 for zero or more)."""

    MAX_LENGTH = 20

    def __init__(self, *, minimum_fen: int = 1, **kwargs):
        self.minimum_fen = minimum_fen
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": self.MAX_LENGTH}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        text = _typed(value, self.MAX_LENGTH)
        if not text:
            return None
        fen = yuan_to_fen(text)
        if fen < self.minimum_fen:
            message = (
                _("The amount must be more than 0.")
                if self.minimum_fen > 0
                else _("The amount cannot be negative.")
            )
            raise forms.ValidationError(message, code="min_value")
        return fen


class MonthField(forms.Field):
    """A month (``YYYY-MM``); cleans to its first day."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM", "maxlength": 7}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        text = _typed(value, 20)
        return parse_month(text) if text else None


def _key() -> forms.CharField:
    return forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


class WithKey(forms.Form):
    """A form whose double submit (the same hidden key) gives the first result."""

    idempotency_key = _key()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = uuid.uuid4().hex


# ---------------------------------------------------------------- the subsidy pool


class TopUpForm(WithKey):
    amount = YuanField(label=_("Amount (yuan)"), minimum_fen=1)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ThresholdForm(forms.Form):
    warning_below = YuanField(label=_("Warn below (yuan)"), minimum_fen=0)


class TopUpFilter(forms.Form):
    month = MonthField(label=_("Month"), required=False)


def _choices(pairs, empty) -> list[tuple[str, str]]:
    return [("", empty), *pairs]


class LedgerFilter(forms.Form):
    KINDS = [("swipes", _("Swipes only")), ("corrections", _("Corrections only"))]

    operator = forms.ChoiceField(label=_("Operator"), required=False)
    venue = forms.ChoiceField(label=_("Venue"), required=False)
    month = MonthField(label=_("Month booked"), required=False)
    kind = forms.ChoiceField(label=_("Rows"), required=False)

    def __init__(self, *args, operators=(), venues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].choices = _choices(operators, _("All operators"))
        self.fields["venue"].choices = _choices(venues, _("All venues"))
        self.fields["kind"].choices = _choices(self.KINDS, _("All rows"))


# ---------------------------------------------------------------- settlements


class SettlementFilter(forms.Form):
    operator = forms.ChoiceField(label=_("Operator"), required=False)
    month = MonthField(label=_("Month"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, operators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].choices = _choices(operators, _("All operators"))
        self.fields["status"].choices = _choices(SettlementStatus.choices, _("Any status"))


class PrepareForm(WithKey):
    """Prepare (or recompute the draft of) the statement of one operator for one month."""

    operator = forms.ChoiceField(label=_("Operator"))
    month = MonthField(label=_("Month"))

    def __init__(self, *args, operators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].choices = _choices(operators, _("Choose an operator"))


class ApproveForm(forms.Form):
    confirm = confirm_field(
        _("I understand: once approved, the statement's figures no longer change.")
    )


class PayForm(forms.Form):
    payment_reference = forms.CharField(
        label=_("Payment reference"),
        max_length=60,
        help_text=_("The bank transfer number or the voucher of the payment."),
    )
    confirm = confirm_field(_("I understand: marking it paid is final."))


class ReconcileForm(WithKey):
    file = forms.FileField(
        label=_("The operator's export (.xlsx or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )


# ---------------------------------------------------------------- rides


class RidesFilter(forms.Form):
    OUTCOMES = [("allowed", _("Allowed")), ("denied", pgettext_lazy("gate", "Denied"))]

    month = MonthField(label=_("Month"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = _choices(self.OUTCOMES, _("All swipes"))
