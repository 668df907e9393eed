"""Audit pages: the event list (filters, keyset pages), one event with its hashes, and the Excel export."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render

from apps.exports.views import start_export
from apps.web.decorators import perm_required

from . import display, exporters, selectors
from .chain import event_hash_ok
from .forms import EventFilterForm, parse_cursor


def _filter_form(request) -> EventFilterForm:
    data = {k: request.GET.get(k, "") for k in EventFilterForm.FILTER_KEYS}
    return EventFilterForm(data)


def _query(filters_raw: dict, **extra) -> str:
    params = {k: v for k, v in filters_raw.items() if v}
    params.update({k: v for k, v in extra.items() if v is not None})
    return urlencode(params)


@perm_required("audit.view")
def event_list(request):
    form = _filter_form(request)
    raw = {k: request.GET.get(k, "").strip() for k in EventFilterForm.FILTER_KEYS}
    page = selectors.Page()
    if form.is_valid():
        page = selectors.event_list(
            user=request.user,
            filters=form.filters(),
            before_id=parse_cursor(request.GET.get("before_id")),
            after_id=parse_cursor(request.GET.get("after_id")),
        )
    display.annotate(page.events)
    context = {
        "form": form,
        "page": page,
        "older_query": _query(raw, before_id=page.older_cursor) if page.older_cursor else "",
        "newer_query": _query(raw, after_id=page.newer_cursor) if page.newer_cursor else "",
        "export_query": _query(raw),
        "export_max_rows": selectors.EXPORT_MAX_ROWS,
        "can_export": request.user.has_perm("audit.export"),
        "anchor": selectors.last_anchor(),
    }
    template = (
        "audit/partials/event_table.html" if getattr(request, "htmx", False) else "audit/event_list.html"
    )
    return render(request, template, context)


@perm_required("audit.view")
def event_detail(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk)
    prev, nxt = selectors.neighbours(event)
    display.annotate([event])
    return render(
        request,
        "audit/event_detail.html",
        {
            "event": event,
            "summary": display.summary(event, event.target_view),
            "changes": event.change_rows,
            "extra_rows": event.extra_rows,
            "prev": prev,
            "next": nxt,
            "hash_ok": event_hash_ok(event),
            "link_ok": (prev.hash == event.prev_hash) if prev else None,
        },
    )


@perm_required("audit.view", "audit.export")
def event_export(request):
    """The old export link: starts the export of the filtered log through ``apps.exports`` (list
    "audit.events") and sends the file, or 我的导出 when it runs in the background."""
    form = _filter_form(request)
    if not form.is_valid():
        # The list page shows the same form errors; an export of a wrong filter is refused there.
        return render(
            request,
            "audit/event_list.html",
            {
                "form": form,
                "page": selectors.Page(),
                "export_max_rows": selectors.EXPORT_MAX_ROWS,
                "can_export": True,
                "export_query": "",
            },
            status=400,
        )
    params = {k: request.GET.get(k, "").strip() for k in EventFilterForm.FILTER_KEYS}
    return start_export(request, kind=exporters.KIND, params=params, fallback="audit:event_list")


@perm_required("audit.view")
def object_history(request, target_type: str, target_id: str):
    """The history partial for any object, for detail pages that load it with HTMX."""
    if not selectors.can_view(request.user):
        raise Http404
    events = display.annotate(
        selectors.filtered({"target_type": target_type, "target_id": target_id})
        .select_related("actor")
        .order_by("-id")[:50],
        names=False,
    )
    return render(
        request,
        "audit/partials/object_history.html",
        {
            "history_events": events,
            "history_visible": True,
        },
    )
