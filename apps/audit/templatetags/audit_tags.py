"""``{% load audit_tags %}{% object_history obj %}``: an object's audit history on its detail page.

Shown only to users with ``audit.view``; renders nothing for everyone else.
"""

from django import template

from apps.audit.display import annotate
from apps.audit.selectors import can_view, events_for

register = template.Library()


@register.inclusion_tag("audit/partials/object_history.html", takes_context=True)
def object_history(context, obj, limit=50):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {
        "history_events": annotate(events_for(user=user, obj=obj, limit=limit), names=False),
        "history_visible": can_view(user),
        "request": request,
    }
