"""Who may override a finding of the regulation check, and with what.

A reviewer (``casework.review``) or a leader (``casework.approve``) may override a **warning**; only the
leader role (``casework.approve``, the office leader) may override a **blocking** finding. Every
override needs a written justification; the trips app stores it (FindingOverride), audits and reports
it. Findings that passed, or rules that are not configured, are not overridden.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from apps.core.errors import ServiceError

from .engine import BLOCKING, WARNING, Finding

MIN_JUSTIFICATION_CHARS = 10


def may_override(user, finding: Finding) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or finding.passed:
        return False
    if finding.severity == WARNING:
        return user.has_perm("casework.review") or user.has_perm("casework.approve")
    if finding.severity == BLOCKING:
        return user.has_perm("casework.approve")
    return False


def check_override(user, finding: Finding, justification: str) -> str:
    """The cleaned justification, or PermissionDenied / ServiceError with a message for the user."""
    if not may_override(user, finding):
        raise PermissionDenied
    text = (justification or "").strip()
    if len(text) < MIN_JUSTIFICATION_CHARS:
        raise ServiceError(
            _("请写明理由（至少 %(n)s 个字）。") % {"n": MIN_JUSTIFICATION_CHARS},
            code="justification_required",
        )
    return text
