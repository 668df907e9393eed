from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list, name="list"),
    path("new/", views.visit_new, name="new"),
    path("<int:pk>/", views.visit_detail, name="detail"),
    path("<int:pk>/edit/", views.visit_edit, name="edit"),
    path("<int:pk>/participants/new/", views.participant_edit, name="participant_new"),
    path("<int:pk>/participants/<int:p_pk>/", views.participant_edit, name="participant_edit"),
    path("<int:pk>/participants/<int:p_pk>/remove/", views.participant_remove, name="participant_remove"),
    path("<int:pk>/events/new/", views.event_edit, name="event_new"),
    path("<int:pk>/events/<int:e_pk>/", views.event_edit, name="event_edit"),
    path("<int:pk>/events/<int:e_pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("<int:pk>/events/<int:e_pk>/seating/", views.seating, name="seating"),
    path("<int:pk>/events/<int:e_pk>/seating/reset/", views.seating_reset, name="seating_reset"),
    path("<int:pk>/events/<int:e_pk>/seating/print/", views.seating_print, name="seating_print"),
    path("<int:pk>/programme/print/", views.programme_print, name="programme_print"),
    path("<int:pk>/programme/issue/", views.programme_issue, name="programme_issue"),
    path("<int:pk>/name-cards/", views.name_cards, name="name_cards"),
    path("<int:pk>/summary/", views.summary, name="summary"),
    path("<int:pk>/follow-ups/", views.follow_up_add, name="follow_up_add"),
    path("<int:pk>/follow-ups/<int:f_pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("gifts/", views.gift_list, name="gift_list"),
    path("gifts/new/", views.gift_new, name="gift_new"),
    path("gifts/report/", views.gift_report, name="gift_report"),
    path("gifts/<int:pk>/", views.gift_detail, name="gift_detail"),
    path("gifts/<int:pk>/<slug:action>/", views.gift_action, name="gift_action"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/new/", views.entry_edit, name="entry_new"),
    path("calendar/<int:pk>/", views.entry_edit, name="entry_edit"),
    path("calendar/leaders/", views.leader_list, name="leader_list"),
    path("calendar/leaders/new/", views.leader_edit, name="leader_new"),
    path("calendar/leaders/<int:pk>/", views.leader_edit, name="leader_edit"),
    path("calendar/feeds/", views.feeds, name="feeds"),
    path("calendar/feeds/<int:pk>/revoke/", views.feed_revoke, name="feed_revoke"),
]
