"""Pages: sign-in, profile (password, language, two-factor), and the security administrator's pages."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import REFUSALS, ServiceError
from apps.core.pagination import paginate
from apps.web.decorators import perm_required
from apps.web.refusals import refuse

from . import enrolment, passwords, selectors, services, sessions
from .filters import LoginLogFilter, UserFilter
from .forms import (
    ApiTokenForm,
    ChangePasswordForm,
    EnrolmentCodeForm,
    LanguageForm,
    LoginForm,
    ResetPasswordForm,
    RoleForm,
    TokenForm,
    UserForm,
)
from .middleware import needs_second_factor
from .models import DataScope
from .perms import PERMISSIONS
from .scope import scope_for


def _safe_next(request, default: str) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, require_https=request.is_secure()):
        return nxt
    return default


def _set_language_cookie(response, language: str):
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


# --- sign-in -------------------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ended_message"] = sessions.reason_message(self.request.GET.get(sessions.REASON_PARAM))
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        _password_notice(self.request, user)
        if needs_second_factor(user):
            from django_otp import user_has_device

            name = "accounts:verify_2fa" if user_has_device(user, confirmed=True) else "accounts:setup_2fa"
            response = HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': self.get_success_url()})}")
        return _set_language_cookie(response, user.language)


def _password_notice(request, user) -> None:
    """At sign-in: warn of a password about to expire; record one that has expired (the change page
    follows, passwords.PasswordChangeRequiredMiddleware)."""
    reason = passwords.change_reason(user)
    if reason == passwords.EXPIRED:
        from apps.audit.actions import AuditAction
        from apps.audit.services import record

        record(
            action=AuditAction.ACCOUNTS_PASSWORD_EXPIRED,
            target=user,
            actor=user,
            extra={"expired_at": passwords.expires_at(user).isoformat()},
        )
    elif reason is None and (days := passwords.days_left(user)) is not None:
        messages.warning(
            request,
            _("您的密码将在 %(n)d 天后过期，请及时修改（个人设置 → 修改密码）。") % {"n": days},
        )


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def locked_out(request):
    return render(
        request,
        "accounts/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_time": timedelta(hours=settings.AXES_COOLOFF_TIME),
        },
        status=429,
    )


@login_required
def verify_2fa(request):
    from django_otp import devices_for_user
    from django_otp import login as otp_login

    user = request.user
    nxt = _safe_next(request, reverse(settings.LOGIN_REDIRECT_URL))
    if user.is_verified():
        return redirect(nxt)
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        return redirect(f"{reverse('accounts:setup_2fa')}?{urlencode({'next': nxt})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = _throttled(devices)
        for device in devices:
            if device.verify_token(form.cleaned_data["otp_token"]):
                otp_login(request, device)
                return redirect(nxt)
        form.add_error("otp_token", _otp_error(throttled, _("验证码不正确或已过期，请重新输入。")))
    return render(request, "accounts/verify_2fa.html", {"form": form, "next": nxt})


def _throttled(devices) -> bool:
    """django-otp slows down guessing: after a wrong code the next try must wait a little."""
    return any(not d.verify_is_allowed()[0] for d in devices)


def _otp_error(throttled: bool, default: str) -> str:
    if throttled:
        return _("验证码错误次数过多，请稍等片刻再输入新的验证码。")
    return default


def _qr_svg(device) -> str:
    qr = segno.make(device.config_url, error="m")
    return mark_safe(qr.svg_inline(scale=4, dark="#000", light="#fff"))


def _base32_key(device) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
def setup_2fa(request):
    """Enrol an authenticator app: scan the QR code (or type the key), then confirm with a code."""
    from django_otp import login as otp_login
    from django_otp import user_has_device

    user = request.user
    nxt = _safe_next(request, reverse("accounts:profile"))
    if user_has_device(user, confirmed=True):
        if not user.is_verified():
            return redirect(f"{reverse('accounts:verify_2fa')}?{urlencode({'next': nxt})}")
        messages.info(request, _("您已启用双因素认证。"))
        return redirect("accounts:profile")
    code = None
    if enrolment.required(user):
        code = enrolment.accepted(request, user)
        if code is None:
            return _enrolment_code_step(request, nxt)
    device = services.totp_pending(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = _throttled([device])
        if services.totp_confirm(
            user=user, device=device, token=form.cleaned_data["otp_token"], enrolment_code=code
        ):
            enrolment.forget(request)
            otp_login(request, device)
            messages.success(request, _("双因素认证已启用。以后登录时需要输入验证器中的 6 位验证码。"))
            return redirect(nxt)
        form.add_error("otp_token", _otp_error(throttled, _("验证码不正确，请确认手机时间准确后重新输入。")))
    return render(
        request,
        "accounts/setup_2fa.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device),
            "secret": _base32_key(device),
            "next": nxt,
            "required": user.requires_2fa,
        },
    )


def _enrolment_code_step(request, nxt: str):
    """An administrator's first enrolment starts with the code the security administrator issued."""
    form = EnrolmentCodeForm(request.POST if "enrolment_code" in request.POST else None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            enrolment.code_accept(
                request=request, user=request.user, code=form.cleaned_data["enrolment_code"]
            )
        except ServiceError as e:
            status = refuse(request, e, form=form, field="enrolment_code")
        else:
            return redirect(f"{reverse('accounts:setup_2fa')}?{urlencode({'next': nxt})}")
    return render(
        request,
        "accounts/enrolment_code.html",
        {"form": form, "next": nxt, "minutes": enrolment.minutes()},
        status=status,
    )


@perm_required("accounts.manage_users")
@require_POST
def enrolment_code_issue(request, pk):
    obj = selectors.user_get(user=request.user, pk=pk)
    try:
        code_row, code = enrolment.code_issue(user=obj, by=request.user)
    except REFUSALS as e:
        refuse(request, e)
        return redirect("accounts:user_edit", pk=obj.pk)
    response = render(
        request, "accounts/enrolment_code_issued.html", {"obj": obj, "code": code, "code_row": code_row}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def remove_2fa(request):
    try:
        services.totp_remove(user=request.user)
    except ServiceError as e:
        refuse(request, e)
    else:
        messages.success(request, _("已移除验证器，双因素认证已关闭。"))
    return redirect("accounts:profile")


# --- profile -------------------------------------------------------------------------------------------


@login_required
def profile(request):
    from django_otp import user_has_device

    user = request.user
    lang_form = LanguageForm(initial={"language": user.language or settings.LANGUAGE_CODE})
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_user": user,
            "roles": user.roles.all(),
            "scope_text": scope_for(user).describe(),
            "lang_form": lang_form,
            "has_2fa": user_has_device(user, confirmed=True),
            "requires_2fa": user.requires_2fa,
            "password_form": ChangePasswordForm(user),
            "password_expires_at": passwords.expires_at(user),
            "may_use_tokens": services.may_use_tokens(user),
            "active_tokens": selectors.token_list(user=user, own=True)
            .filter(revoked_at__isnull=True)
            .count(),
        },
    )


