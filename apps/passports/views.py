from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import ServiceError
from apps.core.filters import identifier_search_redirect
from apps.core.pagination import paginate
from apps.exports.views import start_export
from apps.people.selectors import person_get
from apps.web.decorators import perm_required
from apps.web.refusals import refuse

from . import conf, exporters, selectors, services
from .filters import PassportFilter
from .forms import (
    ApplicationForm,
    CancelForm,
    CheckInForm,
    CheckOutForm,
    EndorsementForm,
    LoanForm,
    LossForm,
    PassportForm,
    RenewForm,
)
from .models import Kind

LISTS = exporters.LISTS


def _list(request, which):
    today = timezone.localdate()
    filter_form = None
    if which == "register":
        # a passport number never travels in the URL: the search is posted, pages with a sealed token
        if sealed := identifier_search_redirect(request, PassportFilter):
            return sealed
        f = PassportFilter(request.GET, user=request.user, today=today)
        qs, filter_form = f.qs, f.form
    else:
        qs = exporters.queryset(which, user=request.user, today=today)
    ctx = {
        "which": which,
        "lists": LISTS,
        "title": LISTS[which],
        "filter_form": filter_form,
        # Keys first: the lists sort on joined columns (holder's pinyin, the check-out's due date), so the
        # database sorts narrow keys and joins holder, unit and clerk for the 25 rows shown only (the
        # overdue list at 300,000 passports: 109 ms → see benchmarks/RESULTS.md); counts stop at 10,000.
        "page_obj": paginate(request, selectors.list_rows(qs), keys_first=True),
        "today": today,
        "can_manage": request.user.has_perm("passports.manage"),
        "months": conf.EXPIRY_WARNING_MONTHS.value,
        "export_kind": exporters.kind_for(which),
    }
    if which == "overdue":
        ctx["suspend_days"] = conf.SUSPEND_AFTER_OVERDUE_DAYS.value
        ctx["suspend_citation"] = conf.SUSPEND_AFTER_OVERDUE_DAYS.citation
    if which == "expiring":
        ctx["expiry_citation"] = conf.EXPIRY_WARNING_MONTHS.citation
    return render(request, "passports/passport_list.html", ctx)


@perm_required("passports.view")
def register(request):
    return _list(request, "register")


@perm_required("passports.view")
def expiring(request):
    return _list(request, "expiring")


@perm_required("passports.view")
def out(request):
    return _list(request, "out")


@perm_required("passports.view")
def overdue(request):
    return _list(request, "overdue")


@perm_required("passports.view")
def export_xlsx(request, which):
    """The old export link: starts the export through ``apps.exports`` (list "passports.<which>")."""
    if which not in LISTS:
        return redirect("passports:register")
    return start_export(
        request, kind=exporters.kind_for(which), params=request.GET, fallback=f"passports:{which}"
    )


def _detail_ctx(request, passport, **forms):
    user = request.user
    ctx = {
        "passport": passport,
        "today": timezone.localdate(),
        "events": selectors.custody_log(passport=passport),
        "endorsements": passport.endorsements.all(),
        "can_change": user.has_perm("passports.change_passport", passport),
        "can_reveal": user.has_perm("passports.reveal_passport", passport),
        "status": passport.effective_status(),
        "is_permit": passport.kind == Kind.HK_MACAO_PERMIT,
    }
    ctx.update(forms)
    return ctx


@perm_required("passports.view")
def detail(request, pk):
    passport = selectors.passport_get(user=request.user, pk=pk)
    return render(request, "passports/passport_detail.html", _detail_ctx(request, passport))


@require_POST
@perm_required("passports.view")
def reveal(request, pk):
    passport = selectors.passport_get(user=request.user, pk=pk)
    number = services.reveal_number(passport=passport, by=request.user, purpose=_("证照详情页查看"))
    return render(request, "passports/partials/number.html", {"passport": passport, "number": number})


def _refused(request, form, err: ServiceError) -> int:
    """The refusal on the field it is about (its code names the field), else above the form."""
    return refuse(request, err, form=form, field=err.code if err.code in form.fields else None)


