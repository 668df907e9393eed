import uuid

from . import context


class RequestContextMiddleware:
    """Gives every request an id (echoed in ``X-Request-ID``) and makes it visible to the audit service."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if incoming and len(incoming) <= 64 and incoming.isalnum() else uuid.uuid4().hex
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
