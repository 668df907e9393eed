"""The framework floor: the cheapest authenticated page the server can serve (same middleware, session,
auth and 2FA checks as every page), mounted at ``/__bench__/floor`` only when ``WAIBAN_BENCH=1``."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def floor(request):
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


@login_required
def shell(request):
    """The page shell alone (``base.html`` around an empty page: menu, badge, language switch, user menu):
    what every page pays before its own content, measured beside the floor."""
    from django.shortcuts import render

    return render(request, "base.html", {})
