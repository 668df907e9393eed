from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from apps.core.concurrency import EditTokenFormMixin
from apps.org.models import Division, Unit
from apps.web.fields import localized_instance_label

from .models import DataScope, Role, User
from .passwords import policy_text
from .perms import PERMISSIONS


class BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.Select | forms.SelectMultiple):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")


class LoginForm(BootstrapMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码错误。多次失败后账号将被暂时锁定。"),
        "inactive": _("该账号已停用，请联系安全管理员。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        self._style()


class TokenForm(BootstrapMixin, forms.Form):
    otp_token = forms.CharField(
        label=_("6 位验证码"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_otp_token(self):
        value = "".join(self.cleaned_data["otp_token"].split())
        if not value.isdigit():
            raise forms.ValidationError(_("验证码是 6 位数字。"))
        return value


class EnrolmentCodeForm(BootstrapMixin, forms.Form):
    """The one-time code a security administrator issued for an administrator's first enrolment."""

    enrolment_code = forms.CharField(
        label=_("启用码"),
        max_length=40,
        help_text=_("由安全管理员签发，12 位字母和数字，例如 ABCD-EFGH-JKLM。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ChangePasswordForm(BootstrapMixin, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("当前密码")
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password2"].label = _("再次输入新密码")
        self.fields["new_password1"].help_text = policy_text()
        self._style()


class LanguageForm(BootstrapMixin, forms.Form):
    language = forms.ChoiceField(label=_("界面语言"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class UserForm(EditTokenFormMixin, BootstrapMixin, forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("电话"), max_length=30, required=False)
    title = forms.CharField(label=_("职务"), max_length=50, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    division = forms.ModelChoiceField(label=_("所属处室"), queryset=Division.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("所属单位"), queryset=Unit.objects.none(), required=False)
    roles = RoleChoiceField(
        label=_("角色"), queryset=Role.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput())

    def __init__(self, *args, editing: User | None = None, **kwargs):
        super().__init__(*args, edit_object=editing, **kwargs)
        self.editing = editing
        self.fields["division"].queryset = Division.objects.filter(is_active=True).order_by("order", "id")
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("path")
        self.fields["unit"].label_from_instance = localized_instance_label
        self.fields["roles"].queryset = Role.objects.order_by("order", "id")
        if editing is not None:
            del self.fields["password"]
            self.fields["username"].disabled = True
        else:
            self.fields["password"].help_text = policy_text() + _("用户首次登录时须修改。")
        self._style()

    def clean(self):
        data = super().clean()
        if data.get("unit") and data.get("division"):
            raise forms.ValidationError(_("一个账号只能属于一个处室或一个单位，不能同时属于两者。"))
        password = data.get("password")
        if password and self.editing is None:
            probe = User(
                username=data.get("username", ""),
                full_name=data.get("full_name", ""),
                email=data.get("email", ""),
            )
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as e:
                self.add_error("password", e)
        return data


class ResetPasswordForm(BootstrapMixin, forms.Form):
    password1 = forms.CharField(label=_("新密码"), widget=forms.PasswordInput())
    password2 = forms.CharField(label=_("再次输入新密码"), widget=forms.PasswordInput())

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["password1"].help_text = policy_text() + _("用户下次登录时须修改。")
        self._style()

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except forms.ValidationError as e:
                self.add_error("password1", e)
        return data


def permission_choices():
    return [(code, f"{label}（{code}）") for code, label in PERMISSIONS.items()]


class RoleForm(EditTokenFormMixin, BootstrapMixin, forms.Form):
    code = forms.SlugField(
        label=_("角色代码"), max_length=40, help_text=_("英文字母、数字、下划线；创建后不能修改。")
    )
    name = forms.CharField(label=_("角色名称"), max_length=50)
    name_en = forms.CharField(label=_("英文名称"), max_length=100, required=False)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    permissions = forms.MultipleChoiceField(
        label=_("权限"), required=False, choices=permission_choices, widget=forms.CheckboxSelectMultiple
    )
    data_scope = forms.ChoiceField(label=_("数据范围"), choices=DataScope.choices)
    scope_units = forms.ModelMultipleChoiceField(
        label=_("指定单位（含下级）"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    scope_divisions = forms.ModelMultipleChoiceField(
        label=_("指定处室"),
        queryset=Division.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    requires_2fa = forms.BooleanField(label=_("必须启用双因素认证"), required=False)

    def __init__(self, *args, editing: Role | None = None, **kwargs):
        super().__init__(*args, edit_object=editing, **kwargs)
        self.editing = editing
        self.fields["scope_units"].queryset = Unit.objects.order_by("path")
        self.fields["scope_divisions"].queryset = Division.objects.order_by("order", "id")
        for name in ("scope_units", "scope_divisions"):
            self.fields[name].label_from_instance = localized_instance_label
        if editing is not None:
            self.fields["code"].disabled = True
            self.fields["code"].required = False
            if editing.admin_kind:
                self.fields["requires_2fa"].disabled = True
        self._style()

    def clean(self):
        data = super().clean()
        if data.get("data_scope") == DataScope.CUSTOM and not (
            data.get("scope_units") or data.get("scope_divisions")
        ):
            self.add_error("scope_units", _("“指定单位/处室”范围至少要选择一个单位或处室。"))
        return data


class SessionEndForm(forms.Form):
    pass


class ApiTokenForm(BootstrapMixin, forms.Form):
    """A token for the signed-in user themself: what it is for and how many days it lives."""

    name = forms.CharField(label=_("用途"), max_length=100, help_text=_("例如：与财政系统对接。"))
    expires_in_days = forms.IntegerField(label=_("有效天数"), required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        from .services import token_days

        super().__init__(*args, **kwargs)
        limit = token_days()
        field = self.fields["expires_in_days"]
        field.max_value = limit
        field.validators.append(MaxValueValidator(limit))
        field.widget.attrs["max"] = limit
        field.help_text = _("最长 %(n)s 天；留空为 %(n)s 天。") % {"n": limit}
        self._style()
