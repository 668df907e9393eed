"""The framework floor: the cheapest authenticated page the server can serve (same middleware, session,
auth and 2FA checks as every page), mounted at ``/__bench__/floor`` only when ``WAIBAN_BENCH=1``."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def floor(request):
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")
