from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.partner_list, name="list"),
    path("directory/", views.public_list, name="public_list"),
    path("new/", views.partner_create, name="create"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/edit/", views.partner_edit, name="edit"),
    path("<int:pk>/activity/link/", views.activity_link, name="activity_link"),
    path("<int:pk>/activity/note/", views.activity_note, name="activity_note"),
    path("twinnings/", views.twinning_list, name="twinning_list"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/establish/new/", views.establishment_new, name="establishment_new"),
    path("cases/twinning/new/", views.twinning_new, name="twinning_new"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/transitions/<slug:name>/", views.case_transition, name="case_transition"),
    path("cases/<int:pk>/letter/", views.case_letter, name="case_letter"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/items/", views.plan_item_add, name="plan_item_add"),
    path("plans/<int:pk>/items/<int:item_pk>/", views.plan_item_status, name="plan_item_status"),
    path("countries/", views.country_list, name="country_list"),
    path("countries/<str:iso2>/", views.country_detail, name="country"),
    path("countries/<str:iso2>/profile/", views.profile_edit, name="profile_edit"),
    path("countries/<str:iso2>/notes/", views.note_save, name="note_save"),
    path("countries/<str:iso2>/notes/<slug:key>/", views.note_history, name="note_history"),
    path("map/", views.world_map, name="map"),
]
