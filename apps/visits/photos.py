"""Gift photos: recognised by their first bytes (JPEG, PNG, WebP), never by the name or the type the
browser claims. One check for the page's form, the API and the service; the stored name is made here
(random, with the extension of the recognised type), so nothing the uploader named reaches the disk."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.utils.translation import gettext as _

from apps.core.errors import ServiceError

from . import conf

IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def sniff(head: bytes) -> str | None:
    """The image type of a file from its first bytes (at least 12), or None if it is not one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def max_bytes() -> int:
    return int(conf.GIFT_PHOTO_MAX_MB.value) * 1024 * 1024


def check_photo(upload) -> str:
    """Refuse (``ServiceError``, in Chinese) an upload that is empty, too large or not a JPEG/PNG/WebP
    image by its content; otherwise rename it to a random name with its type's extension and return the
    content type."""
    if upload is None:
        raise ServiceError(_("请选择要上传的照片。"))
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise ServiceError(_("照片文件是空的，请重新选择。"))
    limit = max_bytes()
    if size > limit:
        raise ServiceError(
            _("照片过大（%(size).1f MB），不能超过 %(limit)d MB。")
            % {"size": size / 1048576, "limit": limit // 1048576}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise ServiceError(_("上传的文件不是图片，请上传 JPG、PNG 或 WebP 格式的照片。"))
    upload.name = f"{uuid.uuid4().hex}.{IMAGE_TYPES[content_type]}"
    return content_type


def photo_response(gift, content: bytes, content_type: str) -> HttpResponse:
    """The answer that carries a photo (page and API): inline, its sniffed type, never cached or
    re-sniffed by the browser."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="gift-{gift.pk}.{IMAGE_TYPES[content_type]}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
