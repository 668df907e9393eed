"""Every write to a case: create, transitions (for any case type), routing, reference numbers,
comments, attachments, notifications and the configuration of case types and routing rules.

One service call is one transaction: check permission, change, save, timeline entry, audit record and
notification — all or nothing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed, has_transition_perm

from apps.accounts.scope import scope_for
from apps.audit.services import diff, record, snapshot
from apps.core.errors import ConflictError, Forbidden, ServiceError

from .models import (
    Attachment,
    Case,
    CaseState,
    CaseType,
    Notification,
    ReferenceCounter,
    RoutingRule,
    TimelineEntry,
)
from .permissions import FOUR_EYES, can_apply, is_staff_side

log = logging.getLogger(__name__)

TRANSITION_LABELS = {
    "submit": gettext_lazy("提交"),
    "claim": gettext_lazy("认领"),
    "assign": gettext_lazy("分派"),
    "send_back": gettext_lazy("退回补正"),
    "resubmit": gettext_lazy("重新提交"),
    "forward_for_approval": gettext_lazy("报领导审批"),
    "approve": gettext_lazy("批准"),
    "reject": gettext_lazy("不予批准"),
    "withdraw": gettext_lazy("撤回"),
    "reopen": gettext_lazy("重新打开"),
    "close": gettext_lazy("办结"),
}
# Transitions whose comment (reason) is required.
COMMENT_REQUIRED = frozenset({"send_back", "reject", "withdraw", "reopen"})
# Transitions whose entry (and comment) the applicant side does not see.
INTERNAL_TRANSITIONS = frozenset({"claim", "assign", "forward_for_approval"})

AUDITED_FIELDS = (
    "state",
    "reference",
    "division",
    "assignee",
    "due_date",
    "paused_at",
    "paused_working_days",
    "submitted_at",
    "decided_at",
    "closed_at",
)


class FourEyesError(Forbidden):
    """The acting user submitted the case or takes part in it (a refusal about who acts: 403)."""

    code = "four_eyes"


# --- helpers -----------------------------------------------------------------------------------------
def state_label(state: str) -> str:
    try:
        return str(CaseState(state).label)
    except ValueError:
        return state


# Timeline labels keyed on the transition name, for transitions that leave ``state`` as it is (a case
# type's own stages, e.g. a trip's notice): registered by the case type's app in ``AppConfig.ready``.
TIMELINE_LABELS: dict = {}


def timeline_label(entry) -> str:
    """What a state entry of the timeline reads after "状态变更：": the label registered for its
    transition, else (state unchanged) the transition's label, else the new state's label."""
    name = entry.transition or ""
    if name in TIMELINE_LABELS:
        return str(TIMELINE_LABELS[name])
    if name and name != "create" and entry.from_state and entry.from_state == entry.to_state:
        return str(TRANSITION_LABELS.get(name, state_label(entry.to_state)))
    return state_label(entry.to_state)


def transition_meta(case: Case, name: str):
    """The django_fsm ``Transition`` of ``name`` from the case's current state (or None)."""
    method = getattr(type(case), name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        return None
    return meta.get_transition(case.state)


def is_transition(case: Case, name: str) -> bool:
    method = getattr(type(case), name, None)
    return getattr(method, "_django_fsm", None) is not None and not name.startswith("_")


def transition_label(case: Case | None, name: str) -> str:
    if case is not None:
        t = transition_meta(case, name)
        if t is not None and t.custom.get("label"):
            return str(t.custom["label"])
    return str(TRANSITION_LABELS.get(name, name))


def comment_required(case: Case, name: str) -> bool:
    t = transition_meta(case, name)
    if t is not None and "comment_required" in t.custom:
        return bool(t.custom["comment_required"])
    return name in COMMENT_REQUIRED


def is_internal(case: Case, name: str) -> bool:
    t = transition_meta(case, name)
    if t is not None and "internal" in t.custom:
        return bool(t.custom["internal"])
    return name in INTERNAL_TRANSITIONS


def available_transitions(*, case: Case, user) -> list[str]:
    """Names of the transitions ``user`` may fire on ``case`` now (four-eyes applied)."""
    names = []
    for t in case.get_available_user_state_transitions(user):
        if t.name in FOUR_EYES and case.is_involved(user):
            continue
        names.append(t.name)
    return names


def _timeline(case, *, by, kind, text="", visible=True, from_state="", to_state="", name=""):
    return TimelineEntry.objects.create(
        case_id=case.pk,
        actor=by,
        kind=kind,
        text=text,
        visible_to_applicant=visible,
        from_state=from_state,
        to_state=to_state,
        transition=name,
    )


def _current_state(case) -> str:
    return Case.objects.filter(pk=case.pk).values_list("state", flat=True).first() or case.state


def _conflict(case) -> ConflictError:
    return ConflictError(
        _("该案件刚被其他人处理（当前状态：%(state)s），请刷新后重试。")
        % {"state": state_label(_current_state(case))}
    )


def _bump_version(case, expected: int) -> None:
    """Compare-and-swap on ``version``: the second of two concurrent writers finds 0 rows → conflict."""
    updated = Case.objects.filter(pk=case.pk, version=expected).update(version=expected + 1)
    if not updated:
        raise _conflict(case)
    case.version = expected + 1


def _users_with_perm(code: str, **filters):
    from apps.accounts.models import Role, User

    role_ids = [r.pk for r in Role.objects.only("pk", "permissions") if code in (r.permissions or [])]
    return User.objects.filter(is_active=True, roles__in=role_ids, **filters).distinct()


# --- reference numbers -------------------------------------------------------------------------------
def allocate_reference(case_type: CaseType, year: int) -> str:
    """The next number of ``case_type`` in ``year``; must run inside the caller's transaction.

    The counter row is locked (SELECT … FOR UPDATE) until the caller commits; a rolled-back caller rolls
    the counter back with it, so numbers never repeat and never skip.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_reference() must run inside a transaction")
    counter = None
    for _attempt in range(5):
        try:
            with transaction.atomic():  # a savepoint: a lost creation race does not spoil the caller
                counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
                    case_type=case_type, year=year
                )
            break
        except IntegrityError:
            continue
    if counter is None:  # pragma: no cover - five lost races in a row
        raise ConflictError(_("编号分配繁忙，请稍后重试。"))
    counter.last += 1
    counter.save(update_fields=["last"])
    return case_type.format_reference(year, counter.last)


# --- routing -----------------------------------------------------------------------------------------
def route(*, case: Case, by=None) -> RoutingRule | None:
    """Put the case in a division's queue by the first matching rule (or the type's default division).

    Writes a routing entry with the reason to the timeline; the caller saves the case.
    """
    facts = case.routing_facts()
    for rule in RoutingRule.objects.filter(is_active=True).select_related("case_type", "division"):
        if rule.division.is_active and rule.matches(facts):
            case.division = rule.division
            _timeline(
                case,
                by=by,
                kind=TimelineEntry.Kind.ROUTING,
                visible=False,
                text=_("分送%(division)s：%(reason)s") % {"division": rule.division, "reason": rule.reason},
            )
            return rule
    if case.case_type.default_division_id:
        case.division = case.case_type.default_division
        _timeline(
            case,
            by=by,
            kind=TimelineEntry.Kind.ROUTING,
            visible=False,
            text=_("分送%(division)s：该案件类型的默认承办处室") % {"division": case.division},
        )
        return None
    case.division = None
    _timeline(
        case,
        by=by,
        kind=TimelineEntry.Kind.ROUTING,
        visible=False,
        text=_("没有适用的分办规则，等待外办领导分派。"),
    )
    return None


# --- cases -------------------------------------------------------------------------------------------
def case_create(
    *, model=Case, case_type: CaseType, by, applicant_unit, title: str, participants=(), **fields
):
    """A new draft of ``model`` (a Case subclass) for ``applicant_unit``; drafts have no number yet."""
    if not by.has_perm("casework.apply"):
        raise PermissionDenied(_("您无权提交申请。"))
    if by.unit_id != applicant_unit.pk and not scope_for(by).allows(unit_id=applicant_unit.pk):
        raise PermissionDenied(_("您不能代表该单位提交申请。"))
    if not case_type.is_active:
        raise ServiceError(_("该案件类型已停用。"))
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("请填写标题。"))
    with transaction.atomic():
        case = model.objects.create(
            case_type=case_type, applicant_unit=applicant_unit, created_by=by, title=title, **fields
        )
        if participants:
            case.participants.set(participants)
        _timeline(
            case, by=by, kind=TimelineEntry.Kind.STATE, to_state=case.state, name="create", text=_("创建草稿")
        )
        record(
            action="casework.create",
            target=case,
            actor=by,
            changes={"title": [None, title], "applicant_unit": [None, str(applicant_unit)]},
        )
    return case


def transition(
    *, case: Case, name: str, by, comment: str = "", version=None, assignee=None, **kwargs
) -> Case:
    """Fire transition ``name`` of the concrete case type on ``case`` as ``by``.

    Raises ``ConflictError`` when someone else changed the case first (stale ``version`` or a
    concurrent transition), ``FourEyesError`` when ``by`` submitted or takes part in the case,
    ``PermissionDenied`` when the transition's permission refuses, ``ServiceError`` otherwise.
    """
    case = case.as_concrete()
    if not is_transition(case, name):
        raise ServiceError(_("未知的操作：%(name)s") % {"name": name})
    label = transition_label(case, name)
    comment = (comment or "").strip()
    expected = case.version
    if version not in (None, ""):
        try:
            posted = int(version)
        except (TypeError, ValueError):
            raise ServiceError(_("版本号无效，请刷新后重试。")) from None
        if posted != case.version:
            raise _conflict(case)
        expected = posted
    method = getattr(case, name)
    if not can_proceed(method):
        raise ServiceError(
            _("案件当前状态为“%(state)s”，不能执行“%(action)s”。")
            % {"state": state_label(case.state), "action": label}
        )
    if name in FOUR_EYES and case.is_involved(by):
        raise FourEyesError(
            _("您是本案件的申请人或参与人员，按回避原则不能执行“%(action)s”。") % {"action": label}
        )
    if not has_transition_perm(method, by):
        raise PermissionDenied(_("您无权对本案件执行“%(action)s”。") % {"action": label})
    if comment_required(case, name) and not comment:
        raise ServiceError(_("请填写“%(action)s”的理由。") % {"action": label})
    if name == "assign":
        assignee = _check_assignee(case, assignee)

    before = snapshot(case, AUDITED_FIELDS)
    from_state = case.state
    try:
        with transaction.atomic():
            _bump_version(case, expected)
            if name == "assign":
                method(by=by, assignee=assignee, comment=comment, **kwargs)
                if case.division_id is None:
                    case.division = assignee.division
            else:
                method(by=by, comment=comment, **kwargs)
            entry_visible = not is_internal(case, name)
            _timeline(
                case,
                by=by,
                kind=TimelineEntry.Kind.STATE,
                from_state=from_state,
                to_state=case.state,
                name=name,
                text=comment,
                visible=entry_visible,
            )
            _after_generic(case, name=name, by=by, from_state=from_state)
            case.after_transition(name=name, by=by, comment=comment, **kwargs)
            case.save()
            after = snapshot(case, AUDITED_FIELDS)
            record(
                action=f"casework.{name}",
                target=case,
                actor=by,
                changes=diff(before, after),
                extra={"reference": case.reference or "", "comment": comment, "transition": name},
            )
            _notify_transition(case, name=name, by=by, label=label, comment=comment if entry_visible else "")
    except ConcurrentTransition:
        case.refresh_from_db()
        raise _conflict(case) from None
    except TransitionNotAllowed:
        raise ServiceError(
            _("案件当前状态为“%(state)s”，不能执行“%(action)s”。")
            % {"state": state_label(case.state), "action": label}
        ) from None
    except BaseException:
        # The in-memory object may hold the fired state; reload it so callers show the truth.
        _reload(case)
        raise
    case.clear_caches()
    return case


def _reload(case):
    try:
        case.refresh_from_db()
        case.clear_caches()
    except Exception:
        log.exception("could not reload case %s", case.pk)


def _check_assignee(case, assignee):
    from apps.accounts.models import User

    if assignee is None or assignee == "":
        raise ServiceError(_("请选择承办人。"))
    if not isinstance(assignee, User):
        try:
            assignee = User.objects.get(pk=int(assignee), is_active=True)
        except (User.DoesNotExist, TypeError, ValueError):
            raise ServiceError(_("所选承办人不存在。")) from None
    if not (assignee.is_active and assignee.has_perm("casework.review") and assignee.division_id):
        raise ServiceError(_("%(name)s 不是处室审核人员，不能承办案件。") % {"name": assignee})
    if case.division_id and assignee.division_id != case.division_id:
        raise ServiceError(
            _("%(name)s 不属于承办处室%(division)s。") % {"name": assignee, "division": case.division}
        )
    if case.is_involved(assignee):
        raise FourEyesError(
            _("%(name)s 是本案件的申请人或参与人员，按回避原则不能承办。") % {"name": assignee}
        )
    return assignee


def _after_generic(case, *, name, by, from_state):
    """What the engine does around the generic transitions (numbers, routing, deadlines)."""
    if name == "submit":
        if not case.reference:
            case.reference = allocate_reference(case.case_type, timezone.localdate().year)
        if not case.division_id:
            route(case=case, by=by)
        _timeline(
            case,
            by=by,
            kind=TimelineEntry.Kind.DEADLINE,
            text=_("编号 %(ref)s；办理期限 %(due)s（%(days)s 个工作日）")
            % {"ref": case.reference, "due": case.due_date, "days": case.case_type.sla_working_days},
        )
    elif name in ("claim", "assign"):
        _timeline(
            case,
            by=by,
            kind=TimelineEntry.Kind.ASSIGNMENT,
            visible=False,
            text=_("承办人：%(name)s") % {"name": case.assignee},
        )
    elif name == "send_back":
        _timeline(case, by=by, kind=TimelineEntry.Kind.DEADLINE, text=_("退回补正期间暂停计时。"))
    elif name == "resubmit":
        _timeline(
            case,
            by=by,
            kind=TimelineEntry.Kind.DEADLINE,
            text=_("恢复计时；退回补正累计 %(days)s 个工作日，办理期限顺延至 %(due)s。")
            % {"days": case.paused_working_days, "due": case.due_date},
        )
    elif name == "reopen":
        _timeline(
            case,
            by=by,
            kind=TimelineEntry.Kind.DEADLINE,
            text=_("重新计时，办理期限 %(due)s。") % {"due": case.due_date},
        )


def _notify_transition(case, *, name, by, label, comment):
    recipients: set = set()
    if name in ("submit", "resubmit", "withdraw"):
        if case.assignee_id:
            recipients.add(case.assignee)
        elif case.division_id:
            recipients.update(_users_with_perm("casework.review", division_id=case.division_id))
        else:
            recipients.update(_users_with_perm("casework.assign", division__isnull=True))
    elif name == "assign":
        recipients.add(case.assignee)
    elif name == "forward_for_approval":
        recipients.update(_users_with_perm("casework.approve"))
    elif name in ("send_back", "approve", "reject", "reopen", "close"):
        recipients.add(case.created_by)
        if name in ("approve", "reject") and case.assignee_id:
            recipients.add(case.assignee)
    else:
        recipients.add(case.created_by)
    hook = getattr(case, "transition_recipients", None)  # a case type may add the people concerned
    if hook is not None:
        recipients = set(hook(name=name, by=by, recipients=recipients))
    recipients.discard(by)
    if not recipients:
        return
    text = _("%(case)s：%(action)s") % {"case": case.reference or case.title, "action": label}
    if comment:
        text = f"{text}（{comment[:200]}）"
    notify(users=recipients, case=case, verb=name, text=text)


# --- comments ----------------------------------------------------------------------------------------
def comment_add(*, case: Case, by, text: str, visible_to_applicant: bool = False) -> TimelineEntry:
    if not by.has_perm("casework.comment_case", case):
        raise PermissionDenied(_("您无权在本案件中发表意见。"))
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("请填写意见内容。"))
    if len(text) > 5000:
        raise ServiceError(_("意见内容过长（最多 5000 字）。"))
    staff = is_staff_side(by)
    visible = bool(visible_to_applicant) if staff else True
    with transaction.atomic():
        entry = _timeline(case, by=by, kind=TimelineEntry.Kind.COMMENT, text=text, visible=visible)
        record(
            action="casework.comment",
            target=case,
            actor=by,
            extra={"visible_to_applicant": visible, "length": len(text)},
        )
        recipients = set()
        if staff and visible:
            recipients.add(case.created_by)
        if not staff and case.assignee_id:
            recipients.add(case.assignee)
        recipients.discard(by)
        if recipients:
            notify(
                users=recipients,
                case=case,
                verb="comment",
                text=_("%(case)s：新的意见") % {"case": case.reference or case.title},
            )
    return entry


# --- attachments -------------------------------------------------------------------------------------
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ofd": "application/ofd",
}
MAX_NAME_LENGTH = 150


def attachment_kinds() -> list[tuple[str, str]]:
    """Kinds of attachment, from the reference dictionary ``attachment_kind``."""
    from apps.reference.models import DictItem

    items = DictItem.objects.filter(type__code="attachment_kind", is_active=True).order_by("order", "code")
    kinds = [(i.code, i.localized_label) for i in items]
    return kinds or [("other", str(gettext_lazy("其他")))]


def clean_filename(name: str) -> str:
    """The uploaded file's name, refused with a clear message when it is hostile or unusable."""
    name = unicodedata.normalize("NFC", str(name or "")).strip()
    if not name:
        raise ServiceError(_("文件名不能为空。"))
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise ServiceError(_("文件名含有控制字符，请重命名后再上传。"))
    if "/" in name or "\\" in name or name.startswith(".") or ".." in name:
        raise ServiceError(_("文件名不合法（不能包含路径或“..”），请重命名后再上传。"))
    if len(name) > MAX_NAME_LENGTH:
        raise ServiceError(_("文件名过长（最多 %(n)d 个字符），请重命名后再上传。") % {"n": MAX_NAME_LENGTH})
    return name


