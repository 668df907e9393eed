"""The page side of the one mapping from a refusal to an answer (the API's is :mod:`apps.core.api`).

* A view that has something to show again (a form with what the user typed, the detail page with its
  action forms) catches :data:`apps.core.errors.REFUSALS` and calls :func:`refuse`: the message goes on
  the form (or into ``messages``), and the view renders with the status it returns.
* A refusal no view catches reaches :class:`RefusalMiddleware`: the error page of its status with the
  message (a small alert for an HTMX request). ``PermissionDenied`` is Django's own 403 page, which shows
  the refusal's message too (``templates/403.html``); ``Http404`` is the 404 page.

The statuses come from :func:`apps.core.errors.status_for` (refusal 403, not found 404, conflict 409,
anything else 400): no view maps an error to a status by hand.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html

from apps.core.errors import ConflictError, ServiceError, message_for, status_for


def refuse(request, err, *, form=None, field: str | None = None) -> int:
    """Show ``err`` where the user sees it and return the HTTP status to render with.

    With ``form``: a field error on ``field``, or a non-field error (a conflict with its link to the
    current version, when the form is an edit form); without: ``messages.error``."""
    message = message_for(err)
    if form is not None:
        if field is None and isinstance(err, ConflictError) and hasattr(form, "add_conflict_error"):
            form.add_conflict_error(err, request)
        else:
            form.add_error(field, message)
    else:
        messages.error(request, message)
    return status_for(err)


class RefusalMiddleware:
    """A ``ServiceError`` that escapes a view is answered, never a 500: the error page of its status with
    its message (400, 403, 404 or 409)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ServiceError) or isinstance(exception, PermissionDenied):
            return None  # PermissionDenied (and Forbidden, which is one): Django's 403 page shows it
        status = status_for(exception)
        message = message_for(exception)
        if getattr(request, "htmx", False):
            return HttpResponse(
                format_html('<div class="alert alert-danger" role="alert">{}</div>', message), status=status
            )
        return render(request, f"{status}.html", {"refusal": message}, status=status)
