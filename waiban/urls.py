from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("", include("apps.web.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("org/", include("apps.org.urls")),
    path("reference/", include("apps.reference.urls")),
    path("cases/", include("apps.casework.urls")),
    path("regulations/", include("apps.regulations.urls")),
    path("people/", include("apps.people.urls")),
    path("passports/", include("apps.passports.urls")),
    path("trips/", include("apps.trips.urls")),
    path("public/", include("apps.trips.public_urls")),
    path("audit/", include("apps.audit.urls")),
    path("exports/", include("apps.exports.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]
