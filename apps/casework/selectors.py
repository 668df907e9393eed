"""Every read of cases: lists, one case, the timeline, attachments, the inbox (我的待办) and its counts.

Every queryset goes through the user's data scope; an object outside it raises ``Http404``.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db.models import Case as When_
from django.db.models import Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_fsm import FSMFieldMixin, get_available_user_FIELD_transitions

from apps.accounts.scope import scope_for
from apps.accounts.selectors import scoped, users_with_perm
from apps.core.process_cache import ProcessCache
from apps.core.selectors import row_or_404
from apps.core.statements import fixed

from . import recipients
from .models import CLOCK_RUNNING, Attachment, Case, CaseState, CaseType, Notification
from .permissions import can_apply, is_staff_side
from .workflow import spec_for

S = CaseState
SCOPE_PATHS = {
    "unit": "applicant_unit",
    "division": "division",
    "users": ("created_by", "assignee", "participants"),
}


def _base() -> QuerySet:
    return Case.objects.active().select_related(
        "case_type", "applicant_unit", "division", "assignee", "created_by"
    )


def scoped_cases(user) -> QuerySet:
    """All cases ``user`` may see (``casework.view`` and the data scope)."""
    if not (user.is_authenticated and user.is_active and user.has_perm("casework.view")):
        return Case.objects.none()
    return scoped(_base(), user, **SCOPE_PATHS)


def _overdue_first(qs: QuerySet) -> QuerySet:
    today = timezone.localdate()
    return qs.annotate(
        overdue_rank=When_(
            When(state__in=CLOCK_RUNNING, due_date__lt=today, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("overdue_rank", "due_date", "-created_at", "-id")


# The columns of the case table (casework/partials/case_table.html, casework_ui.case_rows): the list and
# the inbox read these and no more (three joined tables instead of five, ~half the values per row).
TABLE_COLUMNS = (
    "id",
    "reference",
    "title",
    "state",
    "due_date",
    "case_type__name",
    "case_type__name_en",
    "applicant_unit__name",
    "applicant_unit__name_en",
    "division__name",
    "division__name_en",
)


def table_rows(qs: QuerySet) -> QuerySet:
    """``qs`` (cases) narrowed to the case table's columns; any other field read later costs a query."""
    joined = qs.select_related(None).select_related("case_type", "applicant_unit", "division")
    return joined.only(*TABLE_COLUMNS)


def case_list(*, user) -> QuerySet:
    """Cases in scope, newest first; the list's filters are ``apps.casework.filters.CaseFilter``."""
    return scoped_cases(user).order_by("-created_at", "-id")


def case_get(*, user, pk) -> Case:
    """The concrete case ``pk`` if ``user`` may see it; ``Http404`` otherwise (never 403 with data)."""
    return row_or_404(_base(), pk, user=user, perm="casework.view_case").as_concrete()


def timeline_for(*, user, case: Case) -> QuerySet:
    """The case's timeline; the applicant side sees only entries visible to applicants.

    Read through the case's related manager, so every entry knows its case (its labels come from the
    case type's declarations, ``TimelineEntry.to_state_label``) without a query per entry."""
    qs = case.timeline.select_related("actor").order_by("at", "id")
    if not is_staff_side(user):
        qs = qs.filter(visible_to_applicant=True)
    return fixed(qs, "casework.timeline")


def attachments_for(*, user, case: Case) -> QuerySet:
    qs = Attachment.objects.active().filter(case_id=case.pk).select_related("uploaded_by")
    if not is_staff_side(user):
        qs = qs.filter(visible_to_applicant=True)
    return fixed(qs, "casework.attachments")


def attachment_get(*, user, case_pk, pk) -> Attachment:
    case = case_get(user=user, pk=case_pk)
    att = attachments_for(user=user, case=case).filter(pk=pk).first()
    if att is None:
        raise Http404
    return att


# --- inbox ------------------------------------------------------------------------------------------
def _inbox_q(user) -> Q | None:
    """What waits for ``user``: one Q over Case, built from permissions only (no query but the perms)."""
    if not (user.is_authenticated and user.is_active):
        return None
    q = Q(pk__in=[])
    any_part = False
    if user.has_perm("casework.review") and user.division_id:
        # the division's queue (nobody has claimed it yet) and what is assigned to me
        q |= Q(division_id=user.division_id, assignee__isnull=True, state__in=(S.SUBMITTED, S.IN_REVIEW))
        q |= Q(assignee_id=user.pk, state=S.IN_REVIEW)
        any_part = True
    if user.has_perm("casework.assign"):
        if user.division_id:
            q |= Q(division_id=user.division_id, assignee__isnull=True, state__in=(S.SUBMITTED, S.IN_REVIEW))
        else:
            # office leaders: cases no rule could route
            q |= Q(division__isnull=True, state__in=(S.SUBMITTED, S.IN_REVIEW))
        any_part = True
    if user.has_perm("casework.approve"):
        q |= Q(state=S.PENDING_APPROVAL)
        any_part = True
    if user.has_perm("casework.apply"):
        mine = Q(created_by_id=user.pk)
        if user.unit_id:
            mine |= Q(applicant_unit_id=user.unit_id)
        q |= mine & Q(state__in=(S.RETURNED, S.DRAFT))
        any_part = True
    if not any_part:
        return None
    # What waits for me is still bounded by my data scope (a role may grant a permission with a
    # narrower scope than the built-in roles have): the rule's own filter, as for every case read.
    return q & scope_for(user).q(Case, **SCOPE_PATHS)


