"""GET /api/audit/events: the audit trail for auditors' tools, same filters and keyset paging as the page."""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from apps.accounts.api_auth import api_auth
from apps.core.api import ERRORS, require_perm

from . import display, selectors

router = Router(tags=["audit"], auth=api_auth)


class EventFilters(Schema):
    user: str = ""
    target_type: str = ""
    target_id: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    before_id: int | None = None
    after_id: int | None = None
    limit: int = 50


class EventOut(Schema):
    id: int
    at: dt.datetime
    actor_id: int | None
    actor_username: str
    actor_name: str
    action: str
    action_label: str
    target_type: str
    target_type_label: str
    target_id: str
    target_repr: str
    target_label: str
    changes: dict
    extra: dict
    ip: str | None
    user_agent: str
    request_id: str
    prev_hash: str
    hash: str


class EventPage(Schema):
    items: list[EventOut]
    older_before_id: int | None = None
    newer_after_id: int | None = None


@router.get("/events", response={200: EventPage, **ERRORS}, summary="审计日志 · audit events")
@require_perm("audit.view", message=gettext_lazy("需要“查看审计日志”权限。"))
def list_events(request, filters: Query[EventFilters]):
    """Newest first. Follow ``older_before_id`` as ``?before_id=`` for older events and
    ``newer_after_id`` as ``?after_id=`` for newer ones. Requires the ``audit.view`` permission.

    ``action`` filters one action ("casework.close") or, ending in a dot, a whole group ("casework.").
    Each event carries its stored codes (``action``, ``target_type``) and what an auditor reads:
    ``action_label`` ("办结"), ``target_type_label`` and ``target_label`` ("因公出国（境）申请
    徐外出〔2026〕0012 赴德国… (#84)"), in the request's language."""
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise HttpError(422, _("结束日期不能早于开始日期。"))
    if filters.target_id and not filters.target_type:
        raise HttpError(422, _("按对象编号筛选时请同时填写对象类型。"))
    data = filters.dict()
    page = selectors.event_list(
        user=request.user,
        filters={k: data[k] for k in ("user", "target_type", "target_id", "action", "date_from", "date_to")},
        before_id=filters.before_id,
        after_id=filters.after_id,
        size=max(1, min(filters.limit, 200)),
    )
    display.annotate(page.events)
    return {"items": page.events, "older_before_id": page.older_cursor, "newer_after_id": page.newer_cursor}
