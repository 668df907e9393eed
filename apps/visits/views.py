"""Pages of reception (visit, participants, programme, seating, summary), the gift register and the
leaders' calendar. Thin: selectors to read, services to write, ``form_page``/``refuse`` for refusals."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.scope import units_visible
from apps.casework import selectors as cws
from apps.casework import workflow
from apps.casework.forms import TransitionForm
from apps.casework.permissions import is_staff_side
from apps.core.errors import REFUSALS
from apps.core.pagination import paginate
from apps.core.statements import fixed
from apps.documents.selectors import documents_for
from apps.web.decorators import perm_required
from apps.web.refusals import form_page, refuse

from . import conf, ical, photos, protocol, selectors, services
from . import permissions as vp
from .filters import CalendarFilter, GiftFilter, VisitFilter
from .forms import (
    EntryForm,
    EventForm,
    FeedForm,
    FollowUpForm,
    GiftForm,
    GiftPhotoForm,
    HandInForm,
    LeaderForm,
    ParticipantForm,
    SeatSwapForm,
    SummaryForm,
    VisitForm,
)

CW = "casework.view"


# --- visits --------------------------------------------------------------------------------------------
@perm_required(CW)
def visit_list(request):
    f = VisitFilter(request.GET, user=request.user)
    return render(
        request,
        "visits/list.html",
        {"filter_form": f.form, "page_obj": paginate(request, selectors.list_rows(f.qs))},
    )


def _visit_data(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k in services.VISIT_FIELDS}


@perm_required("casework.apply")
def visit_new(request):
    units = units_visible(request.user).order_by("name")
    initial = {"unit": request.user.unit_id} if request.user.unit_id else {}
    form = VisitForm(request.POST or None, user=request.user, units=units, initial=initial)
    return form_page(
        request,
        form,
        save=lambda f: services.visit_create(
            by=request.user, unit=f.cleaned_data["unit"], data=_visit_data(f)
        ),
        template="visits/form.html",
        context={"title": _("登记来访"), "back": reverse("visits:list")},
        done=lambda v: reverse("visits:detail", args=[v.pk]),
        message=_("来访已登记为草稿，请添加人员和日程后提交。"),
    )


@perm_required(CW)
def visit_edit(request, pk):
    visit = selectors.visit_get(user=request.user, pk=pk)
    initial = {name: getattr(visit, name) for name in services.VISIT_FIELDS}
    initial["version"] = visit.version
    form = VisitForm(request.POST or None, user=request.user, initial=initial)
    return form_page(
        request,
        form,
        save=lambda f: services.visit_update(
            visit=visit, by=request.user, data=_visit_data(f), version=f.cleaned_data.get("version")
        ),
        template="visits/form.html",
        context={
            "title": _("修改来访信息"),
            "visit": visit,
            "back": reverse("visits:detail", args=[visit.pk]),
        },
        done=reverse("visits:detail", args=[visit.pk]),
        message=_("已保存。"),
    )


def _actions(visit, user):
    out = []
    for name in cws.available_transitions(case=visit, user=user):
        out.append(
            {
                "name": name,
                "label": workflow.transition_label(visit, name),
                "comment_required": workflow.comment_required(visit, name),
                "needs_assignee": name == "assign",
                "danger": name in ("reject", "withdraw", "send_back"),
            }
        )
    return out


@perm_required(CW)
def visit_detail(request, pk):
    visit = selectors.visit_get(user=request.user, pk=pk)
    events = selectors.events_of(visit)
    actions = _actions(visit, request.user)
    conflicts = selectors.conflicts_for_events(events)
    for e in events:
        e.conflicts = conflicts.get(e.pk, [])
    return render(
        request,
        "visits/detail.html",
        {
            "visit": visit,
            "participants": selectors.participants_of(visit),
            "days": selectors.programme_days(events),
            "actions": actions,
            "transition_form": TransitionForm(initial={"version": visit.version}),
            "assignable": cws.assignable_staff(case=visit)
            if any(a["needs_assignee"] for a in actions)
            else [],
            "timeline": cws.timeline_for(user=request.user, case=visit),
            "staff_side": is_staff_side(request.user),
            "can_plan": vp.may_plan(visit, request.user),
            "can_summary": vp.may_write_summary(visit, request.user),
            "gifts": fixed(selectors.gift_list(user=request.user).filter(visit=visit), "visits.detail.gifts"),
            "documents": fixed(documents_for(user=request.user, case=visit), "visits.detail.documents"),
            "follow_ups": selectors.follow_ups_of(visit),
            "follow_up_form": FollowUpForm(),
            "can_follow_up": vp.may_write_summary(visit, request.user)
            or (visit.state == "closed" and vp.may_close_follow_up(visit, request.user)),
        },
    )


# --- participants ----------------------------------------------------------------------------------------
@perm_required(CW)
def participant_edit(request, pk, p_pk=None):
    visit = selectors.visit_get(user=request.user, pk=pk)
    participant = selectors.participant_get(visit=visit, pk=p_pk) if p_pk else None
    # the ModelForm changes its instance while validating: it gets a copy, the service the stored row
    copy = selectors.participant_get(visit=visit, pk=p_pk) if p_pk else None
    form = ParticipantForm(request.POST or None, instance=copy)
    return form_page(
        request,
        form,
        save=lambda f: services.participant_save(
            visit=visit,
            by=request.user,
            participant=participant,
            data={k: f.cleaned_data.get(k) for k in services.PARTICIPANT_FIELDS},
        ),
        template="visits/form.html",
        context={"title": _("参加人员"), "visit": visit, "back": reverse("visits:detail", args=[visit.pk])},
        done=reverse("visits:detail", args=[visit.pk]) + "#participants",
        message=_("人员已保存。"),
    )


@require_POST
@perm_required(CW)
def participant_remove(request, pk, p_pk):
    visit = selectors.visit_get(user=request.user, pk=pk)
    participant = selectors.participant_get(visit=visit, pk=p_pk)
    try:
        services.participant_remove(visit=visit, by=request.user, participant=participant)
    except REFUSALS as err:
        refuse(request, err)
    else:
        messages.success(request, _("已移除 %(name)s。") % {"name": participant.name})
    return redirect(reverse("visits:detail", args=[visit.pk]) + "#participants")


# --- programme --------------------------------------------------------------------------------------------
def _event_initial(event):
    if event is None:
        return {}
    data = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    data["participants"] = list(event.participants.all())
    data["flag_countries"] = list(event.flag_countries.all())
    data["version"] = event.version
    return data


@perm_required(CW)
def event_edit(request, pk, e_pk=None):
    visit = selectors.visit_get(user=request.user, pk=pk)
    event = selectors.event_get(visit=visit, pk=e_pk) if e_pk else None
    initial = _event_initial(event) or {"date": visit.arrival_date}
    form = EventForm(request.POST or None, visit=visit, initial=initial)

    def save(f):
        data = {k: f.cleaned_data.get(k) for k in services.EVENT_FIELDS}
        data["flag_layout"] = data.get("flag_layout") or ""
        data["flag_countries"] = list(f.cleaned_data.get("flag_countries") or [])
        return services.event_save(
            visit=visit,
            by=request.user,
            event=event,
            data=data,
            participants=f.cleaned_data.get("participants") or [],
            version=f.cleaned_data.get("version"),
        )

    def said(e):
        found = selectors.conflicts_for(e)
        if found:
            messages.warning(request, _("已保存，但有冲突：") + "；".join(found))
        return _("日程已保存（第 %(v)s 版）。") % {"v": visit.programme_version + 1}

    return form_page(
        request,
        form,
        save=save,
        template="visits/form.html",
        context={"title": _("日程活动"), "visit": visit, "back": reverse("visits:detail", args=[visit.pk])},
        done=reverse("visits:detail", args=[visit.pk]) + "#programme",
        message=said,
    )


@require_POST
@perm_required(CW)
def event_cancel(request, pk, e_pk):
    visit = selectors.visit_get(user=request.user, pk=pk)
    event = selectors.event_get(visit=visit, pk=e_pk)
    try:
        services.event_cancel(visit=visit, by=request.user, event=event)
    except REFUSALS as err:
        refuse(request, err)
    else:
        messages.success(request, _("活动已取消。"))
    return redirect(reverse("visits:detail", args=[visit.pk]) + "#programme")


@perm_required(CW)
def programme_print(request, pk):
    visit = selectors.visit_get(user=request.user, pk=pk)
    events = selectors.events_of(visit)
    lang = "en" if request.GET.get("lang") == "en" else "zh"
    return render(
        request,
        "visits/print_programme.html",
        {
            "visit": visit,
            "days": selectors.programme_days(events),
            "lang": lang,
            "printed": timezone.localtime(),
        },
    )


@require_POST
@perm_required(CW)
def programme_issue(request, pk):
    visit = selectors.visit_get(user=request.user, pk=pk)
    try:
        doc = services.programme_issue(visit=visit, by=request.user)
    except REFUSALS as err:
        refuse(request, err)
    else:
        messages.success(
            request, _("已印发日程 %(number)s（第 %(v)s 版）。") % {"number": doc.number, "v": doc.version}
        )
    return redirect(reverse("visits:detail", args=[visit.pk]) + "#documents")


@perm_required(CW)
def name_cards(request, pk):
    visit = selectors.visit_get(user=request.user, pk=pk)
    return render(
        request, "visits/print_cards.html", {"visit": visit, "participants": selectors.participants_of(visit)}
    )


# --- seating ----------------------------------------------------------------------------------------------
def _seating_context(visit, event, *, swap_form=None, warnings=None):
    plan = selectors.seating_plan(event)
    people = {str(p.pk): p for p in event.participants.all()}
    hosts = [p.as_protocol() for p in people.values() if p.side == "host"]
    guests = [p.as_protocol() for p in people.values() if p.side == "guest"]
    return {
        "visit": visit,
        "event": event,
        "plan": plan,
        "warnings": protocol.check_plan(plan) if plan and warnings is None else (warnings or []),
        "swap_form": swap_form
        or SeatSwapForm(seats=plan.seats if plan else [], initial={"version": event.version}),
        "introductions": protocol.introduction_order(hosts, guests),
        "edited": bool(event.seating),
        "flags": selectors.flag_arrangement(event),
    }


@perm_required(CW)
def seating(request, pk, e_pk):
    visit = selectors.visit_get(user=request.user, pk=pk)
    event = selectors.event_get(visit=visit, pk=e_pk)
    status = 200
    ctx = _seating_context(visit, event)
    if request.method == "POST" and ctx["plan"] is not None:
        form = SeatSwapForm(request.POST, seats=ctx["plan"].seats)
        if form.is_valid():
            try:
                services.seating_swap(
                    visit=visit,
                    by=request.user,
                    event=event,
                    seat_a=form.cleaned_data["seat_a"],
                    seat_b=form.cleaned_data["seat_b"],
                    version=form.cleaned_data.get("version"),
                )
            except REFUSALS as err:
                status = refuse(request, err, form=form)
                event = selectors.event_get(visit=visit, pk=e_pk)
                ctx = _seating_context(visit, event, swap_form=form)
            else:
                messages.success(request, _("座次已调整。"))
                return redirect("visits:seating", pk=visit.pk, e_pk=event.pk)
        else:
            status = 400
            ctx = _seating_context(visit, event, swap_form=form)
    ctx["can_plan"] = vp.may_plan(visit, request.user)
    ctx["rule_list"] = ctx["plan"].rules() if ctx["plan"] else []
    return render(request, "visits/seating.html", ctx, status=status)


@require_POST
@perm_required(CW)
def seating_reset(request, pk, e_pk):
    visit = selectors.visit_get(user=request.user, pk=pk)
    event = selectors.event_get(visit=visit, pk=e_pk)
    try:
        services.seating_reset(visit=visit, by=request.user, event=event)
    except REFUSALS as err:
        refuse(request, err)
    else:
        messages.success(request, _("已恢复按礼宾规则生成的座次。"))
    return redirect("visits:seating", pk=visit.pk, e_pk=event.pk)


@perm_required(CW)
def seating_print(request, pk, e_pk):
    visit = selectors.visit_get(user=request.user, pk=pk)
    event = selectors.event_get(visit=visit, pk=e_pk)
    ctx = _seating_context(visit, event)
    ctx["rule_list"] = ctx["plan"].rules() if ctx["plan"] else []
    ctx["printed"] = timezone.localtime()
    return render(request, "visits/print_seating.html", ctx)


# --- summary ----------------------------------------------------------------------------------------------
@perm_required(CW)
def summary(request, pk):
    visit = selectors.visit_get(user=request.user, pk=pk)
    initial = {name: getattr(visit, name) for name in services.SUMMARY_FIELDS}
    initial["version"] = visit.version
    form = SummaryForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        save=lambda f: services.summary_save(
            visit=visit,
            by=request.user,
            data={k: f.cleaned_data.get(k) or "" for k in services.SUMMARY_FIELDS},
            version=f.cleaned_data.get("version"),
        ),
        template="visits/form.html",
        context={"title": _("来访纪要"), "visit": visit, "back": reverse("visits:detail", args=[visit.pk])},
        done=reverse("visits:detail", args=[visit.pk]),
        message=_("纪要已保存，现在可以办结。"),
    )


@require_POST
@perm_required(CW)
def follow_up_add(request, pk):
    visit = selectors.visit_get(user=request.user, pk=pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "；".join(f"{form.fields[k].label}：{' '.join(v)}" for k, v in form.errors.items())
        )
        return redirect(reverse("visits:detail", args=[visit.pk]) + "#summary")
    try:
        services.follow_up_add(visit=visit, by=request.user, data=form.cleaned_data)
    except REFUSALS as err:
        refuse(request, err)
    else:
        messages.success(request, _("后续任务已布置。"))
    return redirect(reverse("visits:detail", args=[visit.pk]) + "#summary")


@require_POST
@perm_required(CW)
def follow_up_done(request, pk, f_pk):
    visit = selectors.visit_get(user=request.user, pk=pk)
    item = selectors.follow_up_get(visit=visit, pk=f_pk)
    try:
        services.follow_up_done(visit=visit, by=request.user, follow_up=item)
    except REFUSALS as err:
        refuse(request, err)
    else:
        messages.success(request, _("任务已完成。"))
    return redirect(reverse("visits:detail", args=[visit.pk]) + "#summary")


# --- gifts ------------------------------------------------------------------------------------------------
@perm_required(CW)
def gift_list(request):
    f = GiftFilter(request.GET, user=request.user)
    return render(
        request,
        "visits/gift_list.html",
        {
            "filter_form": f.form,
            "page_obj": paginate(request, f.qs),
            "can_record": vp.may_record_gift(request.user),
            "threshold": conf.GIFT_DECLARE_THRESHOLD,
            "months": conf.GIFT_DECLARE_MONTHS,
            "today": timezone.localdate(),
        },
    )


@perm_required(CW)
def gift_new(request):
    if not vp.may_record_gift(request.user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("您无权登记礼品。"))
    units = units_visible(request.user).order_by("name")
    visits = selectors.visit_list(user=request.user)
    initial = {"unit": request.user.unit_id, "direction": request.GET.get("direction", "received")}
    if request.GET.get("visit", "").isdigit():
        initial["visit"] = int(request.GET["visit"])
    form = GiftForm(request.POST or None, request.FILES or None, units=units, visits=visits, initial=initial)
    fields = services.GIFT_FIELDS
    return form_page(
        request,
        form,
        save=lambda f: services.gift_create(
            by=request.user, unit=f.cleaned_data["unit"], data={k: f.cleaned_data.get(k) for k in fields}
        ),
        template="visits/form.html",
        context={
            "title": _("登记礼品"),
            "back": reverse("visits:gift_list"),
            "multipart": True,
            "note": conf.GIFT_DECLARE_THRESHOLD.citation,
        },
        done=lambda g: reverse("visits:gift_detail", args=[g.pk]),
        message=_("礼品已登记。"),
    )


def _gift_context(request, gift, hand_in_form=None, photo_form=None):
    from apps.casework.reminders import sent_for

    from .services import reminder_days

    return {
        "gift": gift,
        "can_edit_photo": vp.may_edit_gift(gift, request.user),
        "photo_form": photo_form or GiftPhotoForm(),
        "hand_in_form": hand_in_form
        or HandInForm(initial={"version": gift.version, "handed_in_on": timezone.localdate()}),
        "reminders": reminder_days(gift.declaration_due) if gift.declaration_due else [],
        "sent": sent_for(gift),
        "threshold": conf.GIFT_DECLARE_THRESHOLD,
        "months": conf.GIFT_DECLARE_MONTHS,
        "sources": [conf.GIFT_GIVE_SOURCE, conf.GIFT_CASH_SOURCE, conf.GIFT_REPORT_SOURCE],
        "can_manage": request.user.has_perm("visits.gifts"),
        "can_approve": request.user.has_perm("casework.approve"),
        "budget": selectors.gift_budget(gift) if gift.direction == gift.Direction.GIVEN else None,
        "today": timezone.localdate(),
    }


@perm_required(CW)
def gift_detail(request, pk):
    gift = selectors.gift_get(user=request.user, pk=pk)
    return render(request, "visits/gift_detail.html", _gift_context(request, gift))


@require_POST
@perm_required(CW)
def gift_action(request, pk, action):
    gift = selectors.gift_get(user=request.user, pk=pk)
    status = 200
    form = None
    try:
        if action == "declare":
            services.gift_declare(gift=gift, by=request.user)
            messages.success(request, _("已申报。"))
        elif action == "approve":
            services.gift_approve(gift=gift, by=request.user)
            messages.success(request, _("已批准赠送。"))
        elif action == "hand_in":
            form = HandInForm(request.POST)
            if not form.is_valid():
                return render(
                    request, "visits/gift_detail.html", _gift_context(request, gift, form), status=400
                )
            services.gift_hand_in(
                gift=gift,
                by=request.user,
                handed_in_on=form.cleaned_data["handed_in_on"],
                disposition=form.cleaned_data["disposition"],
                version=form.cleaned_data.get("version"),
            )
            messages.success(request, _("已登记上交和处理方式。"))
        elif action == "upload_photo":
            form = GiftPhotoForm(request.POST, request.FILES)
            if not form.is_valid():
                return render(
                    request,
                    "visits/gift_detail.html",
                    _gift_context(request, gift, photo_form=form),
                    status=400,
                )
            services.gift_photo_set(gift=gift, by=request.user, upload=form.cleaned_data["photo"])
            messages.success(request, _("照片已上传。"))
        else:
            from django.http import Http404

            raise Http404
    except REFUSALS as err:
        gift = selectors.gift_get(user=request.user, pk=pk)
        status = refuse(request, err, form=form)
        forms = {"photo_form": form} if action == "upload_photo" else {"hand_in_form": form}
        return render(
            request, "visits/gift_detail.html", _gift_context(request, gift, **forms), status=status
        )
    return redirect("visits:gift_detail", pk=gift.pk)


@require_GET
@perm_required(CW)
def gift_photo(request, pk):
    """The gift's photo, for whoever may see the gift (the gift page's selector), audited; its type is
    recognised from its content, never taken from its name."""
    gift = selectors.gift_get(user=request.user, pk=pk)
    content, content_type = services.gift_photo_read(gift=gift, by=request.user)
    return photos.photo_response(gift, content, content_type)


@perm_required(CW)
def gift_report(request):
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    report = selectors.gift_year_report(user=request.user, year=year)
    return render(request, "visits/gift_report.html", {"r": report, "source": conf.GIFT_REPORT_SOURCE})


# --- the leaders' calendar -----------------------------------------------------------------------------
def _week_start(request) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        day = timezone.localdate()
    return day - dt.timedelta(days=day.weekday())


@perm_required("visits.view_calendar")
def calendar(request):
    view = "month" if request.GET.get("view") == "month" else "week"
    first = None
    leaders = list(selectors.leaders_for(user=request.user))
    leader = None
    if request.GET.get("leader", "").isdigit():
        leader = selectors.leader_get(user=request.user, pk=request.GET["leader"])
    if view == "month":
        try:
            first = dt.date.fromisoformat(request.GET.get("start", ""))
        except ValueError:
            first = timezone.localdate()
        first = first.replace(day=1)
        start = first - dt.timedelta(days=first.weekday())
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        end = nxt + dt.timedelta(days=(7 - nxt.weekday()) % 7)
        prev_start, next_start = (first - dt.timedelta(days=1)).replace(day=1), nxt
    else:
        start = _week_start(request)
        end = start + dt.timedelta(days=7)
        prev_start, next_start = start - dt.timedelta(days=7), end
    # the same FilterSet as the calendar API the widget reads (this grid is its no-JavaScript fallback)
    f = CalendarFilter(
        {"start": start, "end": end, "leader": leader.pk if leader else None}, user=request.user
    )
    entries = list(f.qs)
    clashes = selectors.calendar_conflicts(entries)
    days = []
    d = start
    while d < end:
        days.append(
            (
                d,
                [
                    e
                    for e in entries
                    if timezone.localtime(e.starts_at).date() <= d <= timezone.localtime(e.ends_at).date()
                ],
            )
        )
        d += dt.timedelta(days=1)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    template = "visits/calendar_print.html" if request.GET.get("print") else "visits/calendar.html"
    return render(
        request,
        template,
        {
            "view": view,
            "month_first": first,
            "weeks": weeks,
            "days": days,
            "leaders": leaders,
            "leader": leader,
            "clashes": clashes,
            "start": start,
            "end": end - dt.timedelta(days=1),
            "prev_start": prev_start,
            "next_start": next_start,
            "can_edit": request.user.has_perm("visits.calendar"),
            "today": timezone.localdate(),
        },
    )


@perm_required("visits.calendar")
def entry_edit(request, pk=None):
    entry = selectors.entry_get(user=request.user, pk=pk) if pk else None
    leaders = selectors.leaders_for(user=request.user)
    initial = {}
    if entry is not None:
        initial = {k: getattr(entry, k) for k in ("leader", "title", "location", "source", "notes")}
        initial["starts_at"] = timezone.localtime(entry.starts_at)
        initial["ends_at"] = timezone.localtime(entry.ends_at)
    form = EntryForm(request.POST or None, leaders=leaders, initial=initial)
    return form_page(
        request,
        form,
        save=lambda f: services.entry_save(
            by=request.user, entry=entry, data={k: f.cleaned_data.get(k) for k in services.ENTRY_FIELDS}
        ),
        template="visits/form.html",
        context={"title": _("外事日程"), "back": reverse("visits:calendar")},
        done=lambda e: (
            reverse("visits:calendar") + f"?start={timezone.localtime(e.starts_at).date():%Y-%m-%d}"
        ),
        message=_("日程已保存。"),
    )


LEADER_FIELDS = ("title", "name", "rank", "user", "order", "is_active")


@perm_required("visits.calendar")
def leader_list(request):
    """市领导名单: the leaders whose calendar the secretariat keeps, serving ones first."""
    return render(request, "visits/leader_list.html", {"leaders": selectors.leader_roster(user=request.user)})


@perm_required("visits.calendar")
def leader_edit(request, pk=None):
    leader = selectors.leader_roster_get(user=request.user, pk=pk) if pk else None
    initial = {k: getattr(leader, k) for k in LEADER_FIELDS} if leader else {}
    form = LeaderForm(request.POST or None, accounts=selectors.leader_accounts(), initial=initial)
    return form_page(
        request,
        form,
        save=lambda f: services.leader_save(
            by=request.user, leader=leader, data={k: f.cleaned_data[k] for k in LEADER_FIELDS}
        ),
        template="visits/leader_form.html",
        context={"title": _("编辑市领导") if leader else _("新增市领导"), "leader": leader},
        done="visits:leader_list",
        message=_("市领导名单已保存。"),
    )


@perm_required("visits.view_calendar")
def feeds(request):
    leaders = selectors.leaders_for(user=request.user)
    form = FeedForm(request.POST or None, leaders=leaders)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.feed_token_create(by=request.user, leader=form.cleaned_data["leader"])
        except REFUSALS as err:
            status = refuse(request, err, form=form)
        else:
            messages.success(request, _("已生成订阅地址。请妥善保管，不要转发。"))
            return redirect("visits:feeds")
    elif request.method == "POST":
        status = 400
    tokens = [
        (t, request.build_absolute_uri(reverse("visits_feed:ical", args=[t.token])))
        for t in selectors.feed_tokens(user=request.user)
    ]
    return render(request, "visits/feeds.html", {"form": form, "tokens": tokens}, status=status)


@require_POST
@perm_required("visits.view_calendar")
def feed_revoke(request, pk):
    token = selectors.feed_token_get(user=request.user, pk=pk)
    try:
        services.feed_token_revoke(by=request.user, token=token)
    except REFUSALS as err:
        refuse(request, err)
    else:
        messages.success(request, _("订阅已撤销，原地址立即失效。"))
    return redirect("visits:feeds")


def ical_feed(request, token):
    """The private iCalendar feed (no login: the secret token in the URL is the credential)."""
    feed = selectors.feed_by_token(token)
    if feed is None:
        return HttpResponse(_("订阅地址无效或已撤销。"), status=404, content_type="text/plain; charset=utf-8")
    body = ical.render(feed.leader, selectors.feed_entries(feed))
    services.feed_read(token=feed)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
