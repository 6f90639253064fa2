"""The case's page, for the apps built on cases whose panel (``hooks.panel``) posts forms
of its own: their views never import cases' views. ``case_page(request, number,
panel=…, refusal=hooks.PanelRefusal.of(action, error, form))`` shows the page again with
the refusal in that panel, its status the refusal's; ``panel_refused(...)`` does so for a
refused panel form, its problems beside its inputs."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from onething.core.errors import DomainError, ValidationFailed
from onething.core.forms import problems_on

from . import hooks
from .views.detail import case_page

__all__ = ["case_page", "panel_refused"]


def panel_refused(
    request,
    number: str,
    *,
    panel: hooks.Panel,
    action: str,
    error: DomainError,
    form: Any = None,
    renames: dict[str, str] | None = None,
) -> HttpResponse:
    """The case page again after ``panel``'s form for ``action`` was refused by ``error``:
    a refusal of the form's values put beside its inputs (``renames`` maps a service field
    to an input), the refusal in the panel, the page's status the refusal's."""
    if isinstance(error, ValidationFailed) and form is not None:
        problems_on(form, error, renames)
    refusal = hooks.PanelRefusal.of(action, error, form)
    return case_page(request, number, panel=panel, refusal=refusal)
