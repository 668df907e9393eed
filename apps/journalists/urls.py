from django.urls import path

from . import views

app_name = "journalists"
urlpatterns = [
    path("", views.journalist_list, name="list"),
    path("new/", views.journalist_new, name="new"),
    path("<int:pk>/", views.journalist_detail, name="detail"),
    path("<int:pk>/edit/", views.journalist_edit, name="edit"),
    path("bureaus/", views.bureau_list, name="bureau_list"),
    path("bureaus/new/", views.bureau_new, name="bureau_new"),
    path("bureaus/<int:pk>/", views.bureau_detail, name="bureau_detail"),
    path("bureaus/<int:pk>/edit/", views.bureau_edit, name="bureau_edit"),
    path("bureaus/<int:pk>/changes/", views.bureau_change, name="bureau_change"),
    path("reminders/", views.reminders, name="reminders"),
    path("interviews/", views.interview_list, name="interview_list"),
    path("interviews/new/", views.interview_new, name="interview_new"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/edit/", views.interview_edit, name="interview_edit"),
    path(
        "interviews/<int:pk>/transitions/<slug:name>/",
        views.interview_transition,
        name="interview_transition",
    ),
    path("interviews/<int:pk>/link/", views.interview_link, name="interview_link"),
]
