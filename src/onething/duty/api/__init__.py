"""The JSON API of night duty (under ``/api/duty/``, tag ``duty``): rosters (list, one,
plan, publish), nights (check in, check out), night visits (list, record, one) and their
demands (raise one more), the figures (the staff's, and the public's with no personal
data). Mounted in ``config/api.py`` with ``api.add_router("/duty/", duty_router)``."""

from ninja import Router

from . import figures, rosters, visits

router = Router()
for part in (rosters, visits, figures):
    router.add_router("", part.router)

__all__ = ["router"]
