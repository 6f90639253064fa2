"""Pages of the appeal desks (dispatch, the department's inbox, the hotline entry, the actions
on an appeal, supervision and its batches) and the public figures."""

from django.urls import path

from . import urls_public  # noqa: F401  (registers the ``appeal_number`` converter)
from .views import actions, figures, staff, supervision

urlpatterns = [
    path("appeals/dispatch/", staff.dispatch, name="appeal-dispatch"),
    path("appeals/inbox/", staff.inbox, name="appeal-inbox"),
    path("appeals/hotline/new/", staff.hotline, name="appeal-hotline"),
    path("appeals/<appeal_number:number>/act/<slug:action>/", actions.act, name="appeal-act"),
    path("appeals/supervision/", supervision.supervision_desk, name="appeal-supervision"),
    path(
        "appeals/extensions/<int:extension_id>/decide/",
        supervision.extension_decision,
        name="appeal-extension-decide",
    ),
    path("appeals/batches/<int:batch_id>/", supervision.batch_page, name="appeal-batch"),
    path("appeals/figures/", figures.figures_page, name="appeal-figures"),
]
