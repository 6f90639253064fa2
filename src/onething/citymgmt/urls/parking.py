"""Pages of shared parking (错时共享车位): the public page of a car park, a citizen's
registration of a plate and their registrations, and the staff's pages."""

from django.urls import path

from ..views.parking import public, staff

urlpatterns = [
    path("parking/mine/", public.mine_page, name="city-parking-mine"),
    path("parking/<str:lot_code>/", public.public_page, name="city-parking-public"),
    path("parking/<str:lot_code>/register/", public.register_page, name="city-parking-register"),
    path("manage/parking/", staff.staff_page, name="city-parking"),
    path(
        "manage/parking/registrations/<int:registration_id>/",
        staff.registration_page,
        name="city-parking-registration",
    ),
    path(
        "manage/parking/registrations/<int:registration_id>/proof/",
        staff.proof_file,
        name="city-parking-proof",
    ),
    path("manage/parking/<str:lot_code>/", staff.lot_page, name="city-parking-lot"),
]