@perm_required("passports.manage")
def create(request):
    initial = {}
    if request.GET.get("holder"):
        initial["holder"] = person_get(user=request.user, pk=request.GET["holder"]).pk
    form = PassportForm(request.POST or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            passport = services.passport_create(by=request.user, **data)
        except ServiceError as err:
            status = _refused(request, form, err)
        except PermissionDenied:
            status = refuse(
                request, PermissionDenied(_("您不能为该人员登记证照。")), form=form, field="holder"
            )
        else:
            messages.success(request, _("证照已登记入库。"))
            return redirect("passports:detail", pk=passport.pk)
    return render(
        request,
        "passports/passport_form.html",
        {"form": form, "passport": None, "heading": _("登记证照")},
        status=status,
    )


def _action(request, pk, form_class, run, heading, success, **form_kwargs):
    """GET: the action's form page; POST: run the service, or show the form again with the error."""
    passport = selectors.passport_get(user=request.user, pk=pk)
    if not request.user.has_perm("passports.change_passport", passport):
        raise PermissionDenied
    form = form_class(request.POST or None, **form_kwargs)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            run(passport, form.cleaned_data)
        except ServiceError as err:
            status = _refused(request, form, err)
        else:
            messages.success(request, success)
            return redirect("passports:detail", pk=passport.pk)
    return render(
        request,
        "passports/passport_form.html",
        {"form": form, "passport": passport, "heading": heading},
        status=status,
    )


@perm_required("passports.manage")
def edit(request, pk):
    passport = selectors.passport_get(user=request.user, pk=pk)
    initial = {
        f: getattr(passport, f)
        for f in ("issue_date", "expiry_date", "issuing_authority", "mrz_line1", "mrz_line2", "notes")
    }

    def run(p, data):
        services.passport_update(
            passport=p, by=request.user, data=data, edit_token=request.POST.get("edit_token") or None
        )

    return _action(
        request,
        pk,
        PassportForm,
        run,
        _("修改证照信息"),
        _("已保存。"),
        user=request.user,
        edit=True,
        initial=initial,
        edit_object=passport,
    )


@perm_required("passports.manage")
def check_out(request, pk):
    def run(p, data):
        services.check_out(
            passport=p,
            case=data["case"],
            due_back=data["due_back"],
            by=request.user,
            purpose=data.get("purpose", ""),
        )

    return _action(request, pk, CheckOutForm, run, _("借出证照"), _("已借出。"), user=request.user)


@perm_required("passports.manage")
def check_in(request, pk):
    def run(p, data):
        services.check_in(passport=p, by=request.user, note=data.get("note", ""))

    return _action(request, pk, CheckInForm, run, _("交回入库"), _("已交回入库。"))


@perm_required("passports.manage")
def report_loss(request, pk):
    def run(p, data):
        services.report_loss(passport=p, statement=data["statement"], by=request.user)

    return _action(request, pk, LossForm, run, _("挂失证照"), _("已挂失，该证照宣布作废。"))


@perm_required("passports.manage")
def cancel(request, pk):
    def run(p, data):
        services.cancel(passport=p, reason=data["reason"], by=request.user)

    return _action(request, pk, CancelForm, run, _("注销证照"), _("已注销。"))


@perm_required("passports.manage")
def renew(request, pk):
    created = {}

    def run(p, data):
        created["p"] = services.renew(
            passport=p,
            by=request.user,
            number=data["number"],
            issue_date=data["issue_date"],
            expiry_date=data["expiry_date"],
            issuing_authority=data["issuing_authority"],
            mrz_line1=data.get("mrz_line1", ""),
            mrz_line2=data.get("mrz_line2", ""),
        )

    response = _action(
        request, pk, RenewForm, run, _("换发证照"), _("已换发，新证照已登记入库。"), user=request.user
    )
    if "p" in created:
        return redirect("passports:detail", pk=created["p"].pk)
    return response


@perm_required("passports.manage")
def endorsement_add(request, pk):
    def run(p, data):
        services.endorsement_add(passport=p, by=request.user, **data)

    return _action(request, pk, EndorsementForm, run, _("登记签注"), _("签注已登记。"))


@perm_required("passports.view")
def suspensions(request):
    """Units barred from new applications because of a passport overdue beyond the limit."""
    from apps.accounts.scope import PEOPLE, units_visible

    today = timezone.localdate()
    units = (
        units_visible(request.user, realm=PEOPLE, include_inactive=True)
        .filter(people__passports__status__in=("out", "overdue"))
        .distinct()
    )
    rows = []
    for unit in units:
        suspended, passports = selectors.unit_suspended(unit, today)
        if suspended:
            rows.append({"unit": unit, "passports": passports})
    return render(
        request,
        "passports/suspensions.html",
        {
            "rows": rows,
            "today": today,
            "days": conf.SUSPEND_AFTER_OVERDUE_DAYS.value,
            "citation": conf.SUSPEND_AFTER_OVERDUE_DAYS.citation,
            "enabled": conf.SUSPENSION_ENABLED.value,
            "lists": LISTS,
            "which": "suspensions",
        },
    )


# --- tripapi: applications in progress, loans from before the system ----------------------------------
@perm_required("passports.manage")
def register_loan(request, pk):
    """A passport already out on loan when the register started, with its real dates."""

    def run(p, data):
        services.register_loan(
            passport=p,
            by=request.user,
            out_since=data["out_since"],
            due_back=data["due_back"],
            purpose=data["purpose"],
        )

    return _action(request, pk, LoanForm, run, _("补登系统启用前的借出"), _("已登记借出。"))


@perm_required("passports.view")
def applications(request):
    """Passport applications in progress (在办申请)."""
    page = paginate(request, selectors.application_list(user=request.user))
    return render(
        request,
        "passports/application_list.html",
        {"page_obj": page, "can_manage": request.user.has_perm("passports.manage")},
    )


@perm_required("passports.manage")
def application_create(request):
    form = ApplicationForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.application_record(by=request.user, **form.cleaned_data)
        except ServiceError as err:
            status = _refused(request, form, err)
        except PermissionDenied:
            status = refuse(
                request, PermissionDenied(_("您不能为该人员登记证照。")), form=form, field="holder"
            )
        else:
            messages.success(request, _("已登记在办的证照申请。"))
            return redirect("passports:applications")
    return render(
        request,
        "passports/passport_form.html",
        {"form": form, "passport": None, "heading": _("登记在办的证照申请")},
        status=status,
    )


@require_POST
@perm_required("passports.manage")
def application_withdraw(request, pk):
    application = selectors.application_get(user=request.user, pk=pk)
    try:
        services.application_close(application=application, by=request.user, outcome="withdrawn")
    except ServiceError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("申请已撤回。"))
    return redirect("passports:applications")
