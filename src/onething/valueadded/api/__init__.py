"""The JSON API of value-added services (under ``/api/valueadded/``, tag ``valueadded``):
the public catalogue and figures, the catalogue's writes (:mod:`.catalogue`), and the
requests from submission to rating (:mod:`.requests`). Mounted in ``config/api.py``."""

from ninja import Router

from . import catalogue, requests

router = Router()
for part in (catalogue, requests):
    router.add_router("", part.router)

__all__ = ["router"]
