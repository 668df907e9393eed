from django.urls import path

from . import views

app_name = "passports"
urlpatterns = [
    path("", views.register, name="register"),
    path("expiring/", views.expiring, name="expiring"),
    path("out/", views.out, name="out"),
    path("overdue/", views.overdue, name="overdue"),
    path("suspensions/", views.suspensions, name="suspensions"),
    path("export/<slug:which>.xlsx", views.export_xlsx, name="export"),
    path("new/", views.create, name="create"),
    path("applications/", views.applications, name="applications"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/check-out/", views.check_out, name="check_out"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/loan/", views.register_loan, name="loan"),
    path("<int:pk>/loss/", views.report_loss, name="loss"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/renew/", views.renew, name="renew"),
    path("<int:pk>/endorsements/new/", views.endorsement_add, name="endorsement_add"),
]
