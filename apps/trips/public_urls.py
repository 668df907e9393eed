"""Public pages (no login): pre-trip and post-trip notices, with the objection form."""

from django.urls import path

from apps.core.throttle import throttle

from . import views

app_name = "trips_public"
urlpatterns = [
    # Anonymous pages (the objection form posts to the notice page): limited per client address.
    path("notices/", throttle("public")(views.notice_list), name="notices"),
    path("notices/<int:pk>/", throttle("public")(views.notice_detail), name="notice"),
]
