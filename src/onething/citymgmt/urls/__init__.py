"""Pages of city management, under ``/city/``: the streets and their projects, the
scoring page residents reach from a QR sign, the public red and black lists, and the
staff pages that run the projects, the months, the batches and the shared car parks."""

from . import parking, ranking, scoring, streets

urlpatterns = [
    *streets.urlpatterns,
    *scoring.urlpatterns,
    *ranking.urlpatterns,
    *parking.urlpatterns,
]