@login_required
@require_POST
def set_language(request):
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("不支持的语言。"))
        return redirect("accounts:profile")
    lang = form.cleaned_data["language"]
    services.language_set(user=request.user, language=lang)
    from django.utils import translation

    with translation.override(lang):
        messages.success(request, _("界面语言已保存。"))
    return _set_language_cookie(redirect("accounts:profile"), lang)


@login_required
def change_password(request):
    form = ChangePasswordForm(request.user, request.POST or None)
    reason = passwords.change_reason(request.user)
    if request.method == "POST" and form.is_valid():
        old_key = request.session.session_key
        services.password_change(user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        services.session_rekey(old_key=old_key, new_key=request.session.session_key)
        messages.success(request, _("密码已修改。"))
        return redirect(_safe_next(request, reverse("accounts:profile")) if reason else "accounts:profile")
    return render(
        request,
        "accounts/change_password.html",
        {
            "form": form,
            "forced": reason,
            "reason_text": passwords.reason_text(reason),
            "next": _safe_next(request, ""),
        },
    )


# --- users ---------------------------------------------------------------------------------------------


@perm_required("accounts.manage_users")
def user_list(request):
    f = UserFilter(request.GET, user=request.user)
    context = {"filter_form": f.form, "page_obj": paginate(request, f.qs)}
    return render(request, "accounts/user_list.html", context)


def _user_kwargs(data) -> dict:
    return {
        "full_name": data["full_name"],
        "phone": data.get("phone", ""),
        "title": data.get("title", ""),
        "email": data.get("email", ""),
        "unit": data.get("unit"),
        "division": data.get("division"),
        "roles": list(data.get("roles") or []),
    }


@perm_required("accounts.manage_users")
def user_create(request):
    form = UserForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(
                by=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                **_user_kwargs(form.cleaned_data),
            )
        except ServiceError as e:
            status = refuse(
                request, e, form=form, field=e.code if e.code in ("password", "username") else None
            )
        else:
            messages.success(request, _("已创建用户 %(name)s。") % {"name": user.full_name})
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "creating": True, "max_clerks": services.max_clerks()},
        status=status,
    )


