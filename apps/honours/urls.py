from django.urls import path

from . import views

app_name = "honours"
urlpatterns = [
    path("", views.nomination_list, name="list"),
    path("new/", views.nomination_new, name="new"),
    path("honorary-citizens/", views.public_list, name="public_list"),
    path("<int:pk>/", views.nomination_detail, name="detail"),
    path("<int:pk>/edit/", views.nomination_edit, name="edit"),
    path("<int:pk>/transitions/<slug:name>/", views.nomination_transition, name="transition"),
    path("<int:pk>/opinions/", views.opinion_add, name="opinion_add"),
    path("<int:pk>/certificate/", views.certificate, name="certificate"),
]
