"""Optimistic concurrency for edit forms: concurrent edits never silently overwrite each other.

How it works:

* An edit form mixes in :class:`EditTokenFormMixin`. It carries a hidden ``edit_token`` field holding the
  object's ``updated_at`` as it was when the page was loaded (:func:`token_for`). The token is taken out of
  ``cleaned_data`` (services never see it as a field) and is available as ``form.edit_token``.
* The update service calls :func:`check_unchanged` inside its transaction, before it changes anything or
  records an audit event. It re-reads the row (``SELECT … FOR UPDATE`` where the database supports it)
  and raises :class:`apps.core.errors.ConflictError` when the row changed since the form was loaded.
* The view catches ``ServiceError`` as usual and calls ``apps.web.refusals.refuse(request, err, form=form)``,
  which uses ``form.add_conflict_error``: the form is re-rendered (status 409) with what the user typed,
  the message and a link to the current values.

A missing token (an older client, an API call that does not send one) skips the check: the check guards
forms that send what they loaded, it does not make the token mandatory.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .errors import ConflictError

EDIT_TOKEN_FIELD = "edit_token"
VERSION_FIELD = "updated_at"


def _token_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    return str(value)


def token_for(obj, *, field: str = VERSION_FIELD) -> str:
    """The edit token of ``obj`` as loaded: its ``updated_at`` (or version) in a stable text form."""
    if obj is None or getattr(obj, "pk", None) is None:
        return ""
    return _token_of(getattr(obj, field, None))


def _last_change(obj):
    """(who, when) of the latest audit event about ``obj``; (None, None) when there is none."""
    try:
        from apps.audit.models import AuditEvent
    except ImportError:  # pragma: no cover - audit is always installed
        return None, None
    event = (
        AuditEvent.objects.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))
        .exclude(action__endswith="sensitive_view")
        .select_related("actor")
        .order_by("-id")
        .first()
    )
    if event is None:
        return None, None
    actor = event.actor
    who = None
    if actor is not None:
        who = getattr(actor, "full_name", "") or actor.get_username()
    return who, event.at


def _format_time(value) -> str:
    if not isinstance(value, dt.datetime):
        return str(value or "")
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d %H:%M:%S")


def conflict_message(obj, current_value=None) -> str:
    """The message shown when ``obj`` changed since the form was loaded."""
    who, when = _last_change(obj)
    when = current_value if isinstance(current_value, dt.datetime) else when
    if who:
        return _("该记录已被 %(who)s 于 %(time)s 修改，您的修改未保存。请刷新后重新修改。") % {
            "who": who,
            "time": _format_time(when),
        }
    return _("该记录已于 %(time)s 被他人修改，您的修改未保存。请刷新后重新修改。") % {
        "time": _format_time(when)
    }


def check_unchanged(obj, token, *, field: str = VERSION_FIELD) -> None:
    """Raise :class:`ConflictError` if ``obj``'s row changed since ``token`` was issued.

    Call it inside the service's ``transaction.atomic`` before changing anything: the row is read again
    with ``select_for_update`` (a no-op on SQLite, whose writes are serialised anyway), so a concurrent
    writer waits for this transaction instead of slipping in between the check and the save.
    ``token`` ``None`` or ``""`` (not sent) skips the check.
    """
    if token is None or str(token).strip() == "" or obj is None or obj.pk is None:
        return
    model = type(obj)
    current = model._base_manager.select_for_update().filter(pk=obj.pk).values_list(field, flat=True).first()
    if _token_of(current) != str(token).strip():
        raise ConflictError(conflict_message(obj, current))


class EditTokenFormMixin:
    """Adds the hidden ``edit_token`` field to a form; put it first among the bases.

    The object comes from ``edit_object=`` or, for a ``ModelForm``, from ``instance``.
    """

    def __init__(self, *args, edit_object=None, **kwargs):
        super().__init__(*args, **kwargs)
        obj = edit_object if edit_object is not None else getattr(self, "instance", None)
        self.edit_object = obj if obj is not None and getattr(obj, "pk", None) is not None else None
        self.fields[EDIT_TOKEN_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=token_for(self.edit_object)
        )

    @property
    def edit_token(self) -> str | None:
        """The token the page was loaded with (the posted one on a bound form), ``None`` if not sent."""
        if self.is_bound:
            value = self.data.get(self.add_prefix(EDIT_TOKEN_FIELD))
            return value if value else None
        return token_for(self.edit_object) or None

    def clean(self):
        data = super().clean()
        if isinstance(data, dict):
            data.pop(EDIT_TOKEN_FIELD, None)
        return data

    def add_conflict_error(self, err, request=None) -> None:
        """Show ``err`` on the form, with a link (new tab) to the page as it is now."""
        message = err.message
        if request is not None and getattr(err, "code", "") == ConflictError.code:
            message = format_html(
                '{} <a href="{}" target="_blank" rel="noopener" class="alert-link">{}</a>',
                message,
                request.get_full_path(),
                _("在新窗口查看当前内容"),
            )
        self.add_error(None, message)
