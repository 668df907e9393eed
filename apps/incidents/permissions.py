"""Who may see and handle an incident: its circle only (see :mod:`apps.incidents.selectors`).

Seeing: ``casework.view`` and the RESTRICTED realm of the one scope rule (handling division, units
tasked, people added). Handling (timeline, tasks, circle, closing): :func:`selectors.can_handle`.
Registering: ``casework.review`` with a scope that reaches the handling division (:mod:`.services`)."""

from __future__ import annotations

from .selectors import can_handle, in_division, is_member

__all__ = ["can_handle", "in_division", "is_member"]
