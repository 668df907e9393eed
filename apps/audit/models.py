"""The audit trail (审计日志): one append-only, hash-chained table that every write passes through.

Append-only twice over: the application refuses to update or delete rows (queryset and model guards
below), and the database refuses too (triggers created by migration 0002). Each row stores
``sha256(prev_hash + canonical content)`` so that ``manage.py audit_verify`` finds a changed or missing row.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = ""  # prev_hash of the very first event


class AppendOnlyError(PermissionError):
    """Raised when code tries to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events are append-only: they cannot be updated.")

    def delete(self):
        raise AppendOnlyError("Audit events are append-only: they cannot be deleted (see audit_purge).")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are append-only: they cannot be updated.")

    def bulk_create(self, *args, **kwargs):
        # Rows must be chained one by one by apps.audit.services.record().
        raise AppendOnlyError("Audit events are written only by apps.audit.services.record().")

    _update = update  # the path Model.save() takes for an existing row


class AuditEventManager(models.Manager.from_queryset(AuditEventQuerySet)):
    pass


class AuditEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(_("用户名"), max_length=150, blank=True)
    actor_name = models.CharField(_("姓名"), max_length=100, blank=True)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    extra = models.JSONField(_("附加信息"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64, blank=True)
    hash = models.CharField(_("哈希"), max_length=64)

    objects = AuditEventManager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-id"]
        default_permissions = ()
        indexes = [
            models.Index(fields=["actor", "-id"], name="audit_actor_id_idx"),
            models.Index(fields=["target_type", "target_id", "-id"], name="audit_target_id_idx"),
            # "对象类型" alone (without 对象编号), newest first
            models.Index(fields=["target_type", "-id"], name="audit_target_type_idx"),
            models.Index(fields=["action", "-id"], name="audit_action_id_idx"),
            models.Index(fields=["at"], name="audit_at_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding or (self.pk is not None and type(self).objects.filter(pk=self.pk).exists()):
            raise AppendOnlyError("Audit events are append-only: an existing event cannot be saved again.")
        kwargs["force_insert"] = True
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are append-only: they cannot be deleted (see audit_purge).")

    @property
    def actor_display(self) -> str:
        if self.actor_name and self.actor_username:
            return f"{self.actor_name}（{self.actor_username}）"
        return self.actor_name or self.actor_username or "—"


class ChainedLogQuerySet(models.QuerySet):
    """A log chained like the audit trail by ``apps.audit.chain`` (the login log): rows are only appended,
    through the chain; ``bulk_create`` chains them one after the other."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.label} is append-only: rows cannot be updated.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.label} is append-only: rows cannot be deleted.")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.label} is append-only: rows cannot be updated.")

    _update = update

    def bulk_create(self, objs, *args, **kwargs):
        from .chain import append

        return append(self.model.CHAIN(), objs, using=self.db)


class ChainedLogManager(models.Manager.from_queryset(ChainedLogQuerySet)):
    pass


class ChainedLogModel(models.Model):
    """Abstract: an append-only log whose rows carry the keyed hash chain (``prev_hash``, ``hash``).

    A subclass names its chain (``CHAIN`` returns an ``apps.audit.chain.Chain``); ``save()`` of a new row
    appends it to the chain, an existing row is never saved again nor deleted (the database refuses too:
    triggers of ``apps/audit/migrations/0004_login_log_guard.py``)."""

    prev_hash = models.CharField(_("前一条哈希"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("哈希"), max_length=64, blank=True, editable=False)

    objects = ChainedLogManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding or self.pk is not None:
            raise AppendOnlyError(f"{self._meta.label} is append-only: a row cannot be saved again.")
        from .chain import append

        append(self.CHAIN(), [self], using=kwargs.get("using"))
        self._state.adding = False
        self._state.db = kwargs.get("using") or self._state.db or "default"

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.label} is append-only: rows cannot be deleted.")

    @classmethod
    def CHAIN(cls):  # a constant, looked up late (apps.audit.chain imports the models)
        raise NotImplementedError
