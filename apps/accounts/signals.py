"""The login log (success / failure / locked / logout, with IP and user agent) and session tracking.

The handlers are connected by :func:`connect`, called from ``AccountsConfig.ready()`` (importing this
module connects nothing)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils import timezone

from apps.core.context import client_ip

from .models import LoginLog, User, UserSession


def _log(request, *, username: str, outcome: str, user=None) -> None:
    LoginLog.objects.create(
        username=(username or "")[:150],
        user=user if user is not None and user.pk else None,
        outcome=outcome,
        ip=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
    )


def on_login(sender, request, user, **kwargs):
    if request is None:
        return
    _log(request, username=user.get_username(), outcome=LoginLog.Outcome.SUCCESS, user=user)
    from .services import session_track

    session_track(request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    if request is not None and getattr(request, "axes_locked_out", False):
        return  # axes' user_locked_out signal logs it as "locked"
    username = (credentials or {}).get("username", "")
    user = User.objects.filter(username=username).first() if username else None
    _log(request, username=username, outcome=LoginLog.Outcome.FAILURE, user=user)


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    if request is not None:
        if getattr(request, "_waiban_locked_logged", False):
            return
        request._waiban_locked_logged = True
    user = User.objects.filter(username=username).first() if username else None
    _log(request, username=username or "", outcome=LoginLog.Outcome.LOCKED, user=user)
    from apps.audit.actions import AuditAction
    from apps.audit.services import record

    record(
        action=AuditAction.ACCOUNTS_LOCKOUT,
        target=user,
        target_repr=None if user else (username or "")[:150],
        actor=None,
        extra={"username": (username or "")[:150], "ip": client_ip(request) if request is not None else None},
    )


def on_logout(sender, request, user, **kwargs):
    if user is None or request is None:
        return
    _log(request, username=user.get_username(), outcome=LoginLog.Outcome.LOGOUT, user=user)
    key = getattr(request.session, "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key, ended_at__isnull=True).update(ended_at=timezone.now())


def _otp_device_saved(sender, instance, **kwargs):
    """A device added or changed: the "no device" answer remembered in the user's sessions
    (``middleware.needs_second_factor``) is keyed to ``updated_at``; moving it forgets that answer."""
    if instance.user_id:
        User.objects.filter(pk=instance.user_id).update(updated_at=timezone.now())


def connect() -> None:
    """Connect the handlers (each with a ``dispatch_uid``: connecting twice is harmless)."""
    from django.db.models.signals import post_save
    from django_otp import device_classes

    user_logged_in.connect(on_login, dispatch_uid="accounts.login_success")
    user_login_failed.connect(on_login_failed, dispatch_uid="accounts.login_failure")
    user_locked_out.connect(on_locked_out, dispatch_uid="accounts.login_locked")
    user_logged_out.connect(on_logout, dispatch_uid="accounts.logout")
    for cls in device_classes():
        post_save.connect(_otp_device_saved, sender=cls, dispatch_uid=f"accounts.otp_saved.{cls._meta.label}")
