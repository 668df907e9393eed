import uuid

from . import context


def request_id(request) -> str:
    """The request's id: generated here, or taken from ``X-Request-ID`` only behind the trusted reverse
    proxy (WAIBAN_BEHIND_PROXY), which sets it — a client must not write what the audit trail records."""
    from django.conf import settings

    incoming = request.META.get("HTTP_X_REQUEST_ID", "") if settings.SECURE_PROXY_SSL_HEADER else ""
    return incoming if incoming and len(incoming) <= 64 and incoming.isalnum() else uuid.uuid4().hex


class RequestContextMiddleware:
    """Gives every request an id (echoed in ``X-Request-ID``) and makes it visible to the audit service."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request_id(request)
        ctx = context.RequestContext(
            request_id=rid,
            ip=context.client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            request=request,
        )
        request.request_id = rid
        token = context.bind(ctx)
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = rid
        return response


class RejectNulMiddleware:
    """A NUL byte in the path or a GET/POST parameter is never meaningful input: answer 400 with a short
    message before it reaches a view (PostgreSQL refuses ``\\x00`` in text and would turn it into a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            from django.http import HttpResponseBadRequest, JsonResponse
            from django.utils.translation import gettext as _

            message = _("请求中含有不允许的字符（NUL）。")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "code": "bad_request"}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if any("\x00" in k or any("\x00" in v for v in values) for k, values in request.GET.lists()):
            return True
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            try:
                items = list(request.POST.lists())
            except Exception:  # a malformed body is the view's (and Django's) business
                return False
            return any("\x00" in k or any("\x00" in v for v in values) for k, values in items)
        return False


# Browser features no page of waiban uses: denied to every page (and to anything injected into one).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    """Headers every answer carries: ``Permissions-Policy``; and ``Cache-Control: no-store`` on every
    answer to a signed-in user, by session or API token (pages, reveals, attachments, exports, PDFs hold
    personal data that no browser or proxy cache may keep). A view may add its own directives
    (``private``), never take ``no-store`` away."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            own = response.get("Cache-Control", "")
            if "no-store" not in own.replace(" ", "").lower().split(","):
                response["Cache-Control"] = "no-store" if not own else "private, no-store"
            response["Pragma"] = "no-cache"
        return response
