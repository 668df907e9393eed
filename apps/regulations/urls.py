from django.urls import path

from . import views

app_name = "regulations"
urlpatterns = [
    path("", views.pack_list, name="pack_list"),
    path("packs/draft/", views.pack_create_draft, name="pack_create_draft"),
    path("packs/<int:version>/", views.pack_detail, name="pack_detail"),
    path("packs/<int:version>/activate/", views.pack_activate, name="pack_activate"),
    path("packs/<int:version>/rules/<slug:rule_id>/", views.rule_edit, name="rule_edit"),
    path("packs/<int:version>/export.<str:fmt>", views.rules_export, name="rules_export"),
    path("packs/<int:version>/import/", views.rules_import, name="rules_import"),
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/import/", views.standards_import, name="standards_import"),
    path("standards/template.xlsx", views.standards_template, name="standards_template"),
]