@perm_required("accounts.manage_users")
def user_edit(request, pk):
    obj = selectors.user_get(user=request.user, pk=pk)
    initial = {
        "username": obj.username,
        "full_name": obj.full_name,
        "phone": obj.phone,
        "title": obj.title,
        "email": obj.email,
        "unit": obj.unit,
        "division": obj.division,
        "roles": list(obj.roles.all()),
    }
    form = UserForm(request.POST or None, initial=initial, editing=obj)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(
                obj=obj, by=request.user, edit_token=form.edit_token, **_user_kwargs(form.cleaned_data)
            )
        except ServiceError as e:
            status = refuse(request, e, form=form)
        else:
            messages.success(request, _("已保存用户 %(name)s。") % {"name": form.cleaned_data["full_name"]})
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "creating": False,
            "obj": obj,
            "max_clerks": services.max_clerks(),
            "reset_form": ResetPasswordForm(user=obj),
            "needs_enrolment_code": enrolment.required(obj),
        },
        status=status,
    )


@perm_required("accounts.manage_users")
@require_POST
def user_set_active(request, pk):
    obj = selectors.user_get(user=request.user, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(obj=obj, by=request.user, active=active)
    except ServiceError as e:
        refuse(request, e)
    else:
        if active:
            messages.success(request, _("已恢复账号 %(name)s。") % {"name": obj.full_name})
        else:
            messages.success(request, _("已停用账号 %(name)s，其在线会话已结束。") % {"name": obj.full_name})
    return redirect("accounts:user_edit", pk=obj.pk)


@perm_required("accounts.manage_users")
def user_reset_password(request, pk):
    obj = selectors.user_get(user=request.user, pk=pk)
    form = ResetPasswordForm(request.POST or None, user=obj)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.user_reset_password(obj=obj, by=request.user, password=form.cleaned_data["password1"])
        except ServiceError as e:
            status = refuse(request, e, form=form, field="password1")
        else:
            messages.success(
                request, _("已重置 %(name)s 的密码，请通过安全渠道告知本人。") % {"name": obj.full_name}
            )
            return redirect("accounts:user_edit", pk=obj.pk)
    return render(request, "accounts/user_reset_password.html", {"form": form, "obj": obj}, status=status)


# --- roles ---------------------------------------------------------------------------------------------


def _role_kwargs(data) -> dict:
    return {
        "name": data["name"],
        "name_en": data.get("name_en", ""),
        "description": data.get("description", ""),
        "permissions": data.get("permissions") or [],
        "data_scope": data["data_scope"],
        "scope_units": list(data.get("scope_units") or []),
        "scope_divisions": list(data.get("scope_divisions") or []),
        "requires_2fa": bool(data.get("requires_2fa")),
    }


@perm_required("accounts.manage_roles")
def role_list(request):
    roles = selectors.role_list(user=request.user)
    return render(request, "accounts/role_list.html", {"roles": roles, "perm_labels": PERMISSIONS})


@perm_required("accounts.manage_roles")
def role_create(request):
    form = RoleForm(request.POST or None, initial={"data_scope": DataScope.SELF})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            role = services.role_create(
                by=request.user, code=form.cleaned_data["code"], **_role_kwargs(form.cleaned_data)
            )
        except ServiceError as e:
            status = refuse(request, e, form=form, field="code" if e.code == "code" else None)
        else:
            messages.success(request, _("已创建角色 %(name)s。") % {"name": role.name})
            return redirect("accounts:role_list")
    return render(request, "accounts/role_form.html", {"form": form, "creating": True}, status=status)


@perm_required("accounts.manage_roles")
def role_edit(request, pk):
    obj = selectors.role_get(user=request.user, pk=pk)
    initial = {
        "code": obj.code,
        "name": obj.name,
        "name_en": obj.name_en,
        "description": obj.description,
        "permissions": obj.permissions,
        "data_scope": obj.data_scope,
        "requires_2fa": obj.requires_2fa,
        "scope_units": list(obj.scope_units.all()),
        "scope_divisions": list(obj.scope_divisions.all()),
    }
    form = RoleForm(request.POST or None, initial=initial, editing=obj)
    status = 200
    if request.method == "POST" and form.is_valid():
        kwargs = _role_kwargs(form.cleaned_data)
        if obj.admin_kind:
            kwargs["requires_2fa"] = True
        try:
            services.role_update(obj=obj, by=request.user, edit_token=form.edit_token, **kwargs)
        except ServiceError as e:
            status = refuse(request, e, form=form)
        else:
            messages.success(request, _("已保存角色 %(name)s。") % {"name": form.cleaned_data["name"]})
            return redirect("accounts:role_list")
    return render(
        request, "accounts/role_form.html", {"form": form, "creating": False, "obj": obj}, status=status
    )


# --- sessions ------------------------------------------------------------------------------------------


@perm_required("accounts.manage_sessions")
def session_list(request):
    page = paginate(request, selectors.session_list(user=request.user))
    return render(
        request,
        "accounts/session_list.html",
        {"page_obj": page, "current_key": request.session.session_key},
    )


@perm_required("accounts.manage_sessions")
@require_POST
def session_end(request, pk):
    obj = selectors.session_get(user=request.user, pk=pk)
    if obj.session_key == request.session.session_key:
        messages.error(request, _("不能强制结束自己当前的会话，请使用“退出登录”。"))
        return redirect("accounts:session_list")
    try:
        services.session_end(obj=obj, by=request.user)
    except ServiceError as e:
        refuse(request, e)
    else:
        messages.success(request, _("已强制 %(name)s 下线。") % {"name": obj.user.full_name})
    return redirect("accounts:session_list")


# --- API tokens ----------------------------------------------------------------------------------------


TOKEN_USERS = ("accounts.manage_tokens", "casework.view")  # the security administrator, business users


@perm_required(*TOKEN_USERS, any_of=True)
def token_list(request):
    page = paginate(request, selectors.token_list(user=request.user))
    return render(
        request,
        "accounts/token_list.html",
        {
            "page_obj": page,
            "can_create": services.may_use_tokens(request.user),
            "oversight": request.user.has_perm("accounts.manage_tokens"),
            "days": services.token_days(),
        },
    )


@perm_required("casework.view")
def token_create(request):
    form = ApiTokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            token, key = services.token_create(
                by=request.user, name=form.cleaned_data["name"], days=form.cleaned_data.get("expires_in_days")
            )
        except ServiceError as e:
            status = refuse(request, e, form=form)
        else:
            response = render(request, "accounts/token_created.html", {"token": token, "key": key})
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request, "accounts/token_form.html", {"form": form, "days": services.token_days()}, status=status
    )


@perm_required(*TOKEN_USERS, any_of=True)
@require_POST
def token_revoke(request, pk):
    obj = selectors.token_get(user=request.user, pk=pk)
    try:
        services.token_revoke(obj=obj, by=request.user)
    except ServiceError as e:
        refuse(request, e)
    else:
        messages.success(request, _("令牌“%(name)s”已吊销。") % {"name": obj.name})
    return redirect("accounts:token_list")


# --- login log -----------------------------------------------------------------------------------------


@perm_required("audit.view_logins")
def login_log(request):
    f = LoginLogFilter(request.GET, user=request.user)
    context = {"filter_form": f.form, "page_obj": paginate(request, f.qs)}
    return render(request, "accounts/login_log.html", context)
