"""Pages of requesters and the public: filing an appeal, my appeals, the appeal page (with
its photos and the rating), the policies and the public board.

An appeal number (``SQ320211-20261124-000017``) always holds a digit, so the converter
``appeal_number`` leaves words such as ``new``, ``board`` or the staff pages' ``dispatch``
to their own patterns whatever the order of inclusion."""

from django.urls import path, register_converter

from .views import public, requester


class AppealNumberConverter:
    regex = r"[A-Za-z]{0,4}[0-9][0-9A-Za-z-]{0,39}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AppealNumberConverter, "appeal_number")

urlpatterns = [
    path("appeals/new/", requester.appeal_new, name="appeal-new"),
    path("appeals/board/", public.board, name="appeal-board"),
    path("appeals/board/<appeal_number:number>/", public.board_entry, name="appeal-board-entry"),
    path(
        "appeals/board/<appeal_number:number>/photos/<int:photo_id>/",
        public.board_photo,
        name="appeal-board-photo",
    ),
    path("appeals/<appeal_number:number>/", requester.appeal_detail, name="appeal-detail"),
    path(
        "appeals/<appeal_number:number>/photos/<int:photo_id>/",
        requester.appeal_photo,
        name="appeal-photo",
    ),
    path("appeals/<appeal_number:number>/rate/", requester.appeal_rate, name="appeal-rate"),
    path("my/appeals/", requester.my_appeals, name="my-appeals"),
    path("policies/", requester.policies, name="policies"),
    path("policies/<int:policy_id>/", requester.policy_detail, name="policy-detail"),
]
