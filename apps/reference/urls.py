from django.urls import path

from . import views

app_name = "reference"
urlpatterns = [
    path("countries/", views.country_list, name="country_list"),
    path("countries/<str:iso2>/edit/", views.country_edit, name="country_edit"),
    path("calendar/", views.calendar_index, name="calendar_index"),
    path("calendar/<int:year>/", views.calendar_year, name="calendar_year"),
    path("calendar/<int:year>/edit/", views.calendar_year_edit, name="calendar_year_edit"),
    path("calendar/<int:year>/days/add/", views.calendar_day_edit, name="calendar_day_add"),
    path("calendar/<int:year>/days/<int:pk>/edit/", views.calendar_day_edit, name="calendar_day_edit"),
    path("calendar/<int:year>/days/<int:pk>/remove/", views.calendar_day_remove, name="calendar_day_remove"),
    path("dicts/", views.dict_type_list, name="dict_type_list"),
    path("dicts/add/", views.dict_type_edit, name="dict_type_add"),
    path("dicts/<slug:code>/", views.dict_type_detail, name="dict_type"),
    path("dicts/<slug:code>/edit/", views.dict_type_edit, name="dict_type_edit"),
    path("dicts/<slug:code>/items/add/", views.dict_item_edit, name="dict_item_add"),
    path("dicts/<slug:code>/items/<int:pk>/edit/", views.dict_item_edit, name="dict_item_edit"),
    path("dicts/<slug:code>/items/<int:pk>/toggle/", views.dict_item_toggle, name="dict_item_toggle"),
]
