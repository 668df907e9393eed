from django.urls import path

from . import views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("new/", views.incident_new, name="new"),
    path("treaty-deadlines/", views.treaty_list, name="treaty_list"),
    path("<int:pk>/", views.incident_detail, name="detail"),
    path("<int:pk>/edit/", views.incident_edit, name="edit"),
    path("<int:pk>/report/", views.incident_report, name="report"),
    path("<int:pk>/entries/", views.entry_add, name="entry_add"),
    path("<int:pk>/tasks/", views.task_add, name="task_add"),
    path("<int:pk>/tasks/<int:task_pk>/done/", views.task_done, name="task_done"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/checklist/", views.checklist_set, name="checklist"),
    path("<int:pk>/close/", views.incident_close, name="close"),
]
