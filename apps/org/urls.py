from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("", views.office, name="office"),
    path("office/edit/", views.office_edit, name="office_edit"),
    path("posts/new/", views.post_edit, name="post_create"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("divisions/", views.division_list, name="division_list"),
    path("divisions/new/", views.division_edit, name="division_create"),
    path("divisions/<int:pk>/edit/", views.division_edit, name="division_edit"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/active/", views.unit_set_active, name="unit_set_active"),
]
