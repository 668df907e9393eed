"""Incidents API (/api/incidents/): the circle only — outside it every operation answers 404 (and the
attempt is audited); every read of one incident by someone inside is audited (``incidents.view``)."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from apps.accounts.api_auth import api_auth
from apps.accounts.models import User
from apps.casework.api import view_required
from apps.core.api import ERRORS, require_perm
from apps.core.errors import ServiceError
from apps.core.filters import query_schema
from apps.org.models import Unit
from apps.reference.api import YearCountryOut, year_country_out
from apps.reference.models import Country

from . import selectors, services
from .filters import IncidentFilter
from .models import Advisory, Direction, Kind, Severity, Task

router = Router(tags=["incidents"], auth=api_auth)
review_required = require_perm("casework.view", "casework.review")


class IncidentIn(Schema):
    title: str = Field(..., max_length=200)
    direction: str = Field(..., max_length=20)
    kind: str = Field(..., max_length=20)
    severity: str = Field("general", max_length=20)
    occurred_on: date
    place: str = Field(..., max_length=200)
    country: str = Field(..., max_length=2)
    persons: str = Field(..., max_length=500)
    summary: str
    detained_on: date | None = None
    mission_notified_on: date | None = None
    consular_visit_on: date | None = None
    advisory: str = Field("", max_length=20)
    family_contacted: bool = False
    consulate_contacted: str = Field("", max_length=200)
    assistance: str = ""
    version: int | None = None


class EntryOut(Schema):
    at: datetime
    kind: str
    kind_label: str
    actor: str
    text: str


class TaskOut(Schema):
    id: int
    unit: str
    description: str
    due_date: date
    done_on: date | None
    done_note: str


class IncidentOut(Schema):
    id: int
    reference: str
    title: str
    direction: str
    direction_label: str
    kind: str
    kind_label: str
    severity: str
    severity_label: str
    state: str
    state_label: str
    occurred_on: date
    country: str
    mission_due: date | None
    members: list[str]
    version: int
    entries: list[EntryOut]
    tasks: list[TaskOut]
    closing_summary: str
    checklist: dict[str, str | None] = Field(..., description="death-case checklist: item → date done")


class IncidentRow(Schema):
    id: int
    reference: str
    title: str
    severity_label: str
    state_label: str
    occurred_on: date


class EntryIn(Schema):
    kind: str = Field("action", max_length=20)
    text: str


class TaskIn(Schema):
    unit_id: int
    description: str = Field(..., max_length=300)
    due_date: date


class DoneIn(Schema):
    note: str = Field(..., max_length=500)


class MemberIn(Schema):
    user_id: int
    reason: str = Field(..., max_length=200)


class ChecklistIn(Schema):
    key: str = Field(..., max_length=40)
    done: bool = True


class CloseIn(Schema):
    summary: str
    version: int | None = None


def _out(i) -> dict:
    mission = selectors.mission_deadline(i)
    return {
        "id": i.pk,
        "reference": i.reference,
        "title": i.title,
        "direction": i.direction,
        "direction_label": str(i.get_direction_display()),
        "kind": i.kind,
        "kind_label": str(i.get_kind_display()),
        "severity": i.severity,
        "severity_label": str(i.get_severity_display()),
        "state": i.state,
        "state_label": str(i.get_state_display()),
        "occurred_on": i.occurred_on,
        "country": i.country.iso2,
        "mission_due": mission.get("due") if mission else None,
        "closing_summary": i.closing_summary,
        "checklist": dict(i.checklist or {}),
        "members": [str(m.user) for m in selectors.members_of(i)],
        "version": i.version,
        "entries": [
            {
                "at": e.at,
                "kind": e.kind,
                "kind_label": str(e.get_kind_display()),
                "actor": str(e.actor or ""),
                "text": e.text,
            }
            for e in selectors.entries_of(i)
        ],
        "tasks": [
            {
                "id": t.pk,
                "unit": t.unit.name,
                "description": t.description,
                "due_date": t.due_date,
                "done_on": t.done_on,
                "done_note": t.done_note,
            }
            for t in selectors.tasks_of(i)
        ],
    }


def _data(payload: IncidentIn) -> dict:
    for value, choices, msg in (
        (payload.direction, Direction, _("类别无效。")),
        (payload.kind, Kind, _("性质无效。")),
        (payload.severity, Severity, _("等级无效。")),
        (payload.advisory, Advisory, _("安全提醒级别无效。")),
    ):
        if value not in {v for v, _label in choices.choices}:
            raise ServiceError(msg)
    country = Country.objects.filter(iso2=payload.country.strip().upper(), is_active=True).first()
    if country is None:
        raise ServiceError(_("未知的国家（地区）代码：%(code)s") % {"code": payload.country})
    data = payload.dict(exclude={"version", "country"})
    data["country"] = country
    return data


IncidentQuery = query_schema(IncidentFilter, "IncidentQuery")


@router.get("/", response={200: list[IncidentRow], **ERRORS})
@view_required
def list_incidents(request, filters: Query[IncidentQuery]):
    """The incidents of the user's circle (the same filters as the page), at most 200."""
    f = IncidentFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [
        {
            "id": i.pk,
            "reference": i.reference,
            "title": i.title,
            "severity_label": str(i.get_severity_display()),
            "state_label": str(i.get_state_display()),
            "occurred_on": i.occurred_on,
        }
        for i in f.api_qs()[:200]
    ]


