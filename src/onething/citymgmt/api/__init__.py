"""The JSON API of city management (under ``/api/citymgmt/``, tag ``city management``):
streets and projects, scores (a scoring device's own token, or a resident), months,
batches and rectifications, shared parking (a gate's own token) and the public figures.
Mounted in ``config/api.py`` with ``api.add_router("/citymgmt/", citymgmt_router)``."""

from ninja import Router

from . import parking, ranking, scoring, streets

router = Router()
for part in (streets, scoring, ranking, parking):
    router.add_router("", part.router)

__all__ = ["router"]
