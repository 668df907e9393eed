"""Attachments: stored outside the web root under a random name with their SHA-256, verified on open."""

from __future__ import annotations

import hashlib
import os

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import record
from apps.core.errors import ConflictError, ServiceError

from ..models import Attachment, Case, CaseState, TimelineEntry
from ..permissions import is_staff_side
from ..selectors import attachment_kinds
from ..workflow import state_label
from .files import ALLOWED_TYPES, clean_filename, content_matches
from .timeline import timeline_add


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
    if not content_matches(head, ext, upload):
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
            timeline_add(
                case=case,
                by=by,
                kind=TimelineEntry.Kind.ATTACHMENT,
                visible=visible,
                text=_("上传附件：%(name)s（%(kind)s）") % {"name": name, "kind": kinds[kind]},
            )
            record(
                action=AuditAction.CASEWORK_ATTACHMENT_ADD,
                target=case,
                actor=by,
                extra={"attachment": att.pk, "name": name, "size": size, "sha256": att.sha256},
            )
        except BaseException:
            att.file.storage.delete(att.file.name)
            raise
    return att


def attachment_open(*, attachment: Attachment):
    """The stored file, opened, after verifying its checksum (ConflictError if it was altered or lost).

    A failed check is recorded in the audit log (a write, hence a service)."""
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
            action=AuditAction.CASEWORK_ATTACHMENT_CHECKSUM_FAILED,
            target=attachment.case,
            extra={"attachment": attachment.pk},
        )
        raise ConflictError(
            _("附件校验失败（文件可能已被篡改或损坏），已记录，请联系系统管理员。"), code="checksum"
        )
    fh.seek(0)
    return fh
