"""Reads of exports: a user's own export jobs (nobody sees another person's exports)."""

from __future__ import annotations

from django.http import Http404

from apps.core.selectors import row_or_404

from .models import ExportJob
from .permissions import is_owner


def job_list(*, user):
    """The user's own exports, newest first."""
    if not (user and user.is_authenticated):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(user=user).order_by("-created_at", "-id")


def job_get(*, user, pk) -> ExportJob:
    """One of the user's own exports; anyone else's (or a missing one) → Http404."""
    job = row_or_404(ExportJob.objects.all(), pk)
    if not is_owner(user, job):
        raise Http404
    return job
