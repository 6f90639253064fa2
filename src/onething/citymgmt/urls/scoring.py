"""Pages of 新街·吴韵 scoring: the phone page of a QR sign (anyone) and of a street's page
(a signed-in resident) with the thank-you page, the office's review queue and one score's
review, the inspectors' checks, and the months (public; closing last month: the city's
office)."""

from django.urls import path

from ..views.scoring import months, phone, staff

urlpatterns = [
    path("score/thanks/<str:code>/", phone.thanks_page, name="city-score-thanks"),
    path("score/<str:point_code>/", phone.score_page, name="city-score"),
    path("streets/<str:code>/score/", phone.street_score_page, name="city-score-street"),
    path("manage/scores/", staff.review_page, name="city-score-review"),
    path("manage/scores/<int:score_id>/", staff.review_one_page, name="city-score-review-one"),
    path("manage/scores/<int:score_id>/photo/", staff.score_photo, name="city-score-photo"),
    path("manage/inspections/", staff.inspections_page, name="city-inspections"),
    path("months/", months.months_page, name="city-months"),
    path("months/close/", months.close_month, name="city-months-close"),
]
