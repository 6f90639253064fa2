"""Pages of city management: the streets (the public register, a street's page, the
programmes, a project's photos) and the staff's hub and projects."""

from django.urls import path

from ..views.streets import project, public, staff

urlpatterns = [
    path("streets/", public.streets_page, name="city-streets"),
    path("streets/<str:code>/", public.street_page, name="city-street"),
    path("programmes/", public.programmes_page, name="city-programmes"),
    path("programmes/<str:code>/", public.programme_page, name="city-programme"),
    path(
        "projects/<str:number>/photos/<int:photo_id>/",
        public.project_photo,
        name="city-project-photo",
    ),
    path("manage/", staff.manage_page, name="city-manage"),
    path("manage/projects/", staff.projects_page, name="city-projects"),
    path("manage/projects/new/", staff.project_new_page, name="city-project-new"),
    path("manage/projects/<str:number>/", project.project_page, name="city-project"),
    path("manage/projects/<str:number>/act/<slug:move>/", project.act, name="city-project-act"),
    path("manage/projects/<str:number>/photos/", project.photo_upload, name="city-project-photos"),
]
