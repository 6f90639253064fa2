"""Pages of city management: 红黑榜 — the public red and black lists (anyone), the staff's
batches (the city-management office, the supervisors) and the rectifications (the
managing departments, the office)."""

from django.urls import path

from ..views.ranking import batches, public, rectifications

urlpatterns = [
    path("rankings/", public.rankings_page, name="city-rankings"),
    path("rankings/<int:year>-<int:sequence>/", public.ranking_page, name="city-ranking"),
    path("manage/batches/", batches.batches_page, name="city-batches"),
    path("manage/batches/new/", batches.batch_new_page, name="city-batch-new"),
    path("manage/batches/<int:batch_id>/", batches.batch_page, name="city-batch"),
    path(
        "manage/batches/<int:batch_id>/act/<slug:move>/",
        batches.batch_act,
        name="city-batch-act",
    ),
    path(
        "manage/batches/<int:batch_id>/site-scores/",
        batches.batch_scores,
        name="city-batch-scores",
    ),
    path("manage/rectifications/", rectifications.rectifications_page, name="city-rectifications"),
    path(
        "manage/rectifications/<int:task_id>/",
        rectifications.rectification_page,
        name="city-rectification",
    ),
    path(
        "manage/rectifications/<int:task_id>/act/<slug:move>/",
        rectifications.rectification_act,
        name="city-rectification-act",
    ),
    path(
        "manage/rectifications/<int:task_id>/photos/<int:photo_id>/",
        rectifications.rectification_photo,
        name="city-rectification-photo",
    ),
]