@router.get("/stats", response={200: list[YearCountryOut], **ERRORS})
@view_required
def incident_stats(request, filters: Query[IncidentQuery]):
    """Statistics by year of occurrence and country, as on the list page (the same filters)."""
    f = IncidentFilter(filters.model_dump(exclude_none=True), user=request.user)
    return year_country_out(f.api_qs(), year_of="occurred_on", country="country")


@router.post("/", response={201: IncidentOut, **ERRORS})
@review_required
def create_incident(request, payload: IncidentIn):
    i = services.incident_create(by=request.user, data=_data(payload))
    return Status(201, _out(selectors.incident_get(user=request.user, pk=i.pk)))


@router.get("/{int:pk}", response={200: IncidentOut, **ERRORS})
@view_required
def get_incident(request, pk: int):
    """One incident: audited (``incidents.view``); outside the circle → 404 (the attempt is audited)."""
    return _out(services.incident_open(user=request.user, pk=pk))


@router.put("/{int:pk}", response={200: IncidentOut, **ERRORS})
@view_required
def update_incident(request, pk: int, payload: IncidentIn):
    i = selectors.incident_get(user=request.user, pk=pk)
    services.incident_update(incident=i, by=request.user, data=_data(payload), version=payload.version)
    return _out(selectors.incident_get(user=request.user, pk=pk))


@router.post("/{int:pk}/entries", response={201: IncidentOut, **ERRORS})
@view_required
def add_entry(request, pk: int, payload: EntryIn):
    i = selectors.incident_get(user=request.user, pk=pk)
    services.entry_add(incident=i, by=request.user, kind=payload.kind, text=payload.text)
    return Status(201, _out(selectors.incident_get(user=request.user, pk=pk)))


@router.post("/{int:pk}/tasks", response={201: IncidentOut, **ERRORS})
@view_required
def add_task(request, pk: int, payload: TaskIn):
    i = selectors.incident_get(user=request.user, pk=pk)
    unit = Unit.objects.filter(pk=payload.unit_id, is_active=True).first()
    if unit is None:
        raise ServiceError(_("未知的单位。"))
    services.task_add(
        incident=i, by=request.user, unit=unit, description=payload.description, due_date=payload.due_date
    )
    return Status(201, _out(selectors.incident_get(user=request.user, pk=pk)))


@router.post("/{int:pk}/tasks/{int:task_pk}/done", response={200: IncidentOut, **ERRORS})
@view_required
def task_done(request, pk: int, task_pk: int, payload: DoneIn):
    i = selectors.incident_get(user=request.user, pk=pk)
    task = Task.objects.filter(incident=i, pk=task_pk).select_related("unit").first()
    if task is None:
        raise Http404
    services.task_done(incident=i, task=task, by=request.user, note=payload.note)
    return _out(selectors.incident_get(user=request.user, pk=pk))


@router.post("/{int:pk}/members", response={201: IncidentOut, **ERRORS})
@view_required
def add_member(request, pk: int, payload: MemberIn):
    i = selectors.incident_get(user=request.user, pk=pk)
    user = User.objects.filter(pk=payload.user_id, is_active=True).first()
    if user is None:
        raise ServiceError(_("未知的用户。"))
    services.member_add(incident=i, by=request.user, user=user, reason=payload.reason)
    return Status(201, _out(selectors.incident_get(user=request.user, pk=pk)))


@router.post("/{int:pk}/checklist", response={200: IncidentOut, **ERRORS})
@view_required
def set_checklist(request, pk: int, payload: ChecklistIn):
    """Tick (or untick) one item of the death-case checklist, as on the page."""
    i = selectors.incident_get(user=request.user, pk=pk)
    services.checklist_set(incident=i, by=request.user, key=payload.key, done=payload.done)
    return _out(selectors.incident_get(user=request.user, pk=pk))


@router.get("/{int:pk}/report.pdf", response={200: None, **ERRORS})
@view_required
def report_pdf(request, pk: int, kind: str = "", lang: str = ""):
    """情况报告 (``?kind=closing``: 结案报告) as a PDF, as on the page (``services.report_pdf``): a handler
    asking after a change issues the next version; none yet → 400."""
    from django.http import HttpResponse
    from django.utils.encoding import escape_uri_path

    from apps.documents.services import filename

    language = lang or None
    document, content = services.report_pdf(
        user=request.user, pk=pk, closing=kind == "closing", language=language
    )
    response = HttpResponse(content, content_type="application/pdf")
    name = filename(document, language=language)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{escape_uri_path(name)}"
    response["Cache-Control"] = "private, no-store"
    return response


@router.post("/{int:pk}/close", response={200: IncidentOut, **ERRORS})
@view_required
def close_incident(request, pk: int, payload: CloseIn):
    i = selectors.incident_get(user=request.user, pk=pk)
    services.incident_close(incident=i, by=request.user, summary=payload.summary, version=payload.version)
    return _out(selectors.incident_get(user=request.user, pk=pk))
