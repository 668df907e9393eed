"""Pages for the system administrator: rule packs (versions, rule settings, activation, parameter
import/export) and the expense-standards table (list, import with preview)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import ServiceError
from apps.core.pagination import paginate
from apps.web.decorators import perm_required
from apps.web.refusals import form_page, refuse

from . import engine, importers, selectors, services
from .filters import StandardFilter
from .forms import ImportUploadForm, RuleSettingForm

PERM = "reference.manage"
SESSION_KEY = "regulations_import"


@perm_required(PERM)
def pack_list(request):
    packs = list(selectors.pack_list())
    return render(
        request,
        "regulations/pack_list.html",
        {"packs": packs, "has_draft": any(p.is_draft for p in packs)},
    )


@perm_required(PERM)
@require_POST
def pack_create_draft(request):
    try:
        draft = services.pack_create_draft(by=request.user, notes=request.POST.get("notes", "")[:2000])
    except ServiceError as err:
        refuse(request, err)
        return redirect("regulations:pack_list")
    messages.success(request, _("已创建草稿 v%(v)s（复制自生效版本）。") % {"v": draft.version})
    return redirect("regulations:pack_detail", version=draft.version)


@perm_required(PERM)
def pack_detail(request, version):
    pack = selectors.pack_get(version=version)
    rules = list(pack.rules.order_by("order", "rule_id"))
    for r in rules:
        spec = engine.RULES.get(r.rule_id)
        r.scope = spec.scope if spec else ""
    return render(request, "regulations/pack_detail.html", {"pack": pack, "rules": rules})


@perm_required(PERM)
@require_POST
def pack_activate(request, version):
    pack = selectors.pack_get(version=version)
    try:
        services.pack_activate(pack=pack, by=request.user)
    except ServiceError as err:
        refuse(request, err)
    else:
        messages.success(request, _("规则包 v%(v)s 已生效，此后的检查按此版本进行。") % {"v": pack.version})
    return redirect("regulations:pack_detail", version=pack.version)


@perm_required(PERM)
def rule_edit(request, version, rule_id):
    pack = selectors.pack_get(version=version)
    setting = pack.rules.filter(rule_id=rule_id).first()
    if setting is None:
        raise Http404
    if not pack.is_draft:
        messages.error(request, _("只能修改草稿规则包；请先从生效版本创建草稿。"))
        return redirect("regulations:pack_detail", version=pack.version)
    if request.method == "POST":
        form = RuleSettingForm(request.POST, setting=setting)
    else:
        form = RuleSettingForm(initial=RuleSettingForm.initial_for(setting), setting=setting)
    return form_page(
        request,
        form,
        save=lambda form: services.rule_setting_update(
            setting=setting, by=request.user, edit_token=form.edit_token, **form.cleaned_data
        ),
        template="regulations/rule_form.html",
        context={"pack": pack, "setting": setting},
        message=_("规则 %(r)s 已保存（草稿 v%(v)s）。") % {"r": rule_id, "v": pack.version},
        done=reverse("regulations:pack_detail", args=[pack.version]),
    )


@perm_required(PERM)
def rules_export(request, version, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    pack = selectors.pack_get(version=version)
    data, content_type = importers.export_rules(pack, fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="rules-v{pack.version}.{fmt}"'
    return response


def _upload_preview(request, *, kind, parse, template, context, confirm, back):
    """Shared upload → preview → confirm flow; the preview waits in the session until confirmed."""
    if request.method == "POST" and request.POST.get("action") == "confirm":
        stash = request.session.get(SESSION_KEY)
        if not stash or stash.get("kind") != kind:
            messages.error(request, _("预览已失效，请重新上传文件。"))
            return redirect(request.path)
        try:
            message = confirm(stash)
        except ServiceError as err:
            refuse(request, err)
            return redirect(request.path)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, message)
        return redirect(back)
    preview = None
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            f = form.cleaned_data["file"]
            try:
                preview = parse(f.read(), f.name)
            except importers.ImportFileError as err:
                form.add_error("file", str(err))
            else:
                request.session[SESSION_KEY] = {"kind": kind, "preview": preview, "filename": f.name[:200]}
    else:
        form = ImportUploadForm()
    return render(request, template, {**context, "form": form, "preview": preview})


@perm_required(PERM)
def rules_import(request, version):
    pack = selectors.pack_get(version=version)
    if not pack.is_draft:
        messages.error(request, _("只能向草稿规则包导入参数。"))
        return redirect("regulations:pack_detail", version=pack.version)

    def confirm(stash):
        n = services.rules_import_apply(
            pack=pack, preview=stash["preview"], by=request.user, filename=stash["filename"]
        )
        return _("已更新 %(n)s 条规则设置。") % {"n": n}

    return _upload_preview(
        request,
        kind=f"rules:{pack.version}",
        parse=lambda data, name: importers.parse_rules(data, name, pack),
        template="regulations/rules_import.html",
        context={"pack": pack},
        confirm=confirm,
        back=reverse("regulations:pack_detail", args=[pack.version]),
    )


@perm_required(PERM)
def standard_list(request):
    f = StandardFilter(request.GET, user=request.user)
    page = paginate(request, f.qs)
    return render(
        request,
        "regulations/standard_list.html",
        {"form": f.form, "page_obj": page, "standards": page.object_list, "total": page.paginator.count},
    )


@perm_required(PERM)
def standards_template(request):
    """The Excel template of the whole expense-standards table (every destination, the rows on file)."""
    data = importers.standards_template(
        countries=selectors.standard_template_countries(), standards=selectors.standard_list()
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="expense-standards-template.xlsx"'
    return response


@perm_required(PERM)
def standards_import(request):
    def confirm(stash):
        result = services.standards_import_apply(
            preview=stash["preview"], by=request.user, filename=stash["filename"]
        )
        return _("已新增 %(a)s 条、更新 %(u)s 条开支标准。") % {"a": result["added"], "u": result["updated"]}

    return _upload_preview(
        request,
        kind="standards",
        parse=importers.parse_standards,
        template="regulations/standards_import.html",
        context={},
        confirm=confirm,
        back=reverse("regulations:standard_list"),
    )
