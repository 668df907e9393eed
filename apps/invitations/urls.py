from django.urls import path

from . import views

app_name = "invitations"
urlpatterns = [
    path("", views.invitation_list, name="list"),
    path("new/", views.invitation_new, name="new"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:pk>/", views.invitation_detail, name="detail"),
    path("<int:pk>/edit/", views.invitation_edit, name="edit"),
    path("<int:pk>/transitions/<slug:name>/", views.invitation_transition, name="transition"),
    path("<int:pk>/close-out/", views.invitation_close_out, name="close_out"),
    path("<int:pk>/problems/", views.invitation_problems, name="problems"),
    path("<int:pk>/letter/", views.letter, name="letter"),
    path("<int:pk>/verification-note/", views.verification_note, name="note"),
    path("registrations/", views.registration_list, name="registration_list"),
    path("registrations/new/", views.registration_new, name="registration_new"),
    path("registrations/<int:pk>/", views.registration_detail, name="registration_detail"),
    path("registrations/<int:pk>/edit/", views.registration_edit, name="registration_edit"),
    path("registrations/<int:pk>/review/", views.registration_review, name="registration_review"),
]
