"""An inline formset read as the child rows of one definition (an item's materials, a
bundle's steps): the forms that hold a row, in the order their ``order`` field gives."""

from __future__ import annotations

from django import forms


class ChildRowsFormSet(forms.BaseInlineFormSet):
    """The forms kept as rows: cleaned, their ``key`` field filled in, not marked for
    deletion, sorted by ``order`` (stable: the page's order among equals)."""

    key = ""  # the field without which a form is an empty extra line

    def kept(self) -> list[forms.Form]:
        kept = [
            f
            for f in self.forms
            if getattr(f, "cleaned_data", None)
            and f.cleaned_data.get(self.key)
            and not f.cleaned_data.get("DELETE")
        ]
        return sorted(kept, key=lambda f: f.cleaned_data.get("order") or 0)
