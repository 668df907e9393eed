from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("start/", views.start, name="start"),
    path("<int:pk>/status/", views.job_status, name="status"),
    path("<int:pk>/download/", views.download, name="download"),
]
