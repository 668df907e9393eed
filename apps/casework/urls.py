from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("inbox/", views.inbox, name="inbox"),
    path("notifications/", views.notifications, name="notifications"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/transitions/<slug:name>/", views.case_transition, name="transition"),
    path("<int:pk>/comments/", views.comment_add, name="comment"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:att_pk>/", views.attachment_download, name="attachment_download"),
    path("config/types/", views.casetype_list, name="casetype_list"),
    path("config/types/new/", views.casetype_edit, name="casetype_create"),
    path("config/types/<int:pk>/", views.casetype_edit, name="casetype_edit"),
    path("config/routing/", views.routing_list, name="routing_list"),
    path("config/routing/new/", views.routing_edit, name="routing_create"),
    path("config/routing/<int:pk>/", views.routing_edit, name="routing_edit"),
]
