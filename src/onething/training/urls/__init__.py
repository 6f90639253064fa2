"""Pages of the talent training institute (实训学院), under ``/training/``: the public
programme, cohorts and figures, the transcript verification page; students' applications,
classes, transcripts and job applications; the institute staff's selection, classes and
transcripts; advisers' classes; companies' openings; universities' transcripts."""

from . import applications, catalogue, classes, figures, placements, transcripts

urlpatterns = [
    *catalogue.urlpatterns,
    *applications.urlpatterns,
    *classes.urlpatterns,
    *transcripts.urlpatterns,
    *placements.urlpatterns,
    *figures.urlpatterns,
]
