"""``{% export_button "trips.list" %}``: a POST form that exports the list with the page's current filters."""

from django import template

register = template.Library()


# An inclusion tag renders with the page's context (its csrf_token, language): no second render with the
# request, which would run every context processor again on every list page.
@register.inclusion_tag("exports/includes/export_button.html", takes_context=True)
def export_button(context, kind, label=""):
    request = context.get("request")
    params = []
    if request is not None:
        for key, values in request.GET.lists():
            if key in ("page", "kind", "next"):
                continue
            params.extend((key, v) for v in values if v != "")
    return {
        "kind": kind,
        "params": params,
        "label": label,
        "next": request.get_full_path() if request else "",
    }
