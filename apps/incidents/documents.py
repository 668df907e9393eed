"""The situation report (情况报告) and the closing report (结案报告) of an incident as official documents
of ``apps.documents`` (GB/T 9704 layout, 发文字号, versions, PDF cached).

The situation report is numbered the first time a handler generates it; generating it again after the
record changed makes the next version with the same number (an unchanged record gives the latest version
back). The closing report is issued inside the closing's transaction. Both are documents of a restricted
record: they are served only through the incident's own pages (its circle, every view audited), never
through the case-scoped pages of ``apps.documents``."""

from __future__ import annotations

from django.utils import timezone

from apps.trips.pdf import both

from . import conf

REPORT = "incidents.report"
CLOSING = "incidents.closing"
TEMPLATE = "incidents/documents/report.html"


def _context(incident, *, closing: bool) -> dict:
    from apps.org.selectors import office_get

    from .selectors import entries_of, mission_deadline, tasks_of

    office = office_get()
    issuer = {"zh": office.name if office else "", "en": (office.name_en or office.name) if office else ""}
    mission = mission_deadline(incident) or {}
    what = both(incident.get_kind_display()) if hasattr(incident, "get_kind_display") else {}
    kind = {
        "zh": "结案报告" if closing else "情况报告",
        "en": "Closing Report" if closing else "Situation Report",
    }
    return {
        "issuer": issuer,
        "banner": issuer,
        "printer": issuer,
        "addressee": {"zh": "外办领导", "en": "The Office's Leaders"},
        "title": {
            "zh": f"关于{incident.title}的{kind['zh']}",
            "en": f"{kind['en']}: {incident.reference}",
        },
        "secret": both(conf.REPORT_MARKING),
        "reference": incident.reference,
        "incident_title": incident.title,
        "occurred_on": incident.occurred_on.isoformat(),
        "place": incident.place,
        "kind": what,
        "severity": both(incident.get_severity_display()),
        "direction": both(incident.get_direction_display()),
        "country": {"zh": incident.country.name_zh, "en": incident.country.name_en},
        "persons": incident.persons,
        "summary": incident.summary,
        "entries": [
            {"at": timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M"), "text": e.text}
            for e in entries_of(incident)
        ],
        "tasks": [
            {
                "unit": t.unit.name,
                "description": t.description,
                "due": t.due_date.isoformat(),
                "done_on": t.done_on.isoformat() if t.done_on else "",
                "note": t.done_note,
            }
            for t in tasks_of(incident)
        ],
        "mission": {
            "configured": bool(mission.get("configured")),
            "due": mission["due"].isoformat() if mission.get("due") else "",
            "days": mission.get("days"),
            "notified_on": incident.mission_notified_on.isoformat() if incident.mission_notified_on else "",
        }
        if mission
        else None,
        "closing_summary": incident.closing_summary if closing else "",
        "division": {"zh": incident.division.name, "en": incident.division.name_en or incident.division.name},
    }


def _same(document, context) -> bool:
    keep = {k: v for k, v in context.items() if k != "issued_on"}
    stored = {k: v for k, v in (document.context or {}).items() if k != "issued_on"}
    from apps.documents.services import jsonable

    return jsonable(keep) == stored


def latest(incident, kind: str):
    from django.contrib.contenttypes.models import ContentType

    from apps.documents.models import Document

    return (
        Document.objects.filter(
            case__isnull=True,
            target_type=ContentType.objects.get_for_model(incident),
            target_id=str(incident.pk),
            kind=kind,
        )
        .order_by("-version")
        .first()
    )


def documents_of(incident) -> list:
    """The newest version of each of the incident's documents (for its page; the caller checked scope)."""
    return [d for d in (latest(incident, REPORT), latest(incident, CLOSING)) if d is not None]


def _issue(incident, *, by, kind: str, closing: bool):
    from apps.documents.services import issue

    context = {**_context(incident, closing=closing), "issued_on": timezone.localdate().isoformat()}
    return issue(
        kind=kind,
        target=incident,
        number_prefix=str(conf.REPORT_PREFIX.value),
        context=context,
        by=by,
        title=context["title"]["zh"],
        template=TEMPLATE,
        signed_by=by.full_name,
    )


def situation_report(incident, *, by, may_issue: bool):
    """The situation report as the record stands: the latest version when nothing changed since, else a
    new version (numbered the first time) if ``by`` may issue it, else the latest there is (or None)."""
    current = latest(incident, REPORT)
    if current is not None and (not may_issue or _same(current, _context(incident, closing=False))):
        return current
    if not may_issue:
        return None
    return _issue(incident, by=by, kind=REPORT, closing=False)


def issue_closing_report(incident, *, by):
    """Called inside the closing's transaction: the closing report (its own number)."""
    return _issue(incident, by=by, kind=CLOSING, closing=True)
