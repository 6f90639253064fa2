"""Pages of the honour cards (劳模卡)."""

from django.urls import path

from .views import certificate, desk
from .views.finance_pages import urls as finance_urls
from .views.registry_pages import urls as registry_urls

urlpatterns = [
    path("honour/certificate/", certificate.my_certificate, name="honour-certificate"),
    path("honour/verify/", certificate.verify, name="honour-verify"),
    path("honour/desk/", desk.desk_page, name="honour-desk"),
    path("honour/desk/visits/", desk.desk_visits_page, name="honour-desk-visits"),
    *registry_urls.urlpatterns,
    *finance_urls.urlpatterns,
]
