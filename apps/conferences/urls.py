from django.urls import path

from . import views

app_name = "conferences"
urlpatterns = [
    path("", views.conference_list, name="list"),
    path("new/", views.conference_new, name="new"),
    path("check/", views.check_live, name="check_live"),
    path("<int:pk>/", views.conference_detail, name="detail"),
    path("<int:pk>/edit/", views.conference_edit, name="edit"),
    path("<int:pk>/transitions/<slug:name>/", views.conference_transition, name="transition"),
]
