"""The JSON API of appeals (under ``/api/``, tag ``appeals``): intake and reading, the
flow, supervision and projects, the directory and policies, the public board and figures.
Mounted in ``config/api.py`` with ``api.add_router("/", appeals_router)``."""

from ninja import Router

from . import directory, flow, intake, public, supervision

router = Router()
# intake first: its /appeals/upload must be tried before /appeals/{number}
for part in (intake, flow, supervision, directory, public):
    router.add_router("", part.router)

__all__ = ["router"]