def inbox(*, user) -> QuerySet:
    """我的待办: overdue first, then the nearest due date."""
    q = _inbox_q(user)
    if q is None:
        return Case.objects.none()
    return _overdue_first(_base().filter(q))


def inbox_counts(*, user) -> dict:
    """{"total": n, "overdue": m} for the navigation badge, in at most two queries."""
    q = _inbox_q(user)
    if q is None:
        return {"total": 0, "overdue": 0}
    today = timezone.localdate()
    agg = (
        Case.objects.active()
        .filter(q)
        .aggregate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(state__in=CLOCK_RUNNING, due_date__lt=today)),
        )
    )
    return {"total": agg["total"] or 0, "overdue": agg["overdue"] or 0}


BADGE_SECONDS = 30  # the navigation badge may lag this long behind another worker's change
_GENERATION = "casework:inbox-generation"


def _generation() -> int:
    gen = cache.get(_GENERATION)
    if gen is None:
        cache.add(_GENERATION, time.time_ns(), None)
        gen = cache.get(_GENERATION, 0)
    return gen


def cases_changed() -> None:
    """A case was written: every cached badge is stale (``Case`` post_save/post_delete, see apps.py)."""
    cache.set(_GENERATION, time.time_ns(), None)


def request_inbox_counts(request, *, fresh: bool = False) -> dict:
    """``inbox_counts`` for ``request.user``, computed at most once per request.

    The badge on every page reads it from the cache: up to ``BADGE_SECONDS`` old, and never older than the
    last case written through this cache (every save of a case moves a generation number that is part of
    the key; with a shared cache — ``WAIBAN_CACHE_URL=redis://…``, as with several app servers — every
    worker sees it at once, with the default per-process cache other workers' badges may lag up to
    ``BADGE_SECONDS``). The inbox page itself asks ``fresh=True``: its list and counts are read now.
    """
    cached = getattr(request, "_waiban_inbox_counts", None)
    if cached is not None:
        return cached
    user = request.user
    key = f"casework:badge:{user.pk}:{_generation()}" if user.is_authenticated else None
    counts = None if (fresh or key is None) else cache.get(key)
    if counts is None:
        counts = inbox_counts(user=user)
        if key is not None:
            cache.set(key, counts, BADGE_SECONDS)
    request._waiban_inbox_counts = counts
    return counts


# --- other reads -------------------------------------------------------------------------------------
def notifications_for(*, user) -> QuerySet:
    return Notification.objects.filter(recipient=user).select_related("case").order_by("-created_at", "-id")


def unread_notification_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def case_types(*, active_only=False) -> QuerySet:
    qs = CaseType.objects.select_related("default_division").order_by("code")
    return qs.filter(is_active=True) if active_only else qs


def assignable_staff(*, case: Case):
    """Division staff who may be assigned the case (never someone involved in it)."""
    qs = users_with_perm("casework.review")
    if case.division_id:
        qs = qs.filter(division_id=case.division_id)
    else:
        qs = qs.filter(division__isnull=False)
    involved = {case.created_by_id, *case.participant_ids()}
    return qs.exclude(pk__in=involved).order_by("username")


ATTACHMENT_KINDS = ProcessCache("casework.attachment_kinds")  # forgotten when a DictItem is saved (apps.py)


def attachment_kinds() -> list[tuple[str, str]]:
    """Kinds of attachment, from the reference dictionary ``attachment_kind`` (the rows cached per
    process for a minute; the labels in the current language)."""
    from apps.reference.models import DictItem

    def read():
        return list(
            DictItem.objects.filter(type__code="attachment_kind", is_active=True).order_by("order", "code")
        )

    kinds = [(i.code, i.localized_label) for i in ATTACHMENT_KINDS.get("rows", read)]
    return kinds or [("other", str(gettext_lazy("其他")))]


# --- transitions -------------------------------------------------------------------------------------
def available_transitions(*, case: Case, user) -> list[str]:
    """Names of the declared transitions ``user`` may fire on ``case`` now, over every state field of
    the case type (a trip's stages too), four-eyes applied."""
    names = []
    for field in case._meta.fields:
        if not isinstance(field, FSMFieldMixin):
            continue
        for t in get_available_user_FIELD_transitions(case, user, field):
            spec = spec_for(case, t.name)
            if spec is None or (spec.four_eyes and case.is_involved(user)):
                continue
            names.append(t.name)
    return list(dict.fromkeys(names))


def applicant_can_edit(case: Case, user) -> bool:
    """The applicant side may change the case's content (a draft, or returned for correction)."""
    return case.state in (S.DRAFT, S.RETURNED) and can_apply(case, user)


def recipients_for(*, case: Case, groups) -> set:
    """The active users of the named recipient groups for ``case`` (``apps.casework.recipients``)."""
    return recipients.resolve(case, groups)
