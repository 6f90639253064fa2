"""The case's page, for the apps built on cases whose panel (``hooks.panel``) posts forms
of its own: their views never import cases' views. ``case_page(request, number,
panel=…, refusal=hooks.PanelRefusal.of(action, error, form))`` shows the page again with
the refusal in that panel, its status the refusal's."""

from __future__ import annotations

from .views.detail import case_page

__all__ = ["case_page"]
