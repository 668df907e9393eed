"""Writing the case timeline (the entries are never changed nor deleted)."""

from __future__ import annotations

from ..models import TimelineEntry


def timeline_add(
    *, case, by, kind, text="", visible=True, from_state="", to_state="", name=""
) -> TimelineEntry:
    """One timeline entry of ``case``; part of the calling service's transaction."""
    return TimelineEntry.objects.create(
        case_id=case.pk,
        actor=by,
        kind=kind,
        text=text,
        visible_to_applicant=visible,
        from_state=from_state,
        to_state=to_state,
        transition=name,
    )
