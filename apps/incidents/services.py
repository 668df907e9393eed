"""Every write of incidents. Each one checks that the actor is in the incident's circle and may handle
it (:func:`apps.incidents.selectors.can_handle`), records the timeline entry and the audit event.
Every view by someone inside is audited as ``incidents.view`` (:func:`incident_open`); an attempt from
outside the circle is refused (404) and audited too."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.scope import RESTRICTED, scope_for
from apps.audit.services import record
from apps.casework.services import notify
from apps.core.errors import ConflictError, ServiceError
from apps.core.permissions import require
from apps.core.services import model_update
from apps.org.models import Division

from . import conf, selectors
from .actions import IncidentAction
from .models import Entry, EntryKind, Incident, IncidentCounter, Member, State, Task

HANDLING_DIVISION = "foreign_affairs"
FIELDS = (
    "title",
    "direction",
    "kind",
    "severity",
    "occurred_on",
    "place",
    "country",
    "persons",
    "summary",
    "detained_on",
    "mission_notified_on",
    "consular_visit_on",
    "advisory",
    "family_contacted",
    "consulate_contacted",
    "assistance",
)


def _entry(incident, by, kind, text):
    return Entry.objects.create(incident=incident, at=timezone.now(), actor=by, kind=kind, text=text)


def _next_reference(year: int) -> str:
    counter, _created = IncidentCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"徐外涉〔{year}〕{counter.last}号"


def _clean(data: dict) -> dict:
    data = {k: data[k] for k in FIELDS if k in data}
    if "title" in data:
        data["title"] = (data["title"] or "").strip()
        if not data["title"]:
            raise ServiceError(_("请填写标题。"))
    occurred = data.get("occurred_on")
    if occurred and occurred > timezone.localdate():
        raise ServiceError(_("发生日期不能晚于今天。"))
    for f in ("detained_on", "mission_notified_on", "consular_visit_on"):
        if occurred and data.get(f) and data[f] < occurred:
            raise ServiceError(
                _("%(field)s不能早于发生日期。") % {"field": Incident._meta.get_field(f).verbose_name}
            )
    return data


def _tell_leaders(incident, by) -> None:
    """High severity: the office leaders join the circle and are told at once."""
    leaders = [u for u in selectors.leaders() if u.pk != by.pk]
    added = []
    for u in leaders:
        _member, created = Member.objects.get_or_create(
            incident=incident, user=u, defaults={"reason": _("重大涉外案件报告领导"), "added_by": by}
        )
        if created:
            added.append(u)
    if added:
        notify(
            users=added,
            case=None,
            verb="incident_high",
            text=_("%(ref)s（%(severity)s）已报告领导，请查看。")
            % {"ref": incident.reference, "severity": incident.get_severity_display()},
        )
        _entry(
            incident,
            by,
            EntryKind.NOTIFICATION,
            _("已报告外办领导：%(names)s") % {"names": "、".join(str(u) for u in added)},
        )


def incident_create(*, by, data: dict) -> Incident:
    require(by, "casework.review", message=_("您无权登记涉外案（事）件。"))
    division = Division.objects.filter(code=HANDLING_DIVISION, is_active=True).first()
    if division is None:
        raise ServiceError(_("未配置承办涉外案件的处室（涉外管理处）。"))
    if not scope_for(by, RESTRICTED).allows(division_id=division.pk):
        raise PermissionDenied(_("涉外案（事）件由涉外管理处登记。"))
    data = _clean(data)
    with transaction.atomic():
        incident = Incident.objects.create(
            **data, reference=_next_reference(timezone.localdate().year), division=division, created_by=by
        )
        _entry(incident, by, EntryKind.STATE, _("登记：%(title)s") % {"title": incident.title})
        record(
            action=IncidentAction.INCIDENTS_CREATE,
            target=incident,
            actor=by,
            changes={"title": [None, incident.title], "severity": [None, incident.severity]},
        )
        if incident.high_severity:
            _tell_leaders(incident, by)
    return incident


def _handler(incident, by):
    if not selectors.can_handle(incident, by):
        raise PermissionDenied(_("您不能办理该涉外案件。"))
    if incident.state == State.CLOSED:
        raise ServiceError(_("该涉外案件已结案。"))


def _bump(incident, version):
    expected = incident.version
    if version not in (None, ""):
        try:
            expected = int(version)
        except (TypeError, ValueError):
            raise ServiceError(_("版本号无效，请刷新后重试。")) from None
    if not Incident.objects.filter(pk=incident.pk, version=expected).update(version=expected + 1):
        raise ConflictError(_("该案件刚被其他人修改，请刷新后重试。"))
    incident.version = expected + 1


def incident_update(*, incident: Incident, by, data: dict, version=None) -> Incident:
    _handler(incident, by)
    was_high = incident.high_severity
    data = _clean({**{k: getattr(incident, k) for k in FIELDS}, **data})
    with transaction.atomic():
        _bump(incident, version)
        changed = model_update(
            instance=incident,
            fields=[k for k in FIELDS if k in data],
            data=data,
            by=by,
            action=IncidentAction.INCIDENTS_UPDATE,
            record_unchanged=True,
        )
        if changed:
            _entry(
                incident,
                by,
                EntryKind.ACTION,
                _("修改：%(fields)s")
                % {"fields": "、".join(str(Incident._meta.get_field(f).verbose_name) for f in changed)},
            )
        if incident.high_severity and not was_high:
            _tell_leaders(incident, by)
    return incident


def entry_add(*, incident: Incident, by, kind: str, text: str) -> Entry:
    _handler(incident, by)
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("请填写处置情况。"))
    if kind not in (EntryKind.ACTION, EntryKind.NOTIFICATION, EntryKind.VISIT):
        raise ServiceError(_("记录类别无效。"))
    with transaction.atomic():
        entry = _entry(incident, by, kind, text)
        record(action=IncidentAction.INCIDENTS_ENTRY, target=incident, actor=by, extra={"kind": kind})
    return entry


def checklist_set(*, incident: Incident, by, key: str, done: bool) -> Incident:
    _handler(incident, by)
    labels = dict(conf.DEATH_CHECKLIST)
    if key not in labels:
        raise ServiceError(_("清单项无效。"))
    with transaction.atomic():
        checklist = dict(incident.checklist or {})
        checklist[key] = str(timezone.localdate()) if done else None
        model_update(
            instance=incident,
            fields=["checklist"],
            data={"checklist": checklist},
            by=by,
            action=IncidentAction.INCIDENTS_UPDATE,
        )
        _entry(
            incident,
            by,
            EntryKind.ACTION,
            (_("已完成：%(item)s") if done else _("撤销完成：%(item)s")) % {"item": labels[key]},
        )
    return incident


def task_add(*, incident: Incident, by, unit, description: str, due_date: dt.date) -> Task:
    """Task a unit: the unit joins the circle (its clerks see the incident and report the task)."""
    _handler(incident, by)
    description = (description or "").strip()
    if not description:
        raise ServiceError(_("请填写任务内容。"))
    if due_date < timezone.localdate():
        raise ServiceError(_("完成期限不能早于今天。"))
    with transaction.atomic():
        task = Task.objects.create(
            incident=incident, unit=unit, description=description, due_date=due_date, created_by=by
        )
        _entry(
            incident,
            by,
            EntryKind.TASK,
            _("交办%(unit)s：%(task)s（%(due)s 前）")
            % {"unit": unit.name, "task": description, "due": due_date},
        )
        record(
            action=IncidentAction.INCIDENTS_TASK,
            target=incident,
            actor=by,
            changes={"task": [None, description], "unit": [None, unit.name]},
        )
    return task


def task_done(*, incident: Incident, task: Task, by, note: str) -> Task:
    """The tasked unit (its people) or the division reports the task done."""
    if task.incident_id != incident.pk:
        raise Http404
    if not (by.unit_id == task.unit_id or selectors.can_handle(incident, by)):
        raise PermissionDenied(_("只有承办单位或承办处室可以反馈该任务。"))
    if incident.state == State.CLOSED:
        raise ServiceError(_("该涉外案件已结案。"))
    note = (note or "").strip()
    if not note:
        raise ServiceError(_("请填写完成情况。"))
    if task.done_on:
        raise ServiceError(_("该任务已反馈。"))
    with transaction.atomic():
        task.done_on, task.done_note = timezone.localdate(), note
        task.save(update_fields=["done_on", "done_note", "updated_at"])
        _entry(
            incident,
            by,
            EntryKind.TASK,
            _("%(unit)s 完成：%(task)s。%(note)s")
            % {"unit": task.unit.name, "task": task.description, "note": note},
        )
        record(
            action=IncidentAction.INCIDENTS_TASK_DONE,
            target=incident,
            actor=by,
            changes={"done_note": [None, note]},
        )
    return task


def member_add(*, incident: Incident, by, user, reason: str) -> Member:
    """Add someone to the circle (with the reason); only the division's reviewers or a leader in it."""
    _handler(incident, by)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("请填写知悉理由。"))
    if not user.is_active:
        raise ServiceError(_("该用户已停用。"))
    with transaction.atomic():
        member, created = Member.objects.get_or_create(
            incident=incident, user=user, defaults={"reason": reason, "added_by": by}
        )
        if not created:
            raise ServiceError(_("%(name)s 已在知悉范围内。") % {"name": user})
        _entry(
            incident,
            by,
            EntryKind.CIRCLE,
            _("增加知悉人员：%(name)s（%(reason)s）") % {"name": user, "reason": reason},
        )
        record(
            action=IncidentAction.INCIDENTS_MEMBER,
            target=incident,
            actor=by,
            changes={"member": [None, str(user)]},
            extra={"reason": reason},
        )
    return member


