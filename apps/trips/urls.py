from django.urls import path

from . import report_urls, views, views_chain

app_name = "trips"
urlpatterns = [
    path("new/", views.trip_new, name="new"),
    path("approval-tiers/", views.tier_list, name="tier_list"),
    path("approval-tiers/new/", views.tier_edit, name="tier_create"),
    path("approval-tiers/<int:pk>/", views.tier_edit, name="tier_edit"),
    path("check/", views.check_live, name="check_live"),
    path("budget/", views.budget_compute, name="budget_compute"),
    path("rows/<slug:kind>/", views.form_row, name="form_row"),
    path("<int:pk>/", views.trip_detail, name="detail"),
    path("<int:pk>/edit/", views.trip_edit, name="edit"),
    path("<int:pk>/check/", views.check_live, name="check_live_trip"),
    path("<int:pk>/budget/", views.budget_compute, name="budget_compute_trip"),
    path("<int:pk>/recheck/", views.recheck, name="recheck"),
    path("<int:pk>/transitions/<slug:name>/", views.trip_transition, name="transition"),
    path("<int:pk>/overrides/", views.finding_override, name="override"),
    path("<int:pk>/external-approval/", views_chain.external_approval, name="external_approval"),
    path("<int:pk>/members/<int:member_pk>/passport/<slug:action>/", views.passport_action, name="passport"),
    path("<int:pk>/passports/<slug:action>/", views.passports_batch, name="passports_batch"),  # tripux
    path("<int:pk>/visas/", views.visa_add, name="visa_add"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/objections/<int:obj_pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("<int:pk>/approval.pdf", views.approval_pdf, name="pdf"),
]
urlpatterns += report_urls.urlpatterns
# tripchain: the unit's notice, its result, the higher approval, the notice pages inside the unit
urlpatterns += [
    path("unit-notices/", views_chain.unit_notices, name="unit_notices"),
    path("approval-routes/<int:pk>/", views_chain.route_edit, name="route_edit"),
    path("<int:pk>/unit-notice/", views_chain.unit_notice_publish, name="unit_notice_publish"),
    path("<int:pk>/unit-notice/result/", views_chain.unit_notice_result, name="unit_notice_result"),
    path("<int:pk>/post-notice/result/", views_chain.post_notice_result, name="post_notice_result"),
    path("<int:pk>/notice/<slug:which>/", views_chain.notice_page, name="notice_page"),
]
