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

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from apps.core.errors import (
    OUT_OF_RANGE,
    REFUSALS,
    ConflictError,
    ServiceError,
    message_for,
    out_of_range,
    status_for,
)


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
        if isinstance(exception, OUT_OF_RANGE):
            exception = out_of_range(exception, request.method)
        if not isinstance(exception, ServiceError) or isinstance(exception, PermissionDenied):
            return None  # PermissionDenied (and Forbidden, which is one): Django's 403 page shows it
        status = status_for(exception)
        message = message_for(exception)
        if getattr(request, "htmx", False):
            return HttpResponse(
                format_html('<div class="alert alert-danger" role="alert">{}</div>', message), status=status
            )
        return render(request, f"{status}.html", {"refusal": message}, status=status)


def form_page(
    request,
    form,
    *,
    save: Callable,
    template: str,
    context: dict | None = None,
    done: Callable | str,
    message: Callable | str | None = None,
    before_refusal: Callable | None = None,
    field_of: Callable | None = None,
):
    """The one way a page edits through a form (every "show form → call the service → say so or show the
    refusal" page uses it).

    GET shows ``form``. A valid POST calls ``save(form)`` (one service call) and, when it succeeds, says
    ``message`` (text, or a function of what ``save`` returned) and redirects to ``done`` (a URL or URL
    name, or a function of what ``save`` returned giving one). A refusal puts its message on the form and
    renders again with the refusal's status (400/403/409), keeping what the user typed; an invalid form
    renders again with its field errors. ``before_refusal()`` runs first when the service refused (e.g. to
    reload an object the form had already changed in memory); ``field_of(err)`` names the field a refusal
    belongs to (default: the form as a whole)."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form)
        except REFUSALS as err:
            if before_refusal is not None:
                before_refusal()
            status = refuse(request, err, form=form, field=field_of(err) if field_of else None)
        else:
            if message is not None:
                messages.success(request, message(result) if callable(message) else message)
            target = done(result) if callable(done) else done
            return target if isinstance(target, HttpResponseBase) else redirect(target)
    return render(request, template, {**(context or {}), "form": form}, status=status)


def not_found(request, exception=None):
    """handler404: the API answers JSON (``{"detail", "code"}``) like its other errors; pages the 404 page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("您要找的记录不存在。"), "code": "not_found"}, status=404)
    return page_not_found(request, exception)