def incident_close(*, incident: Incident, by, summary: str, version=None) -> Incident:
    _handler(incident, by)
    summary = (summary or "").strip()
    if not summary:
        raise ServiceError(_("请填写结案报告。"))
    open_tasks = [t for t in incident.tasks.all() if not t.done_on]
    if open_tasks:
        raise ServiceError(_("还有 %(n)d 项交办任务未反馈，不能结案。") % {"n": len(open_tasks)})
    with transaction.atomic():
        _bump(incident, version)
        model_update(
            instance=incident,
            fields=["state", "closing_summary", "closed_at"],
            data={"state": State.CLOSED, "closing_summary": summary, "closed_at": timezone.now()},
            by=by,
            action=IncidentAction.INCIDENTS_CLOSE,
        )
        _entry(incident, by, EntryKind.STATE, _("结案"))
        from .documents import issue_closing_report

        issue_closing_report(incident, by=by)  # numbered now, in the closing's transaction
    return incident


def report_pdf(*, user, pk, closing: bool = False, language: str | None = None):
    """The situation report (or, ``closing=True``, the closing report) of incident ``pk`` as a PDF, for
    someone inside its circle (the view is audited as ``incidents.view``, the download as
    ``documents.download``); a handler generating it after a change issues the next version. Returns
    (document, bytes); ``ServiceError`` when there is none yet."""
    from apps.documents.services import download

    from . import documents

    incident = incident_open(user=user, pk=pk, purpose=_("生成情况报告"))
    if closing:
        document = documents.latest(incident, documents.CLOSING)
    else:
        with transaction.atomic():
            document = documents.situation_report(
                incident, by=user, may_issue=selectors.can_handle(incident, user)
            )
    if document is None:
        raise ServiceError(_("尚未生成报告。"))
    return document, download(document=document, by=user, language=language)


# --- reads that are audited --------------------------------------------------------------------------
def incident_open(*, user, pk, purpose: str = "") -> Incident:
    """Open one incident for ``user``: inside the circle → the incident, and the view is recorded as a
    ``incidents.view``; outside → the refused attempt is recorded and ``Http404`` raised."""
    try:
        incident = selectors.incident_get(user=user, pk=pk)
    except Http404:
        if user.is_authenticated and selectors.exists_outside(user=user, pk=pk):
            record(
                action=IncidentAction.INCIDENTS_VIEW_REFUSED,
                actor=user,
                target_repr=f"incident:{pk}",
                extra={"incident_id": int(pk)},
            )
        raise
    # its own action (not the identity-number view's "sensitive.view"): what was seen is the incident
    record(
        action=IncidentAction.INCIDENTS_VIEW,
        target=incident,
        actor=user,
        extra={"fields": ["summary", "persons"], "purpose": str(purpose or _("查看涉外案件"))},
    )
    return incident
