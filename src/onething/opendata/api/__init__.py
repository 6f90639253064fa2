"""The public-data platform's JSON API (under ``/api/opendata/``, tag ``open data
platform``): the catalogue (plain JSON and DCAT JSON-LD), one dataset, its rows paged by
row number, its releases and download counts — public and anonymous; a department's
officer defines a dataset and publishes releases. Mounted in ``config/api.py`` with
``api.add_router("/opendata/", opendata_router)``."""

from ninja import Router

from . import catalogue, releases, rows

router = Router()
for part in (catalogue, rows, releases):
    router.add_router("", part.router)

__all__ = ["router"]
