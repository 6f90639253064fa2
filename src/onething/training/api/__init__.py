"""The JSON API of the institute (under ``/api/training/``, tag ``training``): programmes,
cohorts, partners, universities and agreements; applications and selection; classes and
grades; transcripts and their verification; openings and placements; the public figures.
Mounted in ``config/api.py`` with ``api.add_router("/training/", training_router)``."""

from ninja import Router

from . import applications, catalogue, classes, figures, placements, transcripts

router = Router()
for part in (catalogue, applications, classes, transcripts, placements, figures):
    router.add_router("", part.router)

__all__ = ["router"]
