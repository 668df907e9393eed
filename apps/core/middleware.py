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
