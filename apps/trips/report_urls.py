"""URLs of the trip list and reports; added to ``apps.trips.urls`` (so the names are ``trips:…``)."""

from django.urls import path

from . import views_reports as v

urlpatterns = [
    path("list/", v.trip_list, name="trip_list"),
    path("reports/", v.report_index, name="reports"),
    path("reports/overrides/", v.report_overrides, name="report_overrides"),
    path("reports/overdue/", v.report_overdue, name="report_overdue"),
    path("reports/statistics/", v.report_statistics, name="report_statistics"),
    path("<int:pk>/application/", v.application_print, name="application_print"),  # tripux: 申请表
]
