from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/pdf/", views.download, name="download"),
]
