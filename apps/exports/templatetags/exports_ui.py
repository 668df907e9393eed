"""``{% export_button "trips.list" %}``: a POST form that exports the list with the page's current filters."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def export_button(context, kind, label=""):
    request = context.get("request")
    params = []
    if request is not None:
        for key, values in request.GET.lists():
            if key in ("page", "kind", "next"):
                continue
            params.extend((key, v) for v in values if v != "")
    return render_to_string(
        "exports/includes/export_button.html",
        {"kind": kind, "params": params, "label": label, "next": request.get_full_path() if request else ""},
        request=request,
    )
