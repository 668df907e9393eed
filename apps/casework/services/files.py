"""Checks of an uploaded file: its name, its type (by extension) and whether its content matches it."""

from __future__ import annotations

import unicodedata
import zipfile

from django.utils.translation import gettext as _

from apps.core.errors import ServiceError

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


def content_matches(head: bytes, ext: str, fileobj) -> bool:
    """Do the file's first bytes (and, for Office/OFD files, its zip members) match its extension?"""
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
