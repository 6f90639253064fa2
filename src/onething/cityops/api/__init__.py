"""The JSON API of the operations centre (under ``/api/cityops/``, tag ``operations
centre``): a device's readings (its own token), events and their loop, devices. Mounted in
``config/api.py`` with ``api.add_router("/", cityops_router)``."""

from ninja import Router

from . import devices, events, public, readings, screen

router = Router()
for part in (readings, events, devices, screen, public):
    router.add_router("", part.router)

__all__ = ["router"]
