"""Official documents (公文) in the layout of GB/T 9704-2012, for every case type.

Public API (everything else is internal):

* ``apps.documents.services.issue(kind=, target=, number_prefix=, context=, by=, title=, template=,
  signed_by="", new_number=False) -> Document`` — issue a document for a case. The 发文字号
  (``徐外出〔2026〕90号``: prefix, year in hexagonal brackets, the number without padding, 号) comes from a
  per-(prefix, year) counter advanced atomically in the caller's transaction, so call it when the
  document is really issued (a ``follow_up`` hook of ``approve``), never at submission: withdrawn or
  rolled-back cases spend no number. Issuing again for the same case and kind makes version 2, 3, … with
  the same number; earlier versions are kept unchanged. ``context`` is frozen as JSON; language pairs are
  ``{"zh": …, "en": …}`` and a template shows them with ``{{ value|tr:lang }}`` (``{% load documents %}``).
* ``apps.documents.services.render_pdf(document, language=None) -> bytes`` — the PDF (WeasyPrint, Noto
  Serif SC embedded) in "zh-hans" or "en", cached per document version and language (the cache, then the
  stored ``RenderedFile``, then rendering).
* ``apps.documents.services.download(document=, by=, language=None) -> bytes`` — the same, audited as
  ``documents.download``. The page ``documents:download`` (``/documents/<pk>/pdf/?lang=en``) serves it to
  whoever may see the case.
* ``apps.documents.selectors.latest_document(user=, case=, kind=)`` / ``documents_for(user=, case=)`` /
  ``document_get(user=, pk=)`` — reads, scoped through the case.
* ``apps.documents.qr.qr_data_uri(text)`` — an offline QR code (segno) as an SVG data URI.
* Templates: ``documents/gbt9704.html`` is the layout (版头 in red with the red rule, 发文字号 and 签发人,
  标题, 主送, 正文, 成文日期 with the seal's place, 版记 with 抄送 and 印发机关/日期); a case type extends it
  and fills ``{% block body %}`` (see ``documents/example.html`` and the context keys listed at the top of
  the layout).
"""
