"""Users, roles with a data scope (RuoYi convention), login log, tracked sessions and API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.audit.models import ChainedLogModel
from apps.org.models import Division, Unit


class DataScope(models.TextChoices):
    ALL = "all", _("全部数据")
    CUSTOM = "custom", _("指定单位/处室")
    OWN = "own", _("本处室或本单位")
    OWN_AND_BELOW = "own_below", _("本单位及下级")
    SELF = "self", _("仅本人")


class AdminKind(models.TextChoices):
    """三员分立: the three administration roles no one may combine."""

    NONE = "", _("业务角色")
    SYSTEM = "system", _("系统管理员")
    SECURITY = "security", _("安全管理员")
    AUDIT = "audit", _("安全审计员")


class Role(models.Model):
    code = models.SlugField(_("角色代码"), max_length=40, unique=True)
    name = models.CharField(_("角色名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    description = models.TextField(_("说明"), blank=True)
    permissions = models.JSONField(_("权限"), default=list, blank=True)
    data_scope = models.CharField(
        _("数据范围"), max_length=20, choices=DataScope.choices, default=DataScope.SELF
    )
    scope_units = models.ManyToManyField(Unit, verbose_name=_("指定单位"), blank=True)
    scope_divisions = models.ManyToManyField(Division, verbose_name=_("指定处室"), blank=True)
    admin_kind = models.CharField(
        _("三员类别"), max_length=10, choices=AdminKind.choices, default="", blank=True
    )
    requires_2fa = models.BooleanField(_("必须启用双因素认证"), default=False)
    is_builtin = models.BooleanField(_("内置"), default=False, editable=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    # Edit token for optimistic concurrency (apps.core.concurrency).
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class WaibanUserManager(UserManager):
    pass


def name_pinyin(full_name: str) -> str:
    """张伟 → ``"zhangwei zw"`` (full pinyin, then initials), lower case, for search."""
    from pypinyin import Style, lazy_pinyin

    if not full_name:
        return ""
    syllables = [s.lower() for s in lazy_pinyin(full_name, style=Style.NORMAL, errors="ignore") if s.strip()]
    return f"{''.join(syllables)} {''.join(s[0] for s in syllables)}"[:300]


class User(AbstractUser):
    """A person who signs in: office staff belong to a division, applicants to a unit."""

    first_name = None
    last_name = None
    full_name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    division = models.ForeignKey(
        Division,
        verbose_name=_("所属处室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    roles = models.ManyToManyField(Role, verbose_name=_("角色"), blank=True, related_name="users")
    language = models.CharField(_("界面语言"), max_length=10, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    # Set when an administrator created the account or reset its password: the next sign-in must
    # change it (apps.accounts.passwords).
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    # "zhangwei zw": full pinyin and initials of the name, so that searching "zw" or "zhangwei" finds 张伟.
    name_pinyin = models.CharField(_("姓名拼音"), max_length=300, blank=True, db_index=True, editable=False)
    # Edit token for optimistic concurrency (apps.core.concurrency); logins do not touch it.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = WaibanUserManager()
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self):
        return self.display_name(self.full_name, self.username)

    @staticmethod
    def display_name(full_name: str, username: str) -> str:
        """How a user is named on every page: the full name, else the username (also for pickers that
        read only these two columns, ``apps.web.fields.RowChoiceField``)."""
        return full_name or username

    def save(self, *args, **kwargs):
        self.name_pinyin = name_pinyin(self.full_name)
        if kwargs.get("update_fields") is not None and "full_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_pinyin"}
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name

    def role_rows(self) -> list[Role]:
        """The user's roles, read once and cached on this object (one query per request).

        ``role_codes``, ``admin_kind``, ``requires_2fa``, the permission backend, the data scope and the
        navigation all answer from this list. ``apps.accounts.scope.forget(user)`` drops it after the
        user's roles changed.
        """
        cache = getattr(self, "_waiban_roles", None)
        if cache is None:
            cache = self._waiban_roles = list(self.roles.all()) if self.pk else []
        return cache

    @property
    def role_codes(self) -> set[str]:
        cache = getattr(self, "_role_codes", None)
        if cache is None:
            cache = self._role_codes = {r.code for r in self.role_rows()}
        return cache

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes & set(codes))

    @property
    def is_office_staff(self) -> bool:
        return self.division_id is not None or self.has_role("office_leader", "auditor")

    @property
    def admin_kind(self) -> str:
        return next((r.admin_kind for r in self.role_rows() if r.admin_kind), "")

    @property
    def requires_2fa(self) -> bool:
        return any(r.requires_2fa for r in self.role_rows())


class LoginLog(ChainedLogModel):
    """Sign-ins, failures, lockouts, sign-outs: append-only and hash-chained with the audit key
    (``apps.audit.chain.LOGIN_LOG``; ``manage.py audit_verify`` checks it)."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("成功")
        FAILURE = "failure", _("失败")
        LOCKED = "locked", _("锁定")
        LOGOUT = "logout", _("退出")

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    username = models.CharField(_("用户名"), max_length=150, db_index=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="login_logs")
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("登录日志")
        verbose_name_plural = _("登录日志")
        ordering = ["-at", "-id"]
        # the login log's outcome filter, newest first (dates and the plain list: the index on "at";
        # username search: a trigram index created on PostgreSQL by migration 0006)
        indexes = [models.Index(fields=["outcome", "-at", "-id"], name="accounts_login_outcome_idx")]

    def __str__(self):
        return f"{self.username} {self.outcome} {self.at:%Y-%m-%d %H:%M}"

    @classmethod
    def CHAIN(cls):
        from apps.audit.chain import LOGIN_LOG

        return LOGIN_LOG


class SessionEndReason(models.TextChoices):
    """Why a tracked session ended (apps.accounts.sessions tells the user on the sign-in page)."""

    LOGOUT = "logout", _("退出登录")
    ADMIN = "admin", _("被安全管理员强制下线")
    EXPIRED = "expired", _("超过会话最长时限")
    REPLACED = "replaced", _("账号在其他地方登录")


class UserSession(models.Model):
    """A signed-in browser session, so the security administrator can see and end it."""

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="tracked_sessions")
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    started_at = models.DateTimeField(_("登录时间"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("最近活动"), default=timezone.now)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    ended_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    end_reason = models.CharField(
        _("结束原因"), max_length=10, choices=SessionEndReason.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("在线会话")
        verbose_name_plural = _("在线会话")
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.user} @ {self.ip or '-'}"


class ApiToken(models.Model):
    """A bearer token for an integration; only its SHA-256 is stored, the key is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("代表用户"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("用途"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def generate_key(cls) -> str:
        return "wb_" + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        if self.revoked_at:
            return False
        return not (self.expires_at and self.expires_at <= timezone.now())


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords (never the passwords), so they are not used again
    (apps.accounts.passwords.PasswordHistoryValidator)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(_("密码摘要"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class EnrolmentCode(models.Model):
    """A one-time code the security administrator issues so that an administrator account may enrol
    its first authenticator (apps.accounts.enrolment); only its SHA-256 is stored."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.PROTECT, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        User, verbose_name=_("签发人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("签发时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("过期时间"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("双因素认证启用码")
        verbose_name_plural = _("双因素认证启用码")
        ordering = ["-issued_at", "-id"]

    def __str__(self):
        return f"{self.user_id} {self.issued_at:%Y-%m-%d %H:%M}"
