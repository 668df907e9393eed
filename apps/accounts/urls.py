from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("locked/", views.locked_out, name="locked_out"),
    path("2fa/verify/", views.verify_2fa, name="verify_2fa"),
    path("2fa/setup/", views.setup_2fa, name="setup_2fa"),
    path("2fa/remove/", views.remove_2fa, name="remove_2fa"),
    path("profile/", views.profile, name="profile"),
    path("profile/language/", views.set_language, name="set_language"),
    path("profile/password/", views.change_password, name="change_password"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/password/", views.user_reset_password, name="user_reset_password"),
    path("users/<int:pk>/enrolment-code/", views.enrolment_code_issue, name="enrolment_code_issue"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/new/", views.role_create, name="role_create"),
    path("roles/<int:pk>/", views.role_edit, name="role_edit"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/<int:pk>/end/", views.session_end, name="session_end"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("login-log/", views.login_log, name="login_log"),
]
