from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("export/", views.event_export, name="export"),
    path("history/<str:target_type>/<str:target_id>/", views.object_history, name="object_history"),
]
