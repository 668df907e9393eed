"""Writes of the documents app: issuing numbered documents, rendering and downloading their PDFs.

See the package docstring (``apps/documents/__init__.py``) for the public API.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import threading
from functools import cache as memoize

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from apps.audit.services import record

from . import conf
from .actions import DocumentAction
from .models import Document, DocumentCounter, RenderedFile

logger = logging.getLogger(__name__)

LANGUAGES = ("zh-hans", "en")


# --- numbers ----------------------------------------------------------------------------------------
def format_number(prefix: str, year: int, seq: int) -> str:
    """发文字号 as GB/T 9704-2012 writes it: ``徐外出〔2026〕90号`` (hexagonal brackets, no padding)."""
    return f"{prefix}〔{year}〕{seq}号"


def prefix_in_english(prefix: str) -> str:
    """The prefix in pinyin, one capitalised word per character (``徐外出`` → ``Xu Wai Chu``)."""
    from pypinyin import lazy_pinyin

    return " ".join(p.capitalize() for p in lazy_pinyin(prefix)).strip()


def format_number_en(prefix: str, year: int, seq: int) -> str:
    """The same number in an English document: ``Xu Wai Chu [2026] No. 90``."""
    return f"{prefix_in_english(prefix)} [{year}] No. {seq}"


def next_number(*, prefix: str, year: int) -> int:
    """The next sequence number of ``prefix`` in ``year``: one atomic upsert of the counter row, so two
    concurrent issues never get the same number (the row is locked until the caller's transaction ends)
    and a rolled-back issue gives its number back (no gap)."""
    table = DocumentCounter._meta.db_table
    sql = (
        f"INSERT INTO {table} (prefix, year, last) VALUES (%s, %s, 1) "  # noqa: S608 (table name is ours)
        f"ON CONFLICT (prefix, year) DO UPDATE SET last = {table}.last + 1 RETURNING last"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [prefix, year])
        return int(cursor.fetchone()[0])


# --- issuing ----------------------------------------------------------------------------------------
def jsonable(context: dict) -> dict:
    return json.loads(json.dumps(context, default=_json_default, ensure_ascii=False))


def _json_default(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if hasattr(value, "__html__") or hasattr(value, "_proxy____cast"):  # lazy strings
        return str(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


@transaction.atomic
def issue(
    *,
    kind: str,
    target,
    number_prefix: str,
    context: dict,
    by,
    title: str,
    template: str = "documents/gbt9704.html",
    signed_by: str = "",
    new_number: bool = False,
) -> Document:
    """Issue a document of ``kind`` for the case ``target`` and return it. ``target`` may also be a record
    that is not a case (a restricted incident): its documents are then served only by that app's own
    scoped pages (the case-scoped pages and API of this app never find them).

    The first issue of a kind for a case takes the next number of ``number_prefix`` in the current
    year (Asia/Shanghai); issuing again makes the next version with the same number (``new_number=True``
    takes a fresh number instead). ``context`` is frozen as JSON: strings, numbers, lists, dicts, dates
    (stored as ISO strings) and ``{"zh": …, "en": …}`` pairs that the template shows with ``|tr``.
    Call it inside the transaction that decides (e.g. a ``follow_up`` hook of ``approve``): if the
    decision rolls back, so does the number.
    """
    from apps.casework.models import Case

    if isinstance(target, Case):
        owner = {"case_id": target.pk}  # a Case or a case type's row (same primary key)
    else:  # a record that is not a case (a restricted incident)
        from django.contrib.contenttypes.models import ContentType

        owner = {
            "case_id": None,
            "target_type": ContentType.objects.get_for_model(target),
            "target_id": str(target.pk),
        }
    previous = Document.objects.filter(**owner, kind=kind).order_by("-version").first()
    if previous is not None and not new_number:
        prefix, year, seq, version = previous.prefix, previous.year, previous.seq, previous.version + 1
    else:
        year = timezone.localdate().year
        prefix, seq = number_prefix, next_number(prefix=number_prefix, year=year)
        version = (previous.version + 1) if previous else 1
    try:
        with transaction.atomic():
            document = Document.objects.create(
                kind=kind,
                title=title,
                **owner,
                prefix=prefix,
                year=year,
                seq=seq,
                number=format_number(prefix, year, seq),
                number_en=format_number_en(prefix, year, seq),
                version=version,
                template=template,
                context=jsonable(context),
                signed_by=signed_by,
                created_by=by,
            )
    except IntegrityError as err:  # a concurrent re-issue of the same version
        from apps.core.errors import ConflictError

        raise ConflictError() from err
    record(
        action=DocumentAction.DOCUMENTS_ISSUE,
        target=target,
        actor=by,
        extra={"number": document.number, "kind": kind, "version": version, "document": document.pk},
    )
    return document


# --- rendering --------------------------------------------------------------------------------------
@memoize
def renderer_id() -> str:
    """What besides the document decides the bytes: WeasyPrint's version and the font files."""
    from importlib.metadata import version

    parts = [f"weasyprint {version('weasyprint')}"]
    for name, path in conf.fonts():
        stat = path.stat()
        parts.append(f"{name} {path.name} {stat.st_size}")
    return hashlib.sha256(" ".join(parts).encode()).hexdigest()[:16]


def normalise_language(language: str | None) -> str:
    language = (language or translation.get_language() or "zh-hans").lower()
    return "en" if language.startswith("en") else "zh-hans"


def render_html(document: Document, *, language: str | None = None) -> str:
    """The document's HTML in ``language`` ("zh-hans" or "en")."""
    from .qr import qr_data_uri

    language = normalise_language(language)
    with translation.override(language):
        return render_to_string(
            document.template,
            {
                **document.context,
                "document": document,
                "lang": "en" if language == "en" else "zh",
                "fonts": [(name, path.as_uri()) for name, path in conf.fonts()],
                "font_families": ", ".join(f'"{name}"' for name, _path in conf.fonts()),
                "qr": qr_data_uri(verification_text(document)),
            },
        )


def verification_text(document: Document) -> str:
    """What the QR code says: the document's address when ``WAIBAN["PUBLIC_BASE_URL"]`` is set, else its
    number, version and a digest of its content (to compare with the record)."""
    from django.conf import settings
    from django.urls import reverse

    base = getattr(settings, "WAIBAN", {}).get("PUBLIC_BASE_URL", "")
    if base:
        return base.rstrip("/") + reverse("documents:download", args=[document.pk])
    return f"{document.number} v{document.version} {content_digest(document)}"


def content_digest(document: Document) -> str:
    payload = json.dumps(document.context, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{document.number}|{document.version}|{payload}".encode()).hexdigest()[:12]


def _cache_key(document: Document, language: str) -> str:
    return f"documents:pdf:{document.pk}:v{document.version}:{language}:{renderer_id()}"


_warm = threading.Event()
_warm_lock = threading.Lock()


def _after_fork() -> None:  # a forked worker (gunicorn --preload) starts with its own lock
    global _warm_lock
    _warm_lock = threading.Lock()
    if not _warm.is_set():
        _warm.clear()


os.register_at_fork(after_in_child=_after_fork)


def warm_up() -> None:
    """Load WeasyPrint and the document fonts once in this process, so the first PDF a user asks for
    costs what every later one costs (≈ 0.5 s) instead of ≈ 7–9 s (the import of WeasyPrint and
    fontTools, fontconfig, the first read and subset of the CJK font). Runs at most once; a render that
    starts while it runs waits for it. Started in the background by ``waiban/wsgi.py`` when a server
    process starts (``WAIBAN["DOCUMENT_WARM_UP"]``, on by default)."""
    if _warm.is_set():
        return
    with _warm_lock:
        if _warm.is_set():
            return
        try:
            import weasyprint

            # an unsaved document in the shared layout (GB/T 9704, the fonts, a QR code, a table)
            sample = (
                "根据《因公临时出国（境）管理规定》，经研究，同意徐州市教育局组团赴德国、法国进行学术交流。"
            )
            document = Document(
                kind="documents.warm_up",
                title="关于同意出访的批复",
                prefix="徐外出",
                year=2026,
                seq=1,
                number="徐外出〔2026〕1号",
                number_en="Xu Wai Chu [2026] No. 1",
                version=1,
                template="documents/example.html",
                context={
                    "issuer": {"zh": "徐州市人民政府外事办公室", "en": "Foreign Affairs Office"},
                    "addressee": {"zh": "徐州市教育局", "en": "Education Bureau"},
                    "text": {"zh": sample * 4, "en": "Approved. " * 20},
                    "issued_on": "2026-01-05",
                },
            )
            for language in ("zh-hans", "en"):
                html = render_html(document, language=language)
                weasyprint.HTML(string=html, base_url=str(conf.FONT_DIR)).write_pdf()
        except Exception:  # a warm-up never stops a server: the real render reports its own error
            logger.exception("documents: PDF warm-up failed")
        _warm.set()


def warm_up_in_background() -> threading.Thread:
    thread = threading.Thread(target=warm_up, name="documents-warm-up", daemon=True)
    thread.start()
    return thread


def render_pdf(document: Document, *, language: str | None = None) -> bytes:
    """The PDF of ``document`` in ``language``: from the cache, else from the stored file, else rendered
    (WeasyPrint, fonts embedded) and stored. A document version never changes, so neither do its bytes."""
    language = normalise_language(language)
    key = _cache_key(document, language)
    content = cache.get(key)
    if content is not None:
        return content
    stored = (
        RenderedFile.objects.filter(document=document, language=language, renderer=renderer_id())
        .values_list("content", flat=True)
        .first()
    )
    if stored is not None:
        content = bytes(stored)
    else:
        import weasyprint

        warm_up()  # once per process (waits if the server's warm-up is still running)
        html = render_html(document, language=language)
        content = weasyprint.HTML(string=html, base_url=str(conf.FONT_DIR)).write_pdf()
        try:
            with transaction.atomic():
                RenderedFile.objects.create(
                    document=document, language=language, renderer=renderer_id(), content=content
                )
        except IntegrityError:  # rendered concurrently: same bytes
            pass
    cache.set(key, content, conf.cache_seconds())
    return content


def download(*, document: Document, by, language: str | None = None) -> bytes:
    """The PDF for ``by`` (who may see the case: check with the selector first), audited."""
    content = render_pdf(document, language=language)
    record(
        action=DocumentAction.DOCUMENTS_DOWNLOAD,
        target=document.subject,  # the trip's own history lists its downloads
        actor=by,
        extra={
            "number": document.number,
            "version": document.version,
            "language": normalise_language(language),
        },
    )
    return content


def filename(document: Document, *, language: str | None = None) -> str:
    suffix = "-en" if normalise_language(language) == "en" else ""
    version = f"-v{document.version}" if document.version > 1 else ""
    return f"{document.prefix}{document.year}-{document.seq}{version}{suffix}.pdf"
