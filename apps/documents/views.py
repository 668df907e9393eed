from django.http import HttpResponse
from django.utils.encoding import escape_uri_path

from apps.web.decorators import perm_required

from . import selectors, services


@perm_required("casework.view")
def download(request, pk):
    """The PDF of a document version (``?lang=en`` for the English version); audited."""
    document = selectors.document_get(user=request.user, pk=pk)
    language = request.GET.get("lang") or None
    content = services.download(document=document, by=request.user, language=language)
    response = HttpResponse(content, content_type="application/pdf")
    name = services.filename(document, language=language)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{escape_uri_path(name)}"
    response["Cache-Control"] = "private, no-store"
    return response
