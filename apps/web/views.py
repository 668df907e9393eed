"""The home page: the user's inbox and quick links, or the administration areas for the 三员 roles."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse

from . import navigation

HOME_INBOX_ROWS = 10


def _casework_inbox(user):
    """``(items, template)`` from the casework app's inbox selector and partial, when they exist."""
    try:
        from apps.casework.selectors import inbox
    except ImportError:
        return None, None
    items = inbox(user=user)
    try:
        get_template("casework/partials/inbox_table.html")
    except TemplateDoesNotExist:
        # Until the casework app ships its partial, show the first rows here, linked when it can be.
        rows = []
        for case in items[:HOME_INBOX_ROWS]:
            url = getattr(case, "get_absolute_url", None)
            if callable(url):
                url = url()
            else:
                try:
                    url = reverse("casework:detail", args=[case.pk])
                except NoReverseMatch:
                    url = None
            rows.append({"case": case, "url": url})
        return rows, None
    return items, "casework/partials/inbox_table.html"


@login_required
def home(request):
    user = request.user
    groups = navigation.menu_for(user)
    admin_groups = [g for g in groups if g.admin]
    work_items = [i for g in groups if g.key == "work" for i in g.items]
    business = navigation.is_business_user(user)
    ctx = {
        "admin_groups": admin_groups,
        "work_items": work_items,
        "is_business": business,
        "inbox_items": None,
        "inbox_template": None,
    }
    if business:
        ctx["inbox_items"], ctx["inbox_template"] = _casework_inbox(user)
    return render(request, "web/home.html", ctx)
