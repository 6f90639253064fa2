from django.contrib.auth import views as auth_views
from django.urls import path

from .views import calendar, directory, parties

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("directory/", directory.directory, name="directory"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/template.xlsx", calendar.calendar_template, name="calendar-template"),
    path("people/", parties.people, name="people"),
    path("people/new/", parties.person_new, name="person-new"),
    path("people/<int:person_id>/", parties.person_detail, name="person-detail"),
    path("enterprises/", parties.enterprises, name="enterprises"),
    path("enterprises/new/", parties.enterprise_new, name="enterprise-new"),
    path("enterprises/<int:enterprise_id>/", parties.enterprise_detail, name="enterprise-detail"),
]
