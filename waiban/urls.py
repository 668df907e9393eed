import os

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
    # --- documents ---
    path("documents/", include("apps.documents.urls")),
    path("public/", include("apps.trips.public_urls")),
    # --- invitations (邀请外国人来华) ---
    path("invitations/", include("apps.invitations.urls")),
    path("public/invitations/", include("apps.invitations.public_urls")),
    # --- end invitations ---
    # --- visits ---
    path("visits/", include("apps.visits.urls")),
    path("feeds/", include("apps.visits.feed_urls")),
    # --- end visits ---
    # partners: sister cities, exchange plans, the country view (apps.partners)
    path("partners/", include("apps.partners.urls")),
    # --- i13: 涉外管理处 ---
    path("conferences/", include("apps.conferences.urls")),
    path("journalists/", include("apps.journalists.urls")),
    path("incidents/", include("apps.incidents.urls")),
    path("honours/", include("apps.honours.urls")),
    # --- end i13 ---
    path("audit/", include("apps.audit.urls")),
    path("exports/", include("apps.exports.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]

# An unknown address under /api/ answers JSON like every other API error; pages get the 404 page.
handler404 = "apps.web.refusals.not_found"

if os.environ.get("WAIBAN_BENCH") == "1":  # load benchmarks only (benchmarks/floor.py); never in normal runs
    from benchmarks.floor import floor, shell

    urlpatterns.append(path("__bench__/floor", floor, name="bench_floor"))
    urlpatterns.append(path("__bench__/shell", shell, name="bench_shell"))
