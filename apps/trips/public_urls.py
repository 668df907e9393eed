"""Public pages (no login): pre-trip and post-trip notices, with the objection form."""

from django.urls import path

from . import views

app_name = "trips_public"
urlpatterns = [
    path("notices/", views.notice_list, name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
]