def _sniff(head: bytes, ext: str, fileobj) -> bool:
    """Do the file's first bytes match its extension?"""
    if ext == ".pdf":
        return head.startswith(b"%PDF-")
    if ext in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in (".docx", ".xlsx", ".ofd"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        marker = {".docx": "word/", ".xlsx": "xl/", ".ofd": "OFD.xml"}[ext]
        try:
            fileobj.seek(0)
            with zipfile.ZipFile(fileobj) as zf:
                return any(n.startswith(marker) or n == marker for n in zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        finally:
            fileobj.seek(0)
    return False


def attachment_add(*, case: Case, by, upload, kind: str, visible_to_applicant: bool = True) -> Attachment:
    """Validate and store an uploaded file (outside the web root, under a random name) with its SHA-256."""
    if not by.has_perm("casework.upload_case", case):
        raise PermissionDenied(_("您无权为本案件上传附件。"))
    if case.state in (CaseState.CLOSED, CaseState.WITHDRAWN):
        raise ServiceError(_("案件已%(state)s，不能再上传附件。") % {"state": state_label(case.state)})
    kinds = dict(attachment_kinds())
    if kind not in kinds:
        raise ServiceError(_("请选择材料类别。"))
    if upload is None:
        raise ServiceError(_("请选择要上传的文件。"))
    name = clean_filename(getattr(upload, "name", ""))
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_TYPES:
        raise ServiceError(
            _("不支持的文件类型“%(ext)s”；只能上传 PDF、JPG、PNG、DOCX、XLSX、OFD 文件。")
            % {"ext": ext or _("无扩展名")}
        )
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise ServiceError(_("文件是空的，请检查后重新上传。"))
    limit = settings.ATTACHMENT_MAX_BYTES
    if size > limit:
        raise ServiceError(
            _("文件过大（%(size).1f MB），单个附件不能超过 %(limit).0f MB。")
            % {"size": size / 1048576, "limit": limit / 1048576}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not _sniff(head, ext, upload):
        raise ServiceError(
            _("文件内容与扩展名“%(ext)s”不符，请上传真实的 %(type)s 文件。")
            % {"ext": ext, "type": ext.lstrip(".").upper()}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    staff = is_staff_side(by)
    visible = bool(visible_to_applicant) if staff else True
    with transaction.atomic():
        att = Attachment(
            case_id=case.pk,
            kind=kind,
            original_name=name,
            size=size,
            sha256=digest.hexdigest(),
            content_type=ALLOWED_TYPES[ext],
            uploaded_by=by,
            visible_to_applicant=visible,
        )
        att.file.save(name, File(upload), save=False)
        try:
            att.save()
            _timeline(
                case,
                by=by,
                kind=TimelineEntry.Kind.ATTACHMENT,
                visible=visible,
                text=_("上传附件：%(name)s（%(kind)s）") % {"name": name, "kind": kinds[kind]},
            )
            record(
                action="casework.attachment_add",
                target=case,
                actor=by,
                extra={"attachment": att.pk, "name": name, "size": size, "sha256": att.sha256},
            )
        except BaseException:
            att.file.storage.delete(att.file.name)
            raise
    return att


def attachment_open(*, attachment: Attachment):
    """The stored file, opened, after verifying its checksum (ServiceError if it was altered or lost)."""
    storage = attachment.file.storage
    try:
        fh = storage.open(attachment.file.name, "rb")
    except (FileNotFoundError, OSError):
        raise ConflictError(_("附件文件缺失，请联系系统管理员。"), code="missing") from None
    digest = hashlib.sha256()
    for chunk in iter(lambda: fh.read(65536), b""):
        digest.update(chunk)
    if digest.hexdigest() != attachment.sha256:
        fh.close()
        record(
            action="casework.attachment_checksum_failed",
            target=attachment.case,
            extra={"attachment": attachment.pk},
        )
        raise ConflictError(
            _("附件校验失败（文件可能已被篡改或损坏），已记录，请联系系统管理员。"), code="checksum"
        )
    fh.seek(0)
    return fh


# --- notifications -----------------------------------------------------------------------------------
def notify(*, users, case: Case | None, verb: str, text: str) -> list[Notification]:
    """In-app notifications now; emails by a background task after the transaction commits."""
    rows = [
        Notification(recipient=u, case_id=case.pk if case else None, verb=verb, text=str(text)[:500])
        for u in {u for u in users if u is not None and u.is_active}
    ]
    rows = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in rows if n.recipient.email]
    if ids:
        from .tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return rows


def notifications_mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


# --- configuration (system administrator) ----------------------------------------------------------
CASETYPE_FIELDS = (
    "name",
    "name_en",
    "reference_prefix",
    "sla_working_days",
    "sla_basis",
    "default_division",
    "detail_url_name",
    "is_active",
)
RULE_FIELDS = ("order", "case_type", "continent", "country_kind", "division", "reason", "is_active")


def _require_configure(by):
    if not by.has_perm("casework.configure"):
        raise PermissionDenied(_("您无权配置案件类型和分办规则。"))


def casetype_save(*, case_type: CaseType, by, data: dict) -> CaseType:
    _require_configure(by)
    with transaction.atomic():
        is_new = case_type.pk is None
        before = {} if is_new else snapshot(CaseType.objects.get(pk=case_type.pk), CASETYPE_FIELDS)
        for k, v in data.items():
            if k in (*CASETYPE_FIELDS, "code"):
                setattr(case_type, k, v)
        case_type.full_clean()
        case_type.save()
        record(
            action="casework.casetype_create" if is_new else "casework.casetype_update",
            target=case_type,
            actor=by,
            changes=diff(before, snapshot(case_type, CASETYPE_FIELDS)),
        )
    return case_type


def routing_rule_save(*, rule: RoutingRule, by, data: dict) -> RoutingRule:
    _require_configure(by)
    with transaction.atomic():
        is_new = rule.pk is None
        before = {} if is_new else snapshot(RoutingRule.objects.get(pk=rule.pk), RULE_FIELDS)
        for k, v in data.items():
            if k in RULE_FIELDS:
                setattr(rule, k, v)
        rule.full_clean()
        rule.save()
        record(
            action="casework.routing_rule_create" if is_new else "casework.routing_rule_update",
            target=rule,
            actor=by,
            changes=diff(before, snapshot(rule, RULE_FIELDS)),
        )
    return rule


def applicant_can_edit(case, user) -> bool:
    return case.state in (CaseState.DRAFT, CaseState.RETURNED) and can_apply(case, user)
