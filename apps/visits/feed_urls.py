"""The private iCalendar feeds (no login: the secret token in the URL)."""

from django.urls import path

from . import views

app_name = "visits_feed"
urlpatterns = [path("calendar/<str:token>.ics", views.ical_feed, name="ical")]
