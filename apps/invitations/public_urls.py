"""The public verification page of invitation letters (no login)."""

from django.urls import path

from . import views

app_name = "invitations_public"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify_code"),
]
